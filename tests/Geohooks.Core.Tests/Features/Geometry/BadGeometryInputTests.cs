using System.Text;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>Every malformed geometry parameter is a 400 naming the parameter; no other exception escapes.</summary>
public class BadGeometryInputTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"y":2}""")]
    [InlineData("""{"x":"1","y":2}""")]
    [InlineData("""{"x":1}""")]
    [InlineData("""{"x":1,"y":"NaN"}""")]
    [InlineData("""{"x":1e400,"y":0}""")]
    [InlineData("""{"x":1,"y":2,"z":"high"}""")]
    [InlineData("""{"x":1,"y":2,"m":"low"}""")]
    [InlineData("""{"x":1,"y":2,"spatialReference":{"wkid":"abc"}}""")]
    [InlineData("""{"points":null}""")]
    [InlineData("""{"points":[1,2]}""")]
    [InlineData("""{"points":[[1,2]],"hasZ":"yes"}""")]
    [InlineData("""{"paths":[[[0,0]]]}""")]
    [InlineData("""{"paths":[[[0,0],[1]]]}""")]
    [InlineData("""{"paths":[[0,0],[1,1]]}""")]
    [InlineData("""{"paths":"0,0,1,1"}""")]
    [InlineData("""{"hasZ":true,"paths":[[[0,0],[1,1]]]}""")]
    [InlineData("""{"hasZ":true,"paths":[[[0,0,null],[1,1,null]]]}""")]
    [InlineData("""{"rings":null}""")]
    [InlineData("""{"rings":{}}""")]
    [InlineData("""{"rings":[[[0,0],[1,1],[0,0]]]}""")]
    [InlineData("""{"rings":[[[0,0],[1,1]]]}""")]
    [InlineData("""{"rings":[[["a",0],[1,1],[1,0],[0,0]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,1],[1,1],[1,"0"]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,1],[1,1],[1,-1e999]]]}""")]
    [InlineData("""{"curveRings":[[[0,0],{"a":[[0,0],[1,1],0,1]}]]}""")]
    [InlineData("""{"curvePaths":[[[0,0],{"c":[[3,3],[1,4]]}]]}""")]
    [InlineData("""{"xmin":0,"ymin":0,"xmax":"a","ymax":1}""")]
    [InlineData("""{"xmin":0,"ymin":0,"xmax":1}""")]
    [InlineData("{\"x\":1,")]
    [InlineData("1,2,3")]
    [InlineData("a,b")]
    [InlineData("1,NaN")]
    [InlineData("1,Infinity,2,3")]
    [InlineData("1,,2,3")]
    [InlineData("   ")]
    public void Rejects_with_a_400_naming_the_parameter(string text)
    {
        var error = Assert.Throws<ArcGisException>(() => EsriJsonGeometryReader.ParseQueryGeometry(text, null));
        Assert.Equal(400, error.Code);
        Assert.Equal("'geometry' parameter is invalid", error.Details[0]);
        Assert.Equal(2, error.Details.Count);
    }

    [Theory]
    [InlineData("""{"x":1,"y":2}""", GeometryType.Polygon)]
    [InlineData("""{"rings":[[[0,0],[0,1],[1,1],[0,0]]]}""", GeometryType.Envelope)]
    [InlineData("1,2", GeometryType.Envelope)]
    [InlineData("1,2,3,4", GeometryType.Point)]
    [InlineData("1,2,3,4", GeometryType.Polygon)]
    public void Rejects_a_geometry_of_another_type_than_geometryType(string text, GeometryType geometryType) =>
        Assert.Equal(400, Assert.Throws<ArcGisException>(() => EsriJsonGeometryReader.ParseQueryGeometry(text, geometryType)).Code);

    [Fact]
    public void Rejects_deep_nesting()
    {
        var text = "{\"rings\":" + new string('[', 200) + new string(']', 200) + "}";
        Assert.Equal(400, Assert.Throws<ArcGisException>(() => EsriJsonGeometryReader.ParseQueryGeometry(text, null)).Code);
    }

    [Theory]
    [InlineData("points", 1)]
    [InlineData("rings", 2)]
    public void Caps_the_vertex_count(string key, int parts)
    {
        // Each part holds just over 1/parts of the cap: the count is over the whole geometry, not per part.
        var perPart = (EsriJsonGeometryReader.MaxVertices / parts) + 1;
        var part = new StringBuilder().Append('[').Insert(1, "[0,0],", perPart - 1).Append("[0,0]]").ToString();
        var all = parts == 1 ? part : $"[{string.Join(',', Enumerable.Repeat(part, parts))}]";
        var error = Assert.Throws<ArcGisException>(() => EsriJsonGeometryReader.ParseQueryGeometry($$"""{"{{key}}":{{all}}}""", null));
        Assert.Contains("vertices", error.Details[1], StringComparison.Ordinal);
    }
}
