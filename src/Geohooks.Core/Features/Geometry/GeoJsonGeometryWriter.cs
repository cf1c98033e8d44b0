using System.Text.Json;
using NetTopologySuite.Geometries;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// NTS → RFC 7946 geometry objects for <c>f=geojson</c> (spec §4.2). Exterior rings counter-clockwise and holes
/// clockwise (the reverse of Esri JSON); Z as the third ordinate when asked for; M never, as GeoJSON has no place
/// for it. A missing or empty geometry is written <c>null</c>, which RFC 7946 allows for a feature without one.
/// </summary>
public static class GeoJsonGeometryWriter
{
    public static void Write(Utf8JsonWriter writer, NtsGeometry? geometry, bool includeZ = false, int? geometryPrecision = null)
    {
        if (geometry is null || geometry.IsEmpty)
        {
            writer.WriteNullValue();
            return;
        }

        var format = new PositionFormat(includeZ && Shapes.Layout(geometry).HasZ, M: false, geometryPrecision);
        WriteObject(writer, geometry, format);
    }

    private static void WriteObject(Utf8JsonWriter writer, NtsGeometry geometry, PositionFormat format)
    {
        writer.WriteStartObject();
        writer.WriteString("type", geometry.GeometryType);
        if (geometry is GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            writer.WriteStartArray("geometries");
            foreach (var part in Shapes.Components<NtsGeometry>(geometry))
            {
                WriteObject(writer, part, format);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            return;
        }

        writer.WritePropertyName("coordinates");
        if (geometry is GeometryCollection)
        {
            writer.WriteStartArray();
            foreach (var part in Shapes.Components<NtsGeometry>(geometry))
            {
                WriteCoordinates(writer, part, format);
            }

            writer.WriteEndArray();
        }
        else
        {
            WriteCoordinates(writer, geometry, format);
        }

        writer.WriteEndObject();
    }

    // The coordinates of a single geometry, or of one part of a Multi* geometry.
    private static void WriteCoordinates(Utf8JsonWriter writer, NtsGeometry part, PositionFormat format)
    {
        switch (part)
        {
            case Point point:
                Positions.Write(writer, point.CoordinateSequence, 0, format);
                break;
            case LineString line:
                Positions.WriteArray(writer, line.CoordinateSequence, format);
                break;
            default:
                WritePolygon(writer, (Polygon)part, format);
                break;
        }
    }

    private static void WritePolygon(Utf8JsonWriter writer, Polygon polygon, PositionFormat format)
    {
        writer.WriteStartArray();
        Positions.WriteArray(writer, polygon.Shell.CoordinateSequence, format, Positions.NeedsReversal(polygon.Shell, clockwise: false));
        foreach (var hole in polygon.Holes)
        {
            Positions.WriteArray(writer, hole.CoordinateSequence, format, Positions.NeedsReversal(hole, clockwise: true));
        }

        writer.WriteEndArray();
    }
}
