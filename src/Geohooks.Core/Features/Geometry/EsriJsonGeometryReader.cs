using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Errors;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// Esri JSON → NTS (spec §6). Query-side methods throw the 400 envelope naming the parameter; the edit-side
/// method returns the applyEdits error code instead (1015 wrong or broken shape, 1014 no Z, 1002 no M,
/// 1005 true curves). No other exception escapes, whatever the input.
/// </summary>
public static class EsriJsonGeometryReader
{
    public const int MaxVertices = EsriJsonParser.MaxVertices;

    /// <summary>Reads a geometry JSON value; <paramref name="expected"/> null accepts any type.</summary>
    public static EsriGeometry Read(JsonElement json, GeometryType? expected, string parameterName)
    {
        try
        {
            return Guarded(new ParseRules(expected), json);
        }
        catch (ArcGisException e) when (e.Code != 400)
        {
            throw GeometryErrors.Invalid(parameterName, GeometryErrors.Reason(e));
        }
    }

    /// <summary>
    /// Reads the query <c>geometry</c> parameter: Esri JSON, or the simple syntax <c>xmin,ymin,xmax,ymax</c>
    /// (envelope) and <c>x,y</c> (point). <paramref name="geometryType"/> is the <c>geometryType</c> parameter;
    /// pass null when the client did not send one, and the JSON's keys (or the number count) decide.
    /// </summary>
    public static EsriGeometry ParseQueryGeometry(string text, GeometryType? geometryType, string parameterName = "geometry")
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw GeometryErrors.Invalid(parameterName, "the geometry is blank");
        }

        if (trimmed[0] != '{')
        {
            return ParseSimpleSyntax(trimmed, geometryType, parameterName);
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return Read(document.RootElement, geometryType, parameterName);
        }
        catch (JsonException)
        {
            throw GeometryErrors.Invalid(parameterName, "the geometry is not valid JSON");
        }
    }

    /// <summary>
    /// Reads an applyEdits feature's <c>geometry</c> for a layer: the type must match, Z and M must be present when
    /// the layer stores them, and ordinates the layer does not store are dropped. JSON null is a feature without shape.
    /// </summary>
    public static GeometryEditResult ReadForEdit(JsonElement json, GeometryRequirements layer)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return GeometryEditResult.Success(null, null);
        }

        try
        {
            var read = Guarded(ParseRules.For(layer), json);
            return GeometryEditResult.Success(read.Geometry, read.SpatialReference);
        }
        catch (ArcGisException e)
        {
            var code = e.Code == 400 ? GeometryEditError.NotSettable : e.Code;
            return GeometryEditResult.Failure(new GeometryEditError(code, code == e.Code ? e.Message : "Geometry could not be set.", GeometryErrors.Reason(e)));
        }
    }

    // NTS rejects a few shapes our checks already exclude (short rings, bad topology); should one slip through,
    // it is still the client's broken geometry, so it becomes 1015 rather than a 500.
    private static EsriGeometry Guarded(ParseRules rules, JsonElement json)
    {
        try
        {
            return new EsriJsonParser(rules).Parse(json);
        }
        catch (ArgumentException e)
        {
            throw GeometryErrors.NotSettable(e.Message);
        }
        catch (TopologyException e)
        {
            throw GeometryErrors.NotSettable(e.Message);
        }
    }

    private static EsriGeometry ParseSimpleSyntax(string text, GeometryType? geometryType, string parameterName)
    {
        var parts = text.Split(',');
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                throw GeometryErrors.Invalid(parameterName, "expected Esri JSON, 'xmin,ymin,xmax,ymax' or 'x,y' with finite numbers");
            }
        }

        var type = (numbers.Length, geometryType) switch
        {
            (4, null or GeometryType.Envelope) => GeometryType.Envelope,
            (2, null or GeometryType.Point) => GeometryType.Point,
            _ => throw GeometryErrors.Invalid(
                parameterName,
                $"the simple syntax gives an envelope as 4 numbers or a point as 2, not {numbers.Length} numbers for {(geometryType ?? GeometryType.Envelope).WireName()}"),
        };
        NetTopologySuite.Geometries.Geometry geometry = type == GeometryType.Envelope
            ? Shapes.Factory.ToGeometry(new Envelope(numbers[0], numbers[2], numbers[1], numbers[3]))
            : Shapes.Factory.CreatePoint(Shapes.Sequences.Create(numbers, 2, 0));
        return new EsriGeometry(geometry, type, null);
    }
}
