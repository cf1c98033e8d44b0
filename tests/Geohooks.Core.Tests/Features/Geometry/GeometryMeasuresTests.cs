using Geohooks.Core.Features.Geometry;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

public class GeometryMeasuresTests
{
    [Fact]
    public void Extent_covers_every_shape_and_skips_missing_ones()
    {
        var extent = GeometryMeasures.Extent([
            GeometryJson.Read("""{"x":-5,"y":2}"""),
            null,
            GeometryJson.Read("""{"rings":[]}"""),
            GeometryJson.Read("""{"paths":[[[0,0],[10,8]]]}"""),
        ]);
        Assert.Equal(new Envelope(-5, 10, 0, 8), extent);
        Assert.True(GeometryMeasures.Extent(Array.Empty<NetTopologySuite.Geometries.Geometry?>()).IsNull);
        Assert.Equal(new Envelope(0, 3, 0, 4), GeometryMeasures.Extent([new Envelope(0, 1, 0, 1), new Envelope(2, 3, 3, 4)]));
    }

    [Theory]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]]]}""", 5, 5)]
    [InlineData("""{"rings":[[[0,0],[0,2],[6,2],[6,0],[0,0]],[[0,2],[0,6],[2,6],[2,2],[0,2]]]}""", 2.2, 2.2)]
    [InlineData("""{"hasZ":true,"paths":[[[0,0,9],[4,0,9]]]}""", 2, 0)]
    public void Centroid_is_the_centre_of_mass(string json, double x, double y)
    {
        var centroid = GeometryMeasures.Centroid(GeometryJson.Read(json))!;
        Assert.Equal(x, centroid.X, 1e-9);
        Assert.Equal(y, centroid.Y, 1e-9);
        Assert.Equal("""{"x":""" + x.ToString(System.Globalization.CultureInfo.InvariantCulture) + ""","y":""" + y.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", GeometryJson.Esri(centroid, new EsriJsonWriteOptions { GeometryPrecision = 6 }));
    }

    [Fact]
    public void Centroid_of_nothing_is_null()
    {
        Assert.Null(GeometryMeasures.Centroid(null));
        Assert.Null(GeometryMeasures.Centroid(GeometryJson.Read("""{"rings":[]}""")));
    }
}
