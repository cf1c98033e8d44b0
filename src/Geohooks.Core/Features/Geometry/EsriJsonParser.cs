using System.Text.Json;
using NetTopologySuite.Geometries;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>What the parser demands and keeps. A null <see cref="Expected"/> takes the type the JSON's keys show.</summary>
internal sealed record ParseRules(GeometryType? Expected, bool RequireZ = false, bool RequireM = false, bool KeepZ = true, bool KeepM = true)
{
    /// <summary>An edit keeps exactly the ordinates its layer stores, and must supply them.</summary>
    public static ParseRules For(GeometryRequirements layer) => new(layer.Type, layer.HasZ, layer.HasM, layer.HasZ, layer.HasM);
}

/// <summary>
/// Reads one Esri JSON geometry object (spec §6) into packed NTS sequences. Failures throw
/// <see cref="Geohooks.Core.Errors.ArcGisException"/> carrying the applyEdits code (1015, 1014, 1002, 1005); the
/// public reader re-wraps them. One instance per geometry: it counts vertices against <see cref="MaxVertices"/>.
/// </summary>
internal sealed partial class EsriJsonParser(ParseRules rules)
{
    /// <summary>A cap on vertices per geometry, so one request cannot make us allocate without bound.</summary>
    public const int MaxVertices = 1_000_000;

    private int vertices;

    public EsriGeometry Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw GeometryErrors.NotSettable("a geometry must be a JSON object");
        }

        if (json.TryGetProperty("curvePaths", out _) || json.TryGetProperty("curveRings", out _))
        {
            throw GeometryErrors.Curves();
        }

        var type = TypeOf(json);
        if (rules.Expected is { } expected && expected != type)
        {
            throw GeometryErrors.NotSettable($"an {type.WireName()} was given where an {expected.WireName()} is expected");
        }

        NtsGeometry geometry = type switch
        {
            GeometryType.Point => ReadPoint(json),
            GeometryType.Multipoint => ReadMultipoint(json),
            GeometryType.Polyline => ReadPolyline(json),
            GeometryType.Polygon => ReadPolygon(json),
            _ => ReadEnvelope(json),
        };
        return new EsriGeometry(geometry, type, ReadSpatialReference(json));
    }

    private static GeometryType TypeOf(JsonElement json)
    {
        foreach (var (key, type) in ShapeKeys)
        {
            if (json.TryGetProperty(key, out _))
            {
                return type;
            }
        }

        throw GeometryErrors.NotSettable("no geometry found: expected one of x, points, paths, rings or xmin");
    }

    private static readonly (string Key, GeometryType Type)[] ShapeKeys =
    [
        ("rings", GeometryType.Polygon),
        ("paths", GeometryType.Polyline),
        ("points", GeometryType.Multipoint),
        ("xmin", GeometryType.Envelope),
        ("x", GeometryType.Point),
    ];

    private Point ReadPoint(JsonElement json)
    {
        var x = json.GetProperty("x");
        if (x.ValueKind == JsonValueKind.Null)
        {
            return Shapes.Factory.CreatePoint(Shapes.Sequences.Create(0, 2, 0));
        }

        // A point says what it carries by its keys; "m": null is a point with an unknown measure.
        var hasZ = json.TryGetProperty("z", out var z) && z.ValueKind != JsonValueKind.Null;
        var hasM = json.TryGetProperty("m", out var m);
        var layout = Demand(hasZ, hasM, isEmpty: false);
        Count(1);
        var packed = new double[layout.Dimension];
        packed[0] = Number(x, "x");
        packed[1] = Number(Property(json, "y"), "y");
        var zValue = hasZ ? Number(z, "z") : double.NaN;
        var mValue = hasM && m.ValueKind != JsonValueKind.Null ? Number(m, "m") : double.NaN;
        layout.Store(packed, zValue, mValue);
        return Shapes.Factory.CreatePoint(Shapes.Sequences.Create(packed, layout.Dimension, layout.Measures));
    }

    private MultiPoint ReadMultipoint(JsonElement json)
    {
        var points = Parts(json, "points");
        var layout = LayoutOf(json, FirstPosition(points, nested: false));
        return Shapes.Factory.CreateMultiPoint(ReadSequence(points, layout, "the multipoint", closeRing: false));
    }

    private NtsGeometry ReadPolyline(JsonElement json)
    {
        var paths = Parts(json, "paths");
        var layout = LayoutOf(json, FirstPosition(paths, nested: true));
        var lines = ReadParts(paths, layout, "path", closeRing: false, minimum: 2);
        return lines.Count switch
        {
            0 => Shapes.Factory.CreateLineString(),
            1 => Shapes.Factory.CreateLineString(lines[0]),
            _ => Shapes.Factory.CreateMultiLineString([.. lines.Select(Shapes.Factory.CreateLineString)]),
        };
    }

    private NtsGeometry ReadPolygon(JsonElement json)
    {
        var rings = Parts(json, "rings");
        var layout = LayoutOf(json, FirstPosition(rings, nested: true));
        return RingClassifier.Build(ReadParts(rings, layout, "ring", closeRing: true, minimum: 4));
    }

    private List<CoordinateSequence> ReadParts(JsonElement parts, Layout layout, string kind, bool closeRing, int minimum)
    {
        var sequences = new List<CoordinateSequence>();
        var index = 0;
        foreach (var part in parts.EnumerateArray())
        {
            index++;
            var sequence = ReadSequence(part, layout, $"{kind} {index}", closeRing);

            // An empty part says nothing; ArcGIS's simplify drops it too.
            if (sequence.Count == 0)
            {
                continue;
            }

            if (sequence.Count < minimum)
            {
                throw GeometryErrors.NotSettable($"{kind} {index} has {sequence.Count} points{(closeRing ? " once closed" : "")}; a {kind} needs at least {minimum}");
            }

            sequences.Add(sequence);
        }

        return sequences;
    }

    private NtsGeometry ReadEnvelope(JsonElement json)
    {
        var xmin = json.GetProperty("xmin");
        if (xmin.ValueKind == JsonValueKind.Null)
        {
            return Shapes.Factory.CreatePolygon();
        }

        // zmin/zmax/mmin/mmax may come along; a filter rectangle has no use for them.
        Count(5);
        var envelope = new Envelope(
            Number(xmin, "xmin"),
            Number(Property(json, "xmax"), "xmax"),
            Number(Property(json, "ymin"), "ymin"),
            Number(Property(json, "ymax"), "ymax"));
        return Shapes.Factory.ToGeometry(envelope);
    }

    private static SpatialReference? ReadSpatialReference(JsonElement json)
    {
        if (!json.TryGetProperty("spatialReference", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return SpatialReference.TryRead(value, out var spatialReference)
            ? spatialReference
            : throw GeometryErrors.NotSettable("the geometry's spatialReference is invalid");
    }

    private static JsonElement Parts(JsonElement json, string name)
    {
        var parts = json.GetProperty(name);
        return parts.ValueKind == JsonValueKind.Array ? parts : throw GeometryErrors.NotSettable($"'{name}' must be an array");
    }

    private static JsonElement Property(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value : default;
}
