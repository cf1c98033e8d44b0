using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>Esri JSON → NTS → Esri JSON gives back the same text, for every type with and without Z and M.</summary>
public class EsriJsonRoundTripTests
{
    [Theory]
    [InlineData("""{"x":-118.15,"y":33.8}""")]
    [InlineData("""{"x":-118.15,"y":33.8,"z":10}""")]
    [InlineData("""{"x":-118.15,"y":33.8,"m":5}""")]
    [InlineData("""{"x":-118.15,"y":33.8,"z":10,"m":5}""")]
    [InlineData("""{"x":1,"y":2,"z":10,"m":null}""")]
    [InlineData("""{"x":null}""")]
    [InlineData("""{"points":[[1,2],[3,4]]}""")]
    [InlineData("""{"hasZ":true,"points":[[1,2,3],[3,4,5]]}""")]
    [InlineData("""{"hasM":true,"points":[[1,2,7]]}""")]
    [InlineData("""{"hasZ":true,"hasM":true,"points":[[1,2,3,7],[3,4,5,null]]}""")]
    [InlineData("""{"points":[]}""")]
    [InlineData("""{"paths":[[[0,0],[1,1],[2,0]]]}""")]
    [InlineData("""{"paths":[[[0,0],[1,1]],[[5,5],[6,6]]]}""")]
    [InlineData("""{"hasZ":true,"paths":[[[0,0,1],[1,1,2]]]}""")]
    [InlineData("""{"hasM":true,"paths":[[[0,0,1],[1,1,2]]]}""")]
    [InlineData("""{"hasZ":true,"hasM":true,"paths":[[[0,0,1,9],[1,1,2,null]],[[5,5,3,8],[6,6,4,7]]]}""")]
    [InlineData("""{"paths":[]}""")]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]],[[20,0],[20,10],[30,10],[30,0],[20,0]]]}""")]
    [InlineData("""{"hasZ":true,"rings":[[[0,0,1],[0,10,2],[10,10,3],[10,0,4],[0,0,1]]]}""")]
    [InlineData("""{"hasM":true,"rings":[[[0,0,1],[0,10,2],[10,10,3],[10,0,4],[0,0,1]]]}""")]
    [InlineData("""{"hasZ":true,"hasM":true,"rings":[[[0,0,1,5],[0,10,2,6],[10,10,3,7],[10,0,4,8],[0,0,1,5]],[[2,2,0,0],[4,2,0,0],[4,4,0,0],[2,4,0,0],[2,2,0,0]]]}""")]
    [InlineData("""{"rings":[]}""")]
    public void Writes_back_what_it_read(string json)
    {
        Assert.Equal(json, GeometryJson.Esri(GeometryJson.Read(json), GeometryJson.ZM));
    }

    [Theory]
    [InlineData("""{"x":1,"y":2,"z":10,"m":5}""", """{"x":1,"y":2}""")]
    [InlineData("""{"hasZ":true,"hasM":true,"paths":[[[0,0,1,9],[1,1,2,8]]]}""", """{"paths":[[[0,0],[1,1]]]}""")]
    public void Leaves_out_z_and_m_unless_asked(string json, string expected) =>
        Assert.Equal(expected, GeometryJson.Esri(GeometryJson.Read(json)));

    [Theory]
    [InlineData("""{"paths":[[[0,0,1],[1,1,2]]]}""", """{"hasZ":true,"paths":[[[0,0,1],[1,1,2]]]}""")]
    [InlineData("""{"points":[[0,0,1,2]]}""", """{"hasZ":true,"hasM":true,"points":[[0,0,1,2]]}""")]
    [InlineData("""{"hasZ":false,"paths":[[[0,0,1],[1,1,2]]]}""", """{"paths":[[[0,0],[1,1]]]}""")]
    [InlineData("""{"hasM":true,"paths":[[[0,0],[1,1,2]]]}""", """{"hasM":true,"paths":[[[0,0,null],[1,1,2]]]}""")]
    [InlineData("""{"hasZ":true,"hasM":true,"points":[[0,0,1]]}""", """{"hasZ":true,"hasM":true,"points":[[0,0,1,null]]}""")]
    [InlineData("""{"x":1,"y":2,"m":null}""", """{"x":1,"y":2,"m":null}""")]
    public void Infers_ordinates_only_without_flags(string json, string expected) =>
        Assert.Equal(expected, GeometryJson.Esri(GeometryJson.Read(json), GeometryJson.ZM));

    [Theory]
    [InlineData("""{"xmin":0,"ymin":0,"xmax":10,"ymax":5}""", """{"rings":[[[0,0],[0,5],[10,5],[10,0],[0,0]]]}""")]
    [InlineData("""{"xmin":10,"ymin":5,"xmax":0,"ymax":0}""", """{"rings":[[[0,0],[0,5],[10,5],[10,0],[0,0]]]}""")]
    [InlineData("""{"xmin":null}""", """{"rings":[]}""")]
    [InlineData("""{"paths":[[[0,0],[1,1]],[],[[2,2],[3,3]]],"ids":[1,2]}""", """{"paths":[[[0,0],[1,1]],[[2,2],[3,3]]]}""")]
    public void Reads_envelopes_as_rectangles_and_ignores_empty_parts(string json, string expected) =>
        Assert.Equal(expected, GeometryJson.Esri(GeometryJson.Read(json)));

    [Fact]
    public void Reports_the_type_and_spatial_reference_it_read()
    {
        var read = EsriJsonGeometryReader.Read(GeometryJson.Element("""{"xmin":0,"ymin":0,"xmax":1,"ymax":1,"spatialReference":{"wkid":3857}}"""), null, "geometry");
        Assert.Equal(GeometryType.Envelope, read.Type);
        Assert.True(read.SpatialReference!.IsWebMercator);
        Assert.Equal(GeometryType.Multipoint, EsriJsonGeometryReader.Read(GeometryJson.Element("""{"points":[[1,2]]}"""), null, "geometry").Type);
    }

    [Fact]
    public void Writes_a_spatial_reference_only_when_asked()
    {
        var point = GeometryJson.Read("""{"x":1,"y":2}""");
        var options = new EsriJsonWriteOptions { SpatialReference = SpatialReference.WebMercator };
        Assert.Equal("""{"x":1,"y":2,"spatialReference":{"wkid":102100,"latestWkid":3857}}""", GeometryJson.Esri(point, options));
    }

    [Theory]
    [InlineData("1.23456,2.5", null, """{"x":1.23456,"y":2.5}""", GeometryType.Point)]
    [InlineData("1,2,3,4", null, """{"rings":[[[1,2],[1,4],[3,4],[3,2],[1,2]]]}""", GeometryType.Envelope)]
    [InlineData(" -1e1 , 2 , 3 , 4 ", GeometryType.Envelope, """{"rings":[[[-10,2],[-10,4],[3,4],[3,2],[-10,2]]]}""", GeometryType.Envelope)]
    [InlineData("""{"x":1,"y":2}""", GeometryType.Point, """{"x":1,"y":2}""", GeometryType.Point)]
    public void Parses_the_query_geometry_parameter(string text, GeometryType? geometryType, string expected, GeometryType type)
    {
        var read = EsriJsonGeometryReader.ParseQueryGeometry(text, geometryType);
        Assert.Equal(expected, GeometryJson.Esri(read.Geometry));
        Assert.Equal(type, read.Type);
    }
}
