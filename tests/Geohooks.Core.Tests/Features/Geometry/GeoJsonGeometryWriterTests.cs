using Geohooks.Core.Features.Geometry;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

public class GeoJsonGeometryWriterTests
{
    [Theory]
    [InlineData("""{"x":-73.045075,"y":40.816799}""", """{"type":"Point","coordinates":[-73.045075,40.816799]}""")]
    [InlineData("""{"points":[[1,2],[3,4]]}""", """{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}""")]
    [InlineData("""{"paths":[[[0,0],[1,1]]]}""", """{"type":"LineString","coordinates":[[0,0],[1,1]]}""")]
    [InlineData("""{"paths":[[[0,0],[1,1]],[[2,2],[3,3]]]}""", """{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]]]}""", """{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,1],[1,1],[1,0],[0,0]],[[5,5],[5,6],[6,6],[6,5],[5,5]]]}""", """{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}""")]
    [InlineData("""{"x":null}""", "null")]
    [InlineData("""{"rings":[]}""", "null")]
    public void Writes_rfc7946_geometry_with_counter_clockwise_exteriors(string esri, string expected) =>
        Assert.Equal(expected, GeometryJson.GeoJson(GeometryJson.Read(esri)));

    [Fact]
    public void Writes_z_as_third_ordinate_when_asked_and_never_m()
    {
        var line = GeometryJson.Read("""{"hasZ":true,"hasM":true,"paths":[[[0,0,5,9],[1,1,6,9]]]}""");
        Assert.Equal("""{"type":"LineString","coordinates":[[0,0,5],[1,1,6]]}""", GeometryJson.GeoJson(line, includeZ: true));
        Assert.Equal("""{"type":"LineString","coordinates":[[0,0],[1,1]]}""", GeometryJson.GeoJson(line));
        Assert.Equal("null", GeometryJson.GeoJson(null));
    }

    [Fact]
    public void Writes_collections_as_geometry_collections()
    {
        var collection = Shapes.Factory.CreateGeometryCollection([Shapes.Factory.CreatePoint(new Coordinate(1, 2))]);
        Assert.Equal("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}""", GeometryJson.GeoJson(collection));
    }
}
