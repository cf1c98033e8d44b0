using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>distance + units grow the query geometry by a ground distance, whichever system the layer uses.</summary>
public class DistanceTests
{
    // Metres per degree along a meridian (and along the equator) on the Web Mercator sphere: R·π/180.
    private const double MetresPerDegree = 111319.49079327357;

    [Theory]
    [InlineData(0, 999, true)]
    [InlineData(0, 1001, false)]
    [InlineData(60, 999, true)]
    [InlineData(60, 1001, false)]
    [InlineData(-45, 999, true)]
    [InlineData(-45, 1001, false)]
    public void Buffers_web_mercator_layers_by_ground_metres(double latitude, double groundMetresEast, bool matches)
    {
        var (x, y) = Projection.ToWebMercator(10, latitude);
        var stretch = 1 / Math.Cos(double.DegreesToRadians(latitude));
        var filter = SpatialFilter.Create(Point(x, y), SpatialReference.WebMercator, distance: 1, units: "esriSRUnit_Kilometer");
        Assert.Equal(matches, filter.Matches(Point(x + (groundMetresEast * stretch), y)));
        Assert.Equal(matches, filter.Matches(Point(x, y - (groundMetresEast * stretch))));
    }

    [Theory]
    [InlineData(0, 990, true)]
    [InlineData(0, 1010, false)]
    [InlineData(60, 990, true)]
    [InlineData(60, 1010, false)]
    public void Buffers_wgs84_layers_through_web_mercator(double latitude, double groundMetres, bool matches)
    {
        var filter = SpatialFilter.Create(Point(10, latitude), SpatialReference.Wgs84, distance: 1000);
        var east = groundMetres / (MetresPerDegree * Math.Cos(double.DegreesToRadians(latitude)));
        var north = groundMetres / MetresPerDegree;
        Assert.Equal(matches, filter.Matches(Point(10 + east, latitude)));
        Assert.Equal(matches, filter.Matches(Point(10, latitude + north)));
        Assert.Equal(matches, filter.Matches(Point(10 - east, latitude)));
    }

    [Theory]
    [InlineData(1, "esriSRUnit_Meter", 1)]
    [InlineData(3, "esriSRUnit_Foot", 0.9144)]
    [InlineData(1, "esriSRUnit_StatuteMile", 1609.344)]
    [InlineData(1, "esriSRUnit_NauticalMile", 1852)]
    [InlineData(1, "esriSRUnit_USNauticalMile", 1853.248)]
    [InlineData(2, null, 2)]
    public void Converts_units_to_metres(double distance, string? units, double metres)
    {
        var filter = SpatialFilter.Create(Point(0, 0), SpatialReference.FromWkid(32633), distance: distance, units: units);
        Assert.True(filter.Matches(Point(metres * 0.999, 0)));
        Assert.False(filter.Matches(Point(metres * 1.001, 0)));
    }

    [Fact]
    public void Widens_the_index_envelope_and_keeps_the_relationship()
    {
        var filter = SpatialFilter.Create(Point(0, 0), SpatialReference.WebMercator, "esriSpatialRelContains", distance: 100);
        Assert.Equal(-100, filter.IndexEnvelope!.MinX, 1e-6);
        Assert.True(filter.Matches(Point(50, 50)));
    }

    [Theory]
    [InlineData(-1, null, "distance")]
    [InlineData(double.NaN, null, "distance")]
    [InlineData(double.PositiveInfinity, null, "distance")]
    [InlineData(1e308, "esriSRUnit_Kilometer", "distance")]
    [InlineData(1, "esriSRUnit_Parsec", "units")]
    public void Rejects_bad_distances_and_units(double distance, string? units, string parameter)
    {
        var error = Assert.Throws<ArcGisException>(() => SpatialFilter.Create(Point(0, 0), SpatialReference.Wgs84, distance: distance, units: units));
        Assert.Equal($"'{parameter}' parameter is invalid", error.Details[0]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(1000)]
    public void Reports_a_geometry_the_buffer_cannot_handle_as_a_400(double distance)
    {
        // Found by the fuzz test: with a vertex at x = -1e-300, NTS's snap-rounding buffer meets a NaN and gives up.
        var degenerate = GeometryJson.Read("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]],[[20,0],[-1E-300,0],[25,-19],[20,0]]]}""");
        var error = Assert.Throws<ArcGisException>(() => SpatialFilter.Create(degenerate, SpatialReference.Wgs84, distance: distance));
        Assert.Equal("'geometry' parameter is invalid", error.Details[0]);
    }

    private static Point Point(double x, double y) => Shapes.Factory.CreatePoint(new Coordinate(x, y));
}
