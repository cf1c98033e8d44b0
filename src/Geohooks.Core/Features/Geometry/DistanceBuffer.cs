using NetTopologySuite.Geometries;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// Grows a query geometry by a ground distance in metres. Web Mercator is conformal but stretches distances by
/// sec(latitude), so we buffer in Mercator by metres × sec(latitude at the geometry's centre): a circle on the
/// ground stays a circle there. A 4326 geometry is taken to Mercator, buffered, and brought back, which gives the
/// right shape in degrees (wider in longitude away from the equator) rather than a degree-sized circle.
/// Good to a fraction of a percent for query distances up to a few hundred kilometres; not geodesic.
/// Other systems are buffered as planar metres.
/// </summary>
internal static class DistanceBuffer
{
    // 32 segments per quarter circle keeps the polygon within 0.03% of the true circle's radius.
    private const int QuadrantSegments = 32;

    public static NtsGeometry Apply(NtsGeometry geometry, double meters, SpatialReference layer)
    {
        if (geometry.IsEmpty)
        {
            return geometry;
        }

        // NTS's buffer can still give up on degenerate input (vertices 1e-300 apart, extreme magnitudes).
        try
        {
            return Buffer(geometry, meters, layer);
        }
        catch (Exception e) when (e is ArgumentException or TopologyException)
        {
            throw GeometryErrors.Invalid("geometry", "the geometry could not be buffered by the distance: " + e.Message);
        }
    }

    private static NtsGeometry Buffer(NtsGeometry geometry, double meters, SpatialReference layer)
    {
        var centre = geometry.EnvelopeInternal.Centre;
        if (layer.IsWgs84)
        {
            var mercator = Projection.Project(geometry, SpatialReference.Wgs84, SpatialReference.WebMercator, "geometry");
            var buffered = mercator.Buffer(meters * Stretch(centre.Y), QuadrantSegments);
            return Projection.Project(buffered, SpatialReference.WebMercator, SpatialReference.Wgs84, "geometry");
        }

        if (layer.IsWebMercator)
        {
            return geometry.Buffer(meters * Stretch(Projection.ToWgs84(centre.X, centre.Y).Latitude), QuadrantSegments);
        }

        return geometry.Buffer(meters, QuadrantSegments);
    }

    private static double Stretch(double latitude) =>
        1 / Math.Cos(double.DegreesToRadians(Math.Clamp(latitude, -Projection.MaxLatitude, Projection.MaxLatitude)));
}
