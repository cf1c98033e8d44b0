using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Features.Geometry;

/// <summary>Which ordinates a position array carries and how many decimals x and y keep.</summary>
internal readonly record struct PositionFormat(bool Z, bool M, int? Precision);

/// <summary>Coordinate arrays as both Esri JSON and GeoJSON write them: <c>[x, y(, z)(, m)]</c>.</summary>
internal static class Positions
{
    /// <summary>Beyond 15 decimals a double has nothing left to round; Math.Round refuses more.</summary>
    public const int MaxPrecision = 15;

    /// <summary>Writes a sequence as an array of positions, backwards when the ring must change winding.</summary>
    public static void WriteArray(Utf8JsonWriter writer, CoordinateSequence sequence, PositionFormat format, bool reversed = false)
    {
        writer.WriteStartArray();
        var count = sequence.Count;
        for (var k = 0; k < count; k++)
        {
            Write(writer, sequence, reversed ? count - 1 - k : k, format);
        }

        writer.WriteEndArray();
    }

    public static void Write(Utf8JsonWriter writer, CoordinateSequence sequence, int index, PositionFormat format)
    {
        writer.WriteStartArray();
        WriteOrdinate(writer, Round(sequence.GetX(index), format.Precision));
        WriteOrdinate(writer, Round(sequence.GetY(index), format.Precision));
        if (format.Z)
        {
            WriteOrdinate(writer, sequence.GetZ(index));
        }

        if (format.M)
        {
            WriteOrdinate(writer, sequence.GetM(index));
        }

        writer.WriteEndArray();
    }

    /// <summary>JSON has no NaN; an unknown ordinate (typically an M) is written null, as Esri JSON does.</summary>
    public static void WriteOrdinate(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    public static double Round(double value, int? precision) =>
        precision is { } digits ? Math.Round(value, Math.Clamp(digits, 0, MaxPrecision), MidpointRounding.AwayFromZero) : value;

    /// <summary>NTS's signed ring area is positive for clockwise rings (y up); zero-area rings count as neither.</summary>
    public static bool NeedsReversal(LinearRing ring, bool clockwise)
    {
        var signedArea = Area.OfRingSigned(ring.CoordinateSequence);
        return signedArea != 0 && signedArea > 0 != clockwise;
    }
}
