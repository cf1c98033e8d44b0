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
internal sealed class EsriJsonParser(ParseRules rules)
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
        var lines = new List<LineString>();
        var index = 0;
        foreach (var path in paths.EnumerateArray())
        {
            index++;
            var sequence = ReadSequence(path, layout, $"path {index}", closeRing: false);
            if (sequence.Count == 1)
            {
                throw GeometryErrors.NotSettable($"path {index} has one point; a path needs at least 2");
            }

            // An empty part says nothing; ArcGIS's simplify drops it too.
            if (sequence.Count > 0)
            {
                lines.Add(Shapes.Factory.CreateLineString(sequence));
            }
        }

        return lines.Count switch
        {
            0 => Shapes.Factory.CreateLineString(),
            1 => lines[0],
            _ => Shapes.Factory.CreateMultiLineString([.. lines]),
        };
    }

    private NtsGeometry ReadPolygon(JsonElement json)
    {
        var ringsJson = Parts(json, "rings");
        var layout = LayoutOf(json, FirstPosition(ringsJson, nested: true));
        var rings = new List<CoordinateSequence>();
        var index = 0;
        foreach (var ring in ringsJson.EnumerateArray())
        {
            index++;
            var sequence = ReadSequence(ring, layout, $"ring {index}", closeRing: true);
            if (sequence.Count is > 0 and < 4)
            {
                throw GeometryErrors.NotSettable($"ring {index} has fewer than 4 points once closed");
            }

            if (sequence.Count > 0)
            {
                rings.Add(sequence);
            }
        }

        return RingClassifier.Build(rings);
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

    /// <summary>
    /// The flags govern. Without either flag we trust the arrays ([x,y,z] is 3D, [x,y,z,m] has both): clients that
    /// convert from GeoJSON often send Z and forget hasZ, and dropping their heights silently would be worse.
    /// </summary>
    private Layout LayoutOf(JsonElement json, JsonElement? firstPosition)
    {
        var hasZ = Flag(json, "hasZ");
        var hasM = Flag(json, "hasM");
        if (hasZ is null && hasM is null && firstPosition is { ValueKind: JsonValueKind.Array } first)
        {
            var length = first.GetArrayLength();
            return Demand(length >= 3, length >= 4, isEmpty: false);
        }

        return Demand(hasZ ?? false, hasM ?? false, isEmpty: firstPosition is null);
    }

    // An empty geometry has no vertex lacking Z or M, so a layer's demand does not apply to it.
    private Layout Demand(bool hasZ, bool hasM, bool isEmpty)
    {
        if (!isEmpty && rules.RequireZ && !hasZ)
        {
            throw GeometryErrors.NoZ("the layer has z-values; send hasZ: true and [x, y, z] coordinates");
        }

        if (!isEmpty && rules.RequireM && !hasM)
        {
            throw GeometryErrors.NoM("the layer has m-values; send hasM: true and coordinates with an m-value");
        }

        return new Layout(hasZ, hasM, hasZ && rules.KeepZ, hasM && rules.KeepM);
    }

    private CoordinateSequence ReadSequence(JsonElement positions, Layout layout, string what, bool closeRing)
    {
        if (positions.ValueKind != JsonValueKind.Array)
        {
            throw GeometryErrors.NotSettable($"{what} must be an array of coordinates");
        }

        var count = positions.GetArrayLength();
        Count(count + (closeRing ? 1 : 0));
        var dimension = layout.Dimension;
        var packed = new double[count * dimension];
        var offset = 0;
        foreach (var position in positions.EnumerateArray())
        {
            ReadPosition(position, layout, packed.AsSpan(offset, dimension), what);
            offset += dimension;
        }

        var last = (count - 1) * dimension;
        if (closeRing && count > 0 && (packed[0] != packed[last] || packed[1] != packed[last + 1]))
        {
            Array.Resize(ref packed, (count + 1) * dimension);
            Array.Copy(packed, 0, packed, count * dimension, dimension);
        }

        return Shapes.Sequences.Create(packed, dimension, layout.Measures);
    }

    private static void ReadPosition(JsonElement position, Layout layout, Span<double> target, string what)
    {
        var length = position.ValueKind == JsonValueKind.Array ? position.GetArrayLength() : 0;
        if (length < 2)
        {
            throw GeometryErrors.NotSettable($"each coordinate of {what} must be an array [x, y, ...]");
        }

        target[0] = Number(position[0], "x");
        target[1] = Number(position[1], "y");
        var z = double.NaN;
        if (layout.ReadZ)
        {
            z = length > 2 ? Number(position[2], "z") : throw GeometryErrors.NotSettable($"a coordinate of {what} lacks the z-value hasZ promises");
        }

        // Spec §6: a missing M in a Z+M array is written null; a short array is read the same way.
        var mIndex = layout.ReadZ ? 3 : 2;
        var m = layout.ReadM && mIndex < length && position[mIndex].ValueKind != JsonValueKind.Null ? Number(position[mIndex], "m") : double.NaN;
        layout.Store(target, z, m);
    }

    private void Count(int added)
    {
        if (added > MaxVertices - vertices)
        {
            throw GeometryErrors.NotSettable($"the geometry has more than {MaxVertices} vertices");
        }

        vertices += added;
    }

    private static JsonElement Parts(JsonElement json, string name)
    {
        var parts = json.GetProperty(name);
        return parts.ValueKind == JsonValueKind.Array ? parts : throw GeometryErrors.NotSettable($"'{name}' must be an array");
    }

    private static JsonElement? FirstPosition(JsonElement parts, bool nested)
    {
        foreach (var part in parts.EnumerateArray())
        {
            if (!nested)
            {
                return part;
            }

            if (part.ValueKind == JsonValueKind.Array && part.GetArrayLength() > 0)
            {
                return part[0];
            }
        }

        return null;
    }

    private static bool? Flag(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw GeometryErrors.NotSettable($"'{name}' must be true or false"),
        };
    }

    private static JsonElement Property(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value : default;

    private static double Number(JsonElement value, string name)
    {
        // System.Text.Json reads 1e400 as infinity; a coordinate must be a real number.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw GeometryErrors.NotSettable($"'{name}' must be a finite number");
    }

    /// <summary>Which ordinates positions carry (Read*) and which we store (Keep*), in the packed order X Y [Z] [M].</summary>
    private readonly record struct Layout(bool ReadZ, bool ReadM, bool KeepZ, bool KeepM)
    {
        public int Dimension => 2 + (KeepZ ? 1 : 0) + (KeepM ? 1 : 0);

        public int Measures => KeepM ? 1 : 0;

        public void Store(Span<double> position, double z, double m)
        {
            if (KeepZ)
            {
                position[2] = z;
            }

            if (KeepM)
            {
                position[KeepZ ? 3 : 2] = m;
            }
        }
    }
}
