using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>Rings become shells and holes by nesting, whatever their winding; unclosed rings are closed.</summary>
public class RingClassificationTests
{
    private const string OuterCw = "[[0,0],[0,10],[10,10],[10,0],[0,0]]";
    private const string OuterCcw = "[[0,0],[10,0],[10,10],[0,10],[0,0]]";
    private const string HoleCcw = "[[2,2],[8,2],[8,8],[2,8],[2,2]]";
    private const string HoleCw = "[[2,2],[2,8],[8,8],[8,2],[2,2]]";
    private const string IslandCw = "[[4,4],[4,6],[6,6],[6,4],[4,4]]";
    private const string FarCw = "[[20,0],[20,5],[25,5],[25,0],[20,0]]";
    private const string FarCcw = "[[20,0],[25,0],[25,5],[20,5],[20,0]]";

    // Expected: polygon count, then each polygon's hole count, e.g. "2:1,0".
    [Theory]
    [InlineData(OuterCw, "1:0")]
    [InlineData(OuterCcw, "1:0")]
    [InlineData(OuterCw + "," + HoleCcw, "1:1")]
    [InlineData(OuterCcw + "," + HoleCw, "1:1")]
    [InlineData(OuterCw + "," + HoleCw, "1:1")]
    [InlineData(OuterCcw + "," + HoleCcw, "1:1")]
    [InlineData(HoleCcw + "," + OuterCw, "1:1")]
    [InlineData(OuterCw + "," + FarCw, "2:0,0")]
    [InlineData(OuterCw + "," + FarCcw, "2:0,0")]
    [InlineData(FarCcw + "," + HoleCw + "," + OuterCcw, "2:1,0")]
    [InlineData(OuterCw + "," + HoleCcw + "," + IslandCw, "2:1,0")]
    [InlineData(IslandCw + "," + OuterCw + "," + HoleCw, "2:1,0")]
    public void Classifies_by_nesting(string rings, string expected)
    {
        var geometry = GeometryJson.Read($$"""{"rings":[{{rings}}]}""");
        Assert.True(geometry.IsValid);
        var polygons = Enumerable.Range(0, geometry.NumGeometries).Select(i => (Polygon)geometry.GetGeometryN(i)).ToList();
        Assert.Equal(expected, $"{polygons.Count}:{string.Join(',', polygons.Select(p => p.NumInteriorRings))}");
    }

    [Theory]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0]]]}""")]
    [InlineData("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]]]}""")]
    public void Closes_open_rings(string json)
    {
        var polygon = (Polygon)GeometryJson.Read(json);
        Assert.Equal(5, polygon.Shell.NumPoints);
        Assert.True(polygon.Shell.IsClosed);
        Assert.Equal(100, polygon.Area);
    }

    [Fact]
    public void Keeps_z_and_m_when_closing()
    {
        var json = """{"hasZ":true,"hasM":true,"rings":[[[0,0,1,2],[0,10,1,2],[10,10,1,2]]]}""";
        Assert.Equal("""{"hasZ":true,"hasM":true,"rings":[[[0,0,1,2],[0,10,1,2],[10,10,1,2],[0,0,1,2]]]}""", GeometryJson.Esri(GeometryJson.Read(json), GeometryJson.ZM));
    }

    [Fact]
    public void Drops_rings_without_area_and_repairs_overlapping_shells()
    {
        Assert.True(GeometryJson.Read("""{"rings":[[[0,0],[1,1],[2,2],[0,0]]]}""").IsEmpty);

        var overlapping = GeometryJson.Read("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]],[[5,0],[5,10],[15,10],[15,0],[5,0]]]}""");
        Assert.True(overlapping.IsValid);
        Assert.Equal(150, overlapping.Area, 1e-9);

        var bowtie = GeometryJson.Read("""{"rings":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}""");
        Assert.True(bowtie.IsValid);
        Assert.Equal(50, bowtie.Area, 1e-9);
    }
}
