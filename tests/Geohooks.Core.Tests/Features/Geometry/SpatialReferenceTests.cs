using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Tests.Features.Geometry;

public class SpatialReferenceTests
{
    [Theory]
    [InlineData("4326", """{"wkid":4326,"latestWkid":4326}""")]
    [InlineData(" 4326 ", """{"wkid":4326,"latestWkid":4326}""")]
    [InlineData("""{"wkid":4326}""", """{"wkid":4326,"latestWkid":4326}""")]
    [InlineData("102100", """{"wkid":102100,"latestWkid":3857}""")]
    [InlineData("3857", """{"wkid":102100,"latestWkid":3857}""")]
    [InlineData("102113", """{"wkid":102100,"latestWkid":3857}""")]
    [InlineData("900913", """{"wkid":102100,"latestWkid":3857}""")]
    [InlineData("""{"wkid":102100,"latestWkid":3857}""", """{"wkid":102100,"latestWkid":3857}""")]
    [InlineData("""{"latestWkid":3857}""", """{"wkid":102100,"latestWkid":3857}""")]
    [InlineData("""{"wkid":102697,"latestWkid":2230}""", """{"wkid":102697,"latestWkid":2230}""")]
    [InlineData("2230", """{"wkid":2230}""")]
    [InlineData("""{"wkt":"PROJCS[\"Local\"]"}""", """{"wkt":"PROJCS[\u0022Local\u0022]"}""")]
    [InlineData("GEOGCS[\"Custom\"]", """{"wkt":"GEOGCS[\u0022Custom\u0022]"}""")]
    public void Parses_parameter_forms_and_writes_the_ArcGIS_form(string text, string expected)
    {
        var spatialReference = SpatialReference.Parse(text, "inSR");
        Assert.NotNull(spatialReference);
        Assert.Equal(expected, GeometryJson.Capture(spatialReference.WriteTo));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_means_not_supplied(string? text) => Assert.Null(SpatialReference.Parse(text, "outSR"));

    [Theory]
    [InlineData("abc")]
    [InlineData("-4326")]
    [InlineData("0")]
    [InlineData("43.26")]
    [InlineData("{\"wkid\":\"4326\"}")]
    [InlineData("{\"wkid\":-1}")]
    [InlineData("{}")]
    [InlineData("{\"wkt\":\"\"}")]
    [InlineData("{\"wkid\":")]
    [InlineData("99999999999")]
    public void Rejects_anything_else_naming_the_parameter(string text)
    {
        var error = Assert.Throws<ArcGisException>(() => SpatialReference.Parse(text, "outSR"));
        Assert.Equal(400, error.Code);
        Assert.Equal("'outSR' parameter is invalid", error.Details[0]);
    }

    [Fact]
    public void Reads_bare_numbers_and_objects_from_json()
    {
        Assert.True(SpatialReference.FromJson(GeometryJson.Element("4326"), "inSR").IsWgs84);
        Assert.True(SpatialReference.FromJson(GeometryJson.Element("\"3857\""), "inSR").IsWebMercator);
        Assert.True(SpatialReference.FromJson(GeometryJson.Element("""{"wkid":102113}"""), "inSR").IsWebMercator);
        Assert.Throws<ArcGisException>(() => SpatialReference.FromJson(GeometryJson.Element("[4326]"), "inSR"));
    }

    [Fact]
    public void Sameness_follows_the_current_wkid()
    {
        Assert.True(SpatialReference.Parse("""{"wkid":102697,"latestWkid":2230}""", "inSR")!.IsSameAs(SpatialReference.FromWkid(2230)));
        Assert.True(SpatialReference.FromWkid(3857).IsSameAs(SpatialReference.WebMercator));
        Assert.False(SpatialReference.Wgs84.IsSameAs(SpatialReference.WebMercator));
        Assert.True(SpatialReference.FromWkt("X[1]").IsSameAs(SpatialReference.FromWkt("X[1]")));
        Assert.False(SpatialReference.FromWkt("X[1]").IsSameAs(SpatialReference.Wgs84));
    }
}
