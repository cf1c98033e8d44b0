using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

public class ProjectionTests
{
    private const double HalfWorld = 20037508.342789244;

    // Expected values come from reference points and from the spherical Mercator formulas evaluated independently
    // (x = R·λ, y = R·ln tan(π/4 + φ/2), R = 6378137).
    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(180, 0, HalfWorld, 0)]
    [InlineData(-180, 0, -HalfWorld, 0)]
    [InlineData(0, 85.0511287798, 0, HalfWorld)]
    [InlineData(0, -85.0511287798, 0, -HalfWorld)]
    [InlineData(-118.15, 33.8, -13152397.837225273, 4001978.423556837)]
    [InlineData(90, 89.9, 10018754.171394622, HalfWorld)]
    [InlineData(0, -90, 0, -HalfWorld)]
    public void Projects_to_web_mercator(double longitude, double latitude, double x, double y)
    {
        var (px, py) = Projection.ToWebMercator(longitude, latitude);
        Assert.Equal(x, px, 1e-3);
        Assert.Equal(y, py, 1e-3);
    }

    [Theory]
    [InlineData(-118.15, 33.8)]
    [InlineData(151.2093, -33.8688)]
    [InlineData(0, 0)]
    [InlineData(179.999, 85)]
    public void Round_trips_through_web_mercator(double longitude, double latitude)
    {
        var (x, y) = Projection.ToWebMercator(longitude, latitude);
        var (lon, lat) = Projection.ToWgs84(x, y);
        Assert.Equal(longitude, lon, 1e-9);
        Assert.Equal(latitude, lat, 1e-9);
    }

    [Fact]
    public void Projects_every_vertex_and_keeps_z_and_m()
    {
        var line = Shapes.Factory.CreateLineString(Shapes.Sequences.Create(new double[] { -118.15, 33.8, 10, 1, 0, 0, 20, 2 }, 4, 1));
        var projected = Projection.Project(line, SpatialReference.Wgs84, SpatialReference.WebMercator, "outSR");
        var sequence = ((LineString)projected).CoordinateSequence;
        Assert.Equal(-13152397.837, sequence.GetX(0), 1e-3);
        Assert.Equal(4001978.424, sequence.GetY(0), 1e-3);
        Assert.Equal((10.0, 1.0), (sequence.GetZ(0), sequence.GetM(0)));
        Assert.Equal((0.0, 0.0, 20.0, 2.0), (sequence.GetX(1), sequence.GetY(1), sequence.GetZ(1), sequence.GetM(1)));
        Assert.Equal(-118.15, ((LineString)line).CoordinateSequence.GetX(0));

        var back = Projection.Project(projected, SpatialReference.WebMercator, SpatialReference.Wgs84, "outSR");
        Assert.Equal(33.8, ((LineString)back).CoordinateSequence.GetY(0), 1e-9);
    }

    [Fact]
    public void Equal_systems_are_the_identity()
    {
        var point = Shapes.Factory.CreatePoint(new Coordinate(1, 2));
        Assert.Same(point, Projection.Project(point, SpatialReference.FromWkid(2230), SpatialReference.FromWkid(2230), "outSR"));
        Assert.Same(point, Projection.Project(point, SpatialReference.FromWkid(3857), SpatialReference.WebMercator, "outSR"));
    }

    [Fact]
    public void Projects_envelopes_by_their_corners()
    {
        var extent = Projection.Project(new Envelope(-180, 180, -85.0511287798, 85.0511287798), SpatialReference.Wgs84, SpatialReference.WebMercator, "outSR");
        Assert.Equal(-HalfWorld, extent.MinX, 1e-3);
        Assert.Equal(HalfWorld, extent.MaxY, 1e-3);
        Assert.True(Projection.Project(new Envelope(), SpatialReference.Wgs84, SpatialReference.WebMercator, "outSR").IsNull);
    }

    [Fact]
    public void Refuses_other_pairs_naming_the_parameter()
    {
        var point = Shapes.Factory.CreatePoint(new Coordinate(1, 2));
        var error = Assert.Throws<ArcGisException>(() => Projection.Project(point, SpatialReference.Wgs84, SpatialReference.FromWkid(2230), "outSR"));
        Assert.Equal(400, error.Code);
        Assert.Equal("'outSR' parameter is invalid", error.Details[0]);
        Assert.False(Projection.CanProject(SpatialReference.FromWkt("X[1]"), SpatialReference.Wgs84));
        Assert.Throws<ArcGisException>(() => Projection.Project(new Envelope(0, 1, 0, 1), SpatialReference.FromWkid(2230), SpatialReference.Wgs84, "inSR"));
    }
}
