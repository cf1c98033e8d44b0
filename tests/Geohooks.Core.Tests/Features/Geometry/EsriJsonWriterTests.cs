using Geohooks.Core.Features.Geometry;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

public class EsriJsonWriterTests
{
    [Theory]
    [InlineData("[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,8],[8,8],[8,2],[2,2]]")]
    [InlineData("[[0,0],[0,10],[10,10],[10,0],[0,0]],[[2,2],[8,2],[8,8],[2,8],[2,2]]")]
    [InlineData("[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[8,2],[8,8],[2,8],[2,2]],[[20,0],[25,0],[25,5],[20,5],[20,0]]")]
    public void Writes_exteriors_clockwise_and_holes_counter_clockwise(string rings)
    {
        var written = GeometryJson.Element(GeometryJson.Esri(GeometryJson.Read($$"""{"rings":[{{rings}}]}""")));
        var signs = written.GetProperty("rings").EnumerateArray().Select(ring => Math.Sign(Shoelace(ring))).ToList();

        // With y up, a negative shoelace sum is clockwise: one exterior, then its hole, then (if any) the far shell.
        Assert.Equal(new[] { -1, 1, -1 }.Take(signs.Count), signs);
    }

    [Theory]
    [InlineData(2, """{"x":1.23,"y":-4.57}""")]
    [InlineData(0, """{"x":1,"y":-5}""")]
    [InlineData(-3, """{"x":1,"y":-5}""")]
    public void Rounds_x_and_y_to_the_geometry_precision(int precision, string expected)
    {
        var point = Shapes.Factory.CreatePoint(new Coordinate(1.23456, -4.5678));
        Assert.Equal(expected, GeometryJson.Esri(point, new EsriJsonWriteOptions { GeometryPrecision = precision }));
    }

    [Fact]
    public void Writes_z_and_m_flags_only_when_asked_and_present()
    {
        var line = GeometryJson.Read("""{"paths":[[[0,0],[1,1]]]}""");
        Assert.Equal("""{"paths":[[[0,0],[1,1]]]}""", GeometryJson.Esri(line, GeometryJson.ZM));

        var lineZ = GeometryJson.Read("""{"hasZ":true,"paths":[[[0,0,5],[1,1,6]]]}""");
        Assert.Equal("""{"hasZ":true,"paths":[[[0,0,5],[1,1,6]]]}""", GeometryJson.Esri(lineZ, new EsriJsonWriteOptions { ReturnZ = true, ReturnM = true }));
        Assert.Equal("""{"paths":[[[0,0],[1,1]]]}""", GeometryJson.Esri(lineZ, new EsriJsonWriteOptions { ReturnM = true }));
    }

    [Theory]
    [InlineData(false, """{"xmin":"NaN","ymin":"NaN","xmax":"NaN","ymax":"NaN","spatialReference":{"wkid":102100,"latestWkid":3857}}""")]
    [InlineData(true, """{"xmin":-1.5,"ymin":2,"xmax":3,"ymax":4.25,"spatialReference":{"wkid":102100,"latestWkid":3857}}""")]
    public void Writes_extents_with_NaN_strings_when_empty(bool hasExtent, string expected)
    {
        var extent = hasExtent ? new Envelope(-1.5, 3, 2, 4.25) : new Envelope();
        Assert.Equal(expected, GeometryJson.Capture(writer => EsriJsonGeometryWriter.WriteEnvelope(writer, extent, SpatialReference.WebMercator)));
        Assert.Equal(expected, GeometryJson.Capture(writer => EsriJsonGeometryWriter.WriteEnvelope(writer, hasExtent ? extent : null, SpatialReference.WebMercator)));
    }

    [Fact]
    public void Refuses_collections_esri_json_cannot_express()
    {
        var collection = Shapes.Factory.CreateGeometryCollection([Shapes.Factory.CreatePoint(new Coordinate(1, 2))]);
        var error = Assert.Throws<Geohooks.Core.Errors.ArcGisException>(() => GeometryJson.Esri(collection));
        Assert.Equal(500, error.Code);
    }

    // Twice the signed area by the shoelace formula: positive counter-clockwise (y up).
    internal static double Shoelace(System.Text.Json.JsonElement ring)
    {
        var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        return points.Zip(points.Skip(1), (a, b) => (a.X * b.Y) - (b.X * a.Y)).Sum();
    }

    [Fact]
    public void Shoelace_agrees_with_nts()
    {
        var ccw = Shapes.Factory.CreateLinearRing([new(0, 0), new(1, 0), new(1, 1), new(0, 0)]);
        Assert.True(Orientation.IsCCW(ccw.CoordinateSequence));
        Assert.True(Shoelace(GeometryJson.Element("[[0,0],[1,0],[1,1],[0,0]]")) > 0);
    }
}
