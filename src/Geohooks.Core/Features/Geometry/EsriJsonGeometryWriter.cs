using System.Text.Json;
using Geohooks.Core.Errors;
using NetTopologySuite.Geometries;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// NTS → Esri JSON (spec §6, §4.2). Polygons are written the Esri way whatever their stored winding: exterior rings
/// clockwise, holes counter-clockwise. With Z or M requested (and present), lines, polygons and multipoints repeat
/// <c>hasZ</c>/<c>hasM</c> and points gain <c>z</c>/<c>m</c>.
/// </summary>
public static class EsriJsonGeometryWriter
{
    public static void Write(Utf8JsonWriter writer, NtsGeometry geometry, EsriJsonWriteOptions options)
    {
        var type = Shapes.EsriType(geometry)
            ?? throw new ArcGisException(500, "Unable to complete operation.", [$"a {geometry.GeometryType} cannot be written as Esri JSON"]);
        var (hasZ, hasM) = Shapes.Layout(geometry);
        var format = new PositionFormat(options.ReturnZ && hasZ, options.ReturnM && hasM, options.GeometryPrecision);

        writer.WriteStartObject();
        switch (type)
        {
            case GeometryType.Point:
                WritePoint(writer, (Point)geometry, format);
                break;
            case GeometryType.Multipoint:
                WriteFlags(writer, format);
                writer.WriteStartArray("points");
                foreach (var point in Shapes.Components<Point>(geometry))
                {
                    Positions.Write(writer, point.CoordinateSequence, 0, format);
                }

                writer.WriteEndArray();
                break;
            case GeometryType.Polyline:
                WriteFlags(writer, format);
                writer.WriteStartArray("paths");
                foreach (var line in Shapes.Components<LineString>(geometry))
                {
                    Positions.WriteArray(writer, line.CoordinateSequence, format);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteFlags(writer, format);
                writer.WriteStartArray("rings");
                foreach (var polygon in Shapes.Components<Polygon>(geometry))
                {
                    WriteRing(writer, polygon.Shell, format, clockwise: true);
                    foreach (var hole in polygon.Holes)
                    {
                        WriteRing(writer, hole, format, clockwise: false);
                    }
                }

                writer.WriteEndArray();
                break;
        }

        if (options.SpatialReference is { } spatialReference)
        {
            writer.WritePropertyName("spatialReference");
            spatialReference.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes an extent <c>{xmin, ymin, xmax, ymax, spatialReference}</c>. No extent (an empty result or layer) is
    /// written with the four bounds as the string "NaN", as ArcGIS does (spec §4.2).
    /// </summary>
    public static void WriteEnvelope(Utf8JsonWriter writer, Envelope? extent, SpatialReference spatialReference, int? geometryPrecision = null)
    {
        writer.WriteStartObject();
        if (extent is null || extent.IsNull)
        {
            foreach (var bound in (string[])["xmin", "ymin", "xmax", "ymax"])
            {
                writer.WriteString(bound, "NaN");
            }
        }
        else
        {
            writer.WriteNumber("xmin", Positions.Round(extent.MinX, geometryPrecision));
            writer.WriteNumber("ymin", Positions.Round(extent.MinY, geometryPrecision));
            writer.WriteNumber("xmax", Positions.Round(extent.MaxX, geometryPrecision));
            writer.WriteNumber("ymax", Positions.Round(extent.MaxY, geometryPrecision));
        }

        writer.WritePropertyName("spatialReference");
        spatialReference.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter writer, Point point, PositionFormat format)
    {
        if (point.IsEmpty)
        {
            writer.WriteNull("x");
            return;
        }

        var sequence = point.CoordinateSequence;
        writer.WriteNumber("x", Positions.Round(sequence.GetX(0), format.Precision));
        writer.WriteNumber("y", Positions.Round(sequence.GetY(0), format.Precision));
        if (format.Z)
        {
            writer.WritePropertyName("z");
            Positions.WriteOrdinate(writer, sequence.GetZ(0));
        }

        if (format.M)
        {
            writer.WritePropertyName("m");
            Positions.WriteOrdinate(writer, sequence.GetM(0));
        }
    }

    private static void WriteFlags(Utf8JsonWriter writer, PositionFormat format)
    {
        if (format.Z)
        {
            writer.WriteBoolean("hasZ", true);
        }

        if (format.M)
        {
            writer.WriteBoolean("hasM", true);
        }
    }

    private static void WriteRing(Utf8JsonWriter writer, LinearRing ring, PositionFormat format, bool clockwise) =>
        Positions.WriteArray(writer, ring.CoordinateSequence, format, Positions.NeedsReversal(ring, clockwise));
}
