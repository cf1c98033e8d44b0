using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Tests.Features.Geometry;

public class GeometryCodecTests
{
    // The ISO WKB type code says which ordinates were stored: +1000 Z, +2000 M, +3000 ZM.
    [Theory]
    [InlineData("""{"x":1.5,"y":-2.25}""", 1)]
    [InlineData("""{"x":1,"y":2,"z":3}""", 1001)]
    [InlineData("""{"x":1,"y":2,"m":4}""", 2001)]
    [InlineData("""{"x":1,"y":2,"z":3,"m":4}""", 3001)]
    [InlineData("""{"x":1,"y":2,"z":3,"m":null}""", 3001)]
    [InlineData("""{"hasZ":true,"hasM":true,"points":[[1,2,3,4],[5,6,7,null]]}""", 3004)]
    [InlineData("""{"hasM":true,"paths":[[[0,0,1],[1,1,2]]]}""", 2002)]
    [InlineData("""{"hasZ":true,"paths":[[[0,0,1],[1,1,2]],[[5,5,3],[6,6,4]]]}""", 1005)]
    [InlineData("""{"hasZ":true,"hasM":true,"rings":[[[0,0,1,5],[0,10,2,6],[10,10,3,7],[10,0,4,8],[0,0,1,5]],[[2,2,0,0],[4,2,0,0],[4,4,0,0],[2,4,0,0],[2,2,0,0]]]}""", 3003)]
    [InlineData("""{"rings":[[[0,0],[0,1],[1,1],[1,0],[0,0]],[[5,5],[5,6],[6,6],[6,5],[5,5]]]}""", 6)]
    [InlineData("""{"x":null}""", 1)]
    [InlineData("""{"points":[]}""", 4)]
    [InlineData("""{"paths":[]}""", 2)]
    [InlineData("""{"rings":[]}""", 3)]
    public void Round_trips_losslessly(string json, int wkbType)
    {
        var geometry = GeometryJson.Read(json);
        var encoded = GeometryCodec.Encode(geometry);
        Assert.Equal(1, encoded.Wkb[0]);
        Assert.Equal(wkbType, BitConverter.ToInt32(encoded.Wkb, 1));

        var decoded = GeometryCodec.Decode(encoded.Wkb);
        Assert.Equal(geometry.GetType(), decoded.GetType());
        Assert.Equal(Shapes.Layout(geometry), Shapes.Layout(decoded));
        Assert.Equal(GeometryJson.Esri(geometry, GeometryJson.ZM), GeometryJson.Esri(decoded, GeometryJson.ZM));
    }

    [Fact]
    public void Gives_the_envelope_for_the_index_columns()
    {
        var encoded = GeometryCodec.Encode(GeometryJson.Read("""{"paths":[[[-3,4],[7,-1.5]]]}"""));
        Assert.Equal((-3.0, -1.5, 7.0, 4.0), (encoded.XMin, encoded.YMin, encoded.XMax, encoded.YMax));

        var empty = GeometryCodec.Encode(GeometryJson.Read("""{"rings":[]}"""));
        Assert.Equal((null, null, null, null), (empty.XMin, empty.YMin, empty.XMax, empty.YMax));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 3, 0, 0, 0, 255, 255, 255, 127 })]
    [InlineData(new byte[] { 1, 99, 0, 0, 0 })]
    public void Reports_corrupt_bytes_as_a_server_fault(byte[] wkb) =>
        Assert.Equal(500, Assert.Throws<ArcGisException>(() => GeometryCodec.Decode(wkb)).Code);
}
