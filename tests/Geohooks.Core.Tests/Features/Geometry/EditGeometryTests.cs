using Geohooks.Core.Features.Geometry;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>applyEdits geometries: the layer's type and Z/M demands map to the edit error codes of spec §7.1.</summary>
public class EditGeometryTests
{
    private static readonly GeometryRequirements Polygons = new(GeometryType.Polygon);
    private static readonly GeometryRequirements LinesZ = new(GeometryType.Polyline, HasZ: true);
    private static readonly GeometryRequirements PointsM = new(GeometryType.Point, HasM: true);

    public static TheoryData<string, GeometryRequirements, int, string> Failures() => new()
    {
        { """{"x":1,"y":2}""", Polygons, 1015, "Geometry could not be set." },
        { """{"xmin":0,"ymin":0,"xmax":1,"ymax":1}""", Polygons, 1015, "Geometry could not be set." },
        { """{"rings":[[[0,0],[1,1],[0,0]]]}""", Polygons, 1015, "Geometry could not be set." },
        { """{"curveRings":[[[0,0],{"c":[[3,3],[1,4]]}]]}""", Polygons, 1005, "True curve update not allowed." },
        { """{"paths":[[[0,0],[1,1]]]}""", LinesZ, 1014, "Geometry does not have z-values." },
        { """{"hasZ":false,"paths":[[[0,0,1],[1,1,1]]]}""", LinesZ, 1014, "Geometry does not have z-values." },
        { """{"x":1,"y":2,"z":3}""", PointsM, 1002, "Geometry does not have m-values." },
        { "[1,2]", Polygons, 1015, "Geometry could not be set." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Fails_with_the_edit_error_code(string json, GeometryRequirements layer, int code, string description)
    {
        var result = EsriJsonGeometryReader.ReadForEdit(GeometryJson.Element(json), layer);
        Assert.False(result.Succeeded);
        Assert.Equal((code, description), (result.Error!.Code, result.Error.Description));
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Reason));
        Assert.Null(result.Geometry);
    }

    [Fact]
    public void Keeps_exactly_the_ordinates_the_layer_stores()
    {
        var lineZ = EsriJsonGeometryReader.ReadForEdit(GeometryJson.Element("""{"hasZ":true,"hasM":true,"paths":[[[0,0,1,7],[1,1,2,8]]]}"""), LinesZ);
        Assert.True(lineZ.Succeeded);
        var sequence = ((LineString)lineZ.Geometry!).CoordinateSequence;
        Assert.Equal((3, 0), (sequence.Dimension, sequence.Measures));
        Assert.Equal(2, sequence.GetZ(1));

        var flat = EsriJsonGeometryReader.ReadForEdit(GeometryJson.Element("""{"x":1,"y":2,"z":3,"m":4}"""), new GeometryRequirements(GeometryType.Point));
        Assert.Equal((false, false), Shapes.Layout(flat.Geometry!));

        var pointM = EsriJsonGeometryReader.ReadForEdit(GeometryJson.Element("""{"x":1,"y":2,"m":null}"""), PointsM);
        Assert.True(pointM.Succeeded);
        Assert.True(double.IsNaN(((Point)pointM.Geometry!).M));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"paths":[]}""")]
    [InlineData("""{"hasZ":true,"paths":[[[0,0,1],[1,1,2]]],"spatialReference":{"wkid":4326}}""")]
    public void Accepts_no_shape_empty_shapes_and_a_carried_spatial_reference(string json)
    {
        var result = EsriJsonGeometryReader.ReadForEdit(GeometryJson.Element(json), LinesZ);
        Assert.True(result.Succeeded);
        Assert.Equal(json.Contains("4326", StringComparison.Ordinal), result.SpatialReference?.IsWgs84 ?? false);
    }
}
