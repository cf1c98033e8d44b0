using NetTopologySuite.Geometries;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// Re-projects between the two systems hosted layers use: WGS84 (4326) and Web Mercator (102100/3857).
/// No projection library: those two are one pair of closed-form spherical Mercator formulas, while a general
/// library (PROJ bindings, ProjNet) would bring a native dependency or a large datum table for systems we never
/// store. Any other pair is refused with a 400 naming the caller's parameter.
/// </summary>
public static class Projection
{
    /// <summary>The sphere radius of Web Mercator (the WGS84 semi-major axis, in metres).</summary>
    public const double EarthRadius = 6378137.0;

    /// <summary>The latitude at which Web Mercator's square world ends (y = ±20037508.34 m).</summary>
    public const double MaxLatitude = 85.0511287798;

    public static bool CanProject(SpatialReference from, SpatialReference to) =>
        from.IsSameAs(to) || (from.IsWgs84 && to.IsWebMercator) || (from.IsWebMercator && to.IsWgs84);

    /// <summary>
    /// Returns the geometry in <paramref name="to"/>; X and Y change, Z and M are kept. Equal systems return the same
    /// instance; otherwise a projected copy.
    /// </summary>
    public static NtsGeometry Project(NtsGeometry geometry, SpatialReference from, SpatialReference to, string parameterName)
    {
        var forward = Direction(from, to, parameterName);
        if (forward is null)
        {
            return geometry;
        }

        var copy = geometry.Copy();
        copy.Apply(new MercatorFilter(forward.Value));
        return copy;
    }

    /// <summary>
    /// Projects an extent. Mercator maps longitude to x and latitude to y independently and monotonically,
    /// so projecting the two corners is exact.
    /// </summary>
    public static Envelope Project(Envelope envelope, SpatialReference from, SpatialReference to, string parameterName)
    {
        var forward = Direction(from, to, parameterName);
        if (forward is null || envelope.IsNull)
        {
            return envelope;
        }

        var (x1, y1) = Transform(envelope.MinX, envelope.MinY, forward.Value);
        var (x2, y2) = Transform(envelope.MaxX, envelope.MaxY, forward.Value);
        return new Envelope(x1, x2, y1, y2);
    }

    /// <summary>Lon/lat degrees to Web Mercator metres, latitude clamped to the Mercator square.</summary>
    public static (double X, double Y) ToWebMercator(double longitude, double latitude)
    {
        var phi = double.DegreesToRadians(Math.Clamp(latitude, -MaxLatitude, MaxLatitude));
        // atanh(sin φ) is ln tan(π/4 + φ/2) written so that the equator maps to exactly 0.
        return (EarthRadius * double.DegreesToRadians(longitude), EarthRadius * Math.Atanh(Math.Sin(phi)));
    }

    /// <summary>Web Mercator metres to lon/lat degrees.</summary>
    public static (double Longitude, double Latitude) ToWgs84(double x, double y) =>
        (double.RadiansToDegrees(x / EarthRadius), double.RadiansToDegrees((2 * Math.Atan(Math.Exp(y / EarthRadius))) - (Math.PI / 2)));

    /// <summary>null for identity, true for 4326 → Web Mercator, false for the reverse.</summary>
    private static bool? Direction(SpatialReference from, SpatialReference to, string parameterName)
    {
        if (from.IsSameAs(to))
        {
            return null;
        }

        if (CanProject(from, to))
        {
            return from.IsWgs84;
        }

        throw GeometryErrors.Invalid(
            parameterName,
            $"projecting from '{from}' to '{to}' is not supported; only 4326 and 102100 (3857) are");
    }

    private static (double X, double Y) Transform(double x, double y, bool forward) =>
        forward ? ToWebMercator(x, y) : ToWgs84(x, y);

    private sealed class MercatorFilter(bool forward) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence sequence)
        {
            for (var i = 0; i < sequence.Count; i++)
            {
                var (x, y) = Transform(sequence.GetX(i), sequence.GetY(i), forward);
                sequence.SetX(i, x);
                sequence.SetY(i, y);
            }
        }
    }
}
