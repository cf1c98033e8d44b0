using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Features.Geometry;

/// <summary>The coordinate half of the parser: which ordinates to read and keep, and positions into packed sequences.</summary>
internal sealed partial class EsriJsonParser
{
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
