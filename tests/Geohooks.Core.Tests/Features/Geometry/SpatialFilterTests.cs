using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>Each spatialRel reads "query geometry REL feature"; the query geometry here is the square (0,0)–(10,10).</summary>
public class SpatialFilterTests
{
    private const string Query = """{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]]]}""";

    private static readonly Dictionary<string, string> Features = new()
    {
        ["inside"] = """{"rings":[[[2,2],[2,4],[4,4],[4,2],[2,2]]]}""",
        ["overlapping"] = """{"rings":[[[5,5],[5,15],[15,15],[15,5],[5,5]]]}""",
        ["touching"] = """{"rings":[[[10,0],[10,10],[20,10],[20,0],[10,0]]]}""",
        ["containing"] = """{"rings":[[[-5,-5],[-5,15],[15,15],[15,-5],[-5,-5]]]}""",
        ["far"] = """{"rings":[[[20,20],[20,30],[30,30],[30,20],[20,20]]]}""",
        ["crossingLine"] = """{"paths":[[[-5,5],[15,5]]]}""",
        ["lineInside"] = """{"paths":[[[1,1],[2,2]]]}""",
        ["pointInside"] = """{"x":5,"y":5}""",
        ["pointOnEdge"] = """{"x":10,"y":5}""",
        ["pointOutside"] = """{"x":50,"y":50}""",
    };

    [Theory]
    [InlineData(null, "inside overlapping touching containing crossingLine lineInside pointInside pointOnEdge")]
    [InlineData("esriSpatialRelIntersects", "inside overlapping touching containing crossingLine lineInside pointInside pointOnEdge")]
    [InlineData("esriSpatialRelContains", "inside lineInside pointInside")]
    [InlineData("esriSpatialRelWithin", "containing")]
    [InlineData("esriSpatialRelCrosses", "crossingLine")]
    [InlineData("esriSpatialRelOverlaps", "overlapping")]
    [InlineData("esriSpatialRelTouches", "touching pointOnEdge")]
    [InlineData("esriSpatialRelEnvelopeIntersects", "inside overlapping touching containing crossingLine lineInside pointInside pointOnEdge")]
    [InlineData("ESRISPATIALRELINDEXINTERSECTS", "inside overlapping touching containing crossingLine lineInside pointInside pointOnEdge")]
    public void Matches_features_in_the_query_to_feature_direction(string? spatialRel, string expected) =>
        Assert.Equal(expected, MatchingNames(SpatialFilter.Create(GeometryJson.Read(Query), SpatialReference.WebMercator, spatialRel)));

    [Theory]
    [InlineData("T********", "inside overlapping containing crossingLine lineInside pointInside")]
    [InlineData("t********", "inside overlapping containing crossingLine lineInside pointInside")]
    [InlineData("FF*FF****", "far pointOutside")]
    [InlineData("T*****FF*", "inside lineInside pointInside")]
    [InlineData("T*F**F***", "containing")]
    public void Matches_de9im_relations_with_the_query_geometry_first(string relationParam, string expected)
    {
        var filter = SpatialFilter.Create(GeometryJson.Read(Query), SpatialReference.WebMercator, "esriSpatialRelRelation", relationParam);
        Assert.Equal(expected, MatchingNames(filter));
    }

    [Fact]
    public void Bounds_the_index_search_unless_a_pattern_admits_disjoint_features()
    {
        var query = GeometryJson.Read(Query);
        Assert.Equal(query.EnvelopeInternal, SpatialFilter.Create(query, SpatialReference.WebMercator, "esriSpatialRelWithin").IndexEnvelope);
        Assert.Null(SpatialFilter.Create(query, SpatialReference.WebMercator, "esriSpatialRelRelation", "FF*FF****").IndexEnvelope);
        Assert.True(SpatialFilter.Create(GeometryJson.Read("""{"rings":[]}"""), SpatialReference.WebMercator).IndexEnvelope!.IsNull);
    }

    [Fact]
    public void Features_without_shape_never_match()
    {
        var filter = SpatialFilter.Create(GeometryJson.Read(Query), SpatialReference.WebMercator);
        Assert.False(filter.Matches(null));
        Assert.False(filter.Matches(GeometryJson.Read("""{"x":null}""")));
    }

    [Theory]
    [InlineData("esriSpatialRelNear", null, "spatialRel")]
    [InlineData("esriSpatialRelRelation", null, "relationParam")]
    [InlineData("esriSpatialRelRelation", "TTT", "relationParam")]
    [InlineData("esriSpatialRelRelation", "RELATE(G1)", "relationParam")]
    [InlineData("esriSpatialRelRelation", "TTTTTTTTX", "relationParam")]
    public void Rejects_unknown_relations_naming_the_parameter(string spatialRel, string? relationParam, string parameter)
    {
        var error = Assert.Throws<ArcGisException>(() => SpatialFilter.Create(GeometryJson.Read(Query), SpatialReference.WebMercator, spatialRel, relationParam));
        Assert.Equal(400, error.Code);
        Assert.Equal($"'{parameter}' parameter is invalid", error.Details[0]);
    }

    private static string MatchingNames(SpatialFilter filter) =>
        string.Join(' ', Features.Where(feature => filter.Matches(Parse(feature.Value))).Select(feature => feature.Key));

    private static NtsGeometry Parse(string json) => GeometryJson.Read(json);
}
