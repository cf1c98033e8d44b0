using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// The one NTS factory the geometry layer builds with. Coordinates live in packed double sequences: they carry
/// exactly the ordinates a geometry has (XY, XYZ, XYM or XYZM via dimension + measures), so Z and M survive every
/// step, and a million-vertex shape is one double[] instead of a million Coordinate objects.
/// </summary>
internal static class Shapes
{
    public static readonly NtsGeometryServices Services =
        new(PackedCoordinateSequenceFactory.DoubleFactory, new PrecisionModel(), srid: 0);

    public static readonly GeometryFactory Factory = Services.CreateGeometryFactory();

    public static PackedCoordinateSequenceFactory Sequences => PackedCoordinateSequenceFactory.DoubleFactory;

    /// <summary>Whether the geometry's vertices carry Z and M, read from its first non-empty sequence (empty → neither).</summary>
    public static (bool HasZ, bool HasM) Layout(NtsGeometry geometry)
    {
        var sequence = FirstSequence(geometry);
        return sequence is null ? (false, false) : (sequence.HasZ, sequence.HasM);
    }

    /// <summary>The Esri type an NTS shape is written as; null for collections Esri JSON cannot express.</summary>
    public static GeometryType? EsriType(NtsGeometry geometry) => geometry switch
    {
        Point => GeometryType.Point,
        MultiPoint => GeometryType.Multipoint,
        LineString or MultiLineString => GeometryType.Polyline,
        Polygon or MultiPolygon => GeometryType.Polygon,
        _ => null,
    };

    /// <summary>The non-empty parts of a single or multi geometry.</summary>
    public static IEnumerable<T> Components<T>(NtsGeometry geometry)
        where T : NtsGeometry
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is T { IsEmpty: false } part)
            {
                yield return part;
            }
        }
    }

    private static CoordinateSequence? FirstSequence(NtsGeometry geometry)
    {
        switch (geometry)
        {
            case Point point:
                return point.IsEmpty ? null : point.CoordinateSequence;
            case LineString line:
                return line.IsEmpty ? null : line.CoordinateSequence;
            case Polygon polygon:
                return polygon.IsEmpty ? null : polygon.ExteriorRing.CoordinateSequence;
            case GeometryCollection collection:
                for (var i = 0; i < collection.NumGeometries; i++)
                {
                    if (FirstSequence(collection.GetGeometryN(i)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
