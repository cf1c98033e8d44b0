using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geohooks.Core.Errors;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Where;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// A Geohooks extension of feature-service webhooks: fire only for changes to features that match an attribute
/// filter (<see cref="Where"/>, the query <c>where</c> dialect) and/or a spatial filter (<see cref="Geometry"/> with
/// <see cref="SpatialRel"/>), before or after the edit. <see cref="Layers"/> limits the filter (and the webhook) to
/// those layers; null means every layer. The webhook parameter is <c>filter</c>, a JSON object with these names.
/// </summary>
public sealed record HookFilter
{
    public string? Where { get; init; }

    /// <summary>The geometry as Esri JSON text (or the query shorthands <c>x,y</c> / <c>xmin,ymin,xmax,ymax</c>).</summary>
    public string? Geometry { get; init; }

    public string? GeometryType { get; init; }

    /// <summary>The <c>spatialRel</c> wire name; null means intersects.</summary>
    public string? SpatialRel { get; init; }

    /// <summary>The geometry's spatial reference (wkid or JSON) when the geometry does not carry one.</summary>
    public string? InSR { get; init; }

    public IReadOnlyList<int>? Layers { get; init; }

    public bool IsEmpty => Where is null && Geometry is null && Layers is null;

    /// <summary>Parses the <c>filter</c> parameter's JSON shape; null or blank means no filter.</summary>
    public static HookFilter? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw Invalid("must be a JSON object.");
        }
        catch (JsonException)
        {
            throw Invalid("is not valid JSON.");
        }

        return FromJson(root);
    }

    /// <summary>The filter of a JSON object already parsed (a stored webhook's config); null when it sets nothing.</summary>
    internal static HookFilter? FromJson(JsonObject root)
    {
        foreach (var (name, _) in root)
        {
            if (name is not ("where" or "geometry" or "geometryType" or "spatialRel" or "inSR" or "layers"))
            {
                throw Invalid($"'{name}' is not a filter property; use where, geometry, geometryType, spatialRel, inSR and layers.");
            }
        }

        var filter = new HookFilter
        {
            Where = Text(root, "where"),
            Geometry = root["geometry"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
                JsonObject o => o.ToJsonString(),
                _ => throw Invalid("geometry must be an Esri JSON geometry object."),
            },
            GeometryType = Text(root, "geometryType"),
            SpatialRel = Text(root, "spatialRel"),
            InSR = root["inSR"] switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonObject o => o.ToJsonString(),
                _ => throw Invalid("inSR must be a wkid or a spatial reference object."),
            },
            Layers = root["layers"] switch
            {
                null => null,
                JsonArray a => [.. a.Select(LayerId)],
                _ => throw Invalid("layers must be an array of layer ids."),
            },
        };
        if (filter.Geometry is null && (filter.GeometryType ?? filter.SpatialRel ?? filter.InSR) is not null)
        {
            throw Invalid("geometryType, spatialRel and inSR need a geometry.");
        }

        return filter.IsEmpty ? null : filter;
    }

    /// <summary>
    /// Checks the filter against the service: the layers exist, the where clause is valid for each filtered layer's
    /// fields, the geometry and relation parse. Returns the filter unchanged.
    /// </summary>
    public HookFilter Validate(FeatureService service)
    {
        var layers = Layers is null ? service.Layers : [.. Layers.Select(id => service.Layers.FirstOrDefault(l => l.Id == id) ?? throw Invalid($"layer {id} does not exist in the service."))];
        if (Where is not null)
        {
            foreach (var layer in layers)
            {
                try
                {
                    WhereParser.Parse(Where, layer.Definition.Fields, new WhereContext(null) { ParameterName = "filter.where" });
                }
                catch (ArcGisException e)
                {
                    throw Invalid($"where is not valid for layer {layer.Id}: {string.Join(" ", e.Details)}");
                }
            }
        }

        if (Geometry is not null)
        {
            _ = SpatialFilterFor(layers.Count > 0 ? FeatureShapes.LayerSpatialReference(layers[0].Definition) : SpatialReference.WebMercator);
        }

        return this;
    }

    /// <summary>The spatial filter in the layer's spatial reference; null without a geometry.</summary>
    public SpatialFilter? SpatialFilterFor(SpatialReference layerSpatialReference)
    {
        if (Geometry is null)
        {
            return null;
        }

        try
        {
            var type = GeometryType is null ? (GeometryType?)null
                : GeometryTypes.TryParse(GeometryType, out var parsed) ? parsed : throw Invalid("geometryType is not a geometry type.");
            var geometry = EsriJsonGeometryReader.ParseQueryGeometry(Geometry, type, "filter.geometry");
            var inSR = geometry.SpatialReference ?? SpatialReference.Parse(InSR, "filter.inSR") ?? layerSpatialReference;
            var projected = Projection.Project(geometry.Geometry, inSR, layerSpatialReference, "filter.inSR");
            return SpatialFilter.Create(projected, layerSpatialReference, SpatialRel);
        }
        catch (ArcGisException e) when (e.Details.Count > 0 && !e.Details[0].StartsWith("'filter'", StringComparison.Ordinal))
        {
            throw Invalid(string.Join(" ", e.Details));
        }
    }

    /// <summary>The JSON form stored with the webhook and shown in its JSON.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (Where is not null)
        {
            o["where"] = Where;
        }

        if (Geometry is not null)
        {
            o["geometry"] = Geometry.TrimStart().StartsWith('{') ? JsonNode.Parse(Geometry) : Geometry;
        }

        if (GeometryType is not null)
        {
            o["geometryType"] = GeometryType;
        }

        if (SpatialRel is not null)
        {
            o["spatialRel"] = SpatialRel;
        }

        if (InSR is not null)
        {
            o["inSR"] = InSR.TrimStart().StartsWith('{') ? JsonNode.Parse(InSR) : InSR;
        }

        if (Layers is not null)
        {
            o["layers"] = new JsonArray([.. Layers.Select(l => (JsonNode)l)]);
        }

        return o;
    }

    private static string? Text(JsonObject root, string name) => root[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
        _ => throw Invalid($"{name} must be a string."),
    };

    private static int LayerId(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<int>(out var id) || (v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out id))) && id >= 0
            ? id
            : throw Invalid("layers must be an array of layer ids.");

    private static ArcGisException Invalid(string why) => Errors.Errors.InvalidParameter("filter", why);
}
