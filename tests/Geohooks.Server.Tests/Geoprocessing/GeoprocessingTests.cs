using System.Text.Json;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Geoprocessing;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.Geoprocessing.GpKit;

namespace Geohooks.Server.Tests.Geoprocessing;

/// <summary>
/// The built-in GP services through HTTP: the catalog, service and task resources; buffers checked numerically in 4326
/// and Web Mercator; summaries; execute and submitJob each only where they belong.
/// </summary>
public abstract class GeoprocessingTests(GpServerFixture fixture)
{
    private const string PointsAndMercator = """
        {"layers":[
          {"name":"Geo","geometryType":"esriGeometryPoint","spatialReference":{"wkid":4326},"fields":[
            {"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"kind","type":"esriFieldTypeString","length":20},{"name":"size","type":"esriFieldTypeDouble"}]},
          {"name":"Merc","geometryType":"esriGeometryPoint","spatialReference":{"wkid":102100},"fields":[
            {"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"kind","type":"esriFieldTypeString","length":20}]}],
         "tables":[{"name":"Notes","fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"note","type":"esriFieldTypeString"}]}]}
        """;

    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task The_catalog_services_and_tasks_have_the_ArcGIS_shapes()
    {
        var admin = await Server.AdminTokenAsync();
        Assert.Contains("Tools", (await Server.GetAsync("/rest/services", admin)).Strings("folders"));
        var folder = await Server.GetAsync("/rest/services/Tools", admin);
        Assert.Equal(["Tools/Diagnostics", "Tools/DiagnosticsSync", "Tools/FeatureAnalysis"], folder.GetProperty("services").EnumerateArray().Select(s => s.Str("name")).Order());
        Assert.All(folder.GetProperty("services").EnumerateArray(), s => Assert.Equal("GPServer", s.Str("type")));
        Assert.Empty((await Server.GetAsync("/rest/services/Tools", null)).GetProperty("services").EnumerateArray());

        var (_, pretty) = await Server.RawGetAsync(Analysis, admin, ("f", "pjson"));
        Assert.Contains("\n  \"currentVersion\"", System.Text.Encoding.UTF8.GetString(pretty), StringComparison.Ordinal);
        var service = Parse(pretty);
        Assert.Equal(["currentVersion", "serviceDescription", "tasks", "executionType", "resultMapServerName", "maximumRecords", "capabilities"], service.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["BufferFeatures", "SummarizeByField"], service.Strings("tasks"));
        Assert.Equal(("esriExecutionTypeAsynchronous", 1000), (service.Str("executionType"), service.GetProperty("maximumRecords").GetInt32()));
        Assert.Equal("esriExecutionTypeSynchronous", (await Server.GetAsync(Sync, admin)).Str("executionType"));
        Assert.Equal(JsonSerializer.Serialize(service), JsonSerializer.Serialize(await Server.GetAsync("/rest/services/tools/featureanalysis/GPServer", admin)));

        var task = await Server.GetAsync($"{Analysis}/BufferFeatures", admin);
        Assert.Equal(["name", "displayName", "description", "category", "helpUrl", "executionType", "parameters"], task.EnumerateObject().Select(p => p.Name));
        string[] keys = ["name", "dataType", "displayName", "description", "direction", "defaultValue", "parameterType", "category"];
        Assert.All(task.GetProperty("parameters").EnumerateArray(), p => Assert.Equal(keys, p.EnumerateObject().Select(k => k.Name).Take(keys.Length)));
        var parameters = task.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.Str("name"));
        Assert.Equal(("GPFeatureRecordSetLayer", "esriGPParameterDirectionInput", "esriGPParameterTypeRequired"), (parameters["Input_Layer"].Str("dataType"), parameters["Input_Layer"].Str("direction"), parameters["Input_Layer"].Str("parameterType")));
        Assert.Equal((100, "esriMeters"), (parameters["Distance"].GetProperty("defaultValue").GetProperty("distance").GetInt32(), parameters["Distance"].GetProperty("defaultValue").Str("units")));
        Assert.Equal(("esriGPParameterDirectionOutput", "esriGPParameterTypeDerived"), (parameters["Output_Features"].Str("direction"), parameters["Output_Features"].Str("parameterType")));
        var wait = (await Server.GetAsync($"{Diagnostics}/Wait", admin)).GetProperty("parameters")[0];
        Assert.Equal(("range", 0, 3600), (wait.GetProperty("filter").Str("type"), wait.GetProperty("filter").GetProperty("minimum").GetInt32(), wait.GetProperty("filter").GetProperty("maximum").GetInt32()));

        (await Server.GetAsync(Analysis, null)).AssertError(499);
        (await Server.GetAsync($"{Analysis}/BufferFeatures", null)).AssertError(499);
        (await Server.GetAsync("/rest/services/Tools/Nope/GPServer", admin)).AssertError(404);
        (await Server.GetAsync($"{Analysis}/Nope", admin)).AssertError(404);
    }

    [Fact]
    public async Task Buffers_are_polygons_of_the_right_ground_area_in_4326_and_Web_Mercator()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Buf");
        await Server.CreateServiceWithAsync(admin, Admin, name, PointsAndMercator);
        var geo = await Server.AddAsync(admin, name, 0, """[{"geometry":{"x":10,"y":60},"attributes":{"kind":"a","size":2}},{"geometry":{"x":-70,"y":0},"attributes":{"kind":"b","size":5}}]""");
        var (mx, my) = Projection.ToWebMercator(10, 60);
        await Server.AddAsync(admin, name, 1, $$$"""[{"geometry":{"x":1000,"y":0},"attributes":{"kind":"equator"}},{"geometry":{"x":{{{mx}}},"y":{{{my}}}},"attributes":{"kind":"north"}}]""");

        var job = await Server.RunAsync(admin, Analysis, "BufferFeatures", ("Input_Layer", Layer(name, 0)), ("Distance", Meters(100)));
        Assert.Equal(GpJobStatus.Succeeded, job.Str("jobStatus"));
        Assert.Equal(["Output_Features", "Feature_Count"], job.GetProperty("results").EnumerateObject().Select(p => p.Name));
        Assert.Equal("results/Output_Features", job.GetProperty("results").GetProperty("Output_Features").Str("paramUrl"));
        Assert.StartsWith("Succeeded at ", job.MessageTexts()[^1], StringComparison.Ordinal);
        var output = await Server.ResultAsync(admin, Analysis, "BufferFeatures", job.Str("jobId"), "Output_Features");
        Assert.Equal(("esriGeometryPolygon", 4326), (output.Str("geometryType"), output.GetProperty("spatialReference").GetProperty("wkid").GetInt32()));
        Assert.Equal(["OBJECTID", "ORIG_FID", "kind", "size", "BUFF_DIST"], output.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
        var features = output.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(2, features.Length);
        Assert.Equal(2, (await Server.ResultAsync(admin, Analysis, "BufferFeatures", job.Str("jobId"), "Feature_Count")).GetInt32());
        foreach (var (feature, oid) in features.Zip(geo))
        {
            var attributes = feature.GetProperty("attributes");
            Assert.Equal((oid, 100.0), (attributes.GetProperty("ORIG_FID").GetInt64(), attributes.GetProperty("BUFF_DIST").GetDouble()));
            AssertCircleArea(GroundArea(feature.GetProperty("geometry"), degrees: true), 100);
        }

        Assert.Equal(("a", 2.0), (features[0].GetProperty("attributes").Str("kind"), features[0].GetProperty("attributes").GetProperty("size").GetDouble()));

        // Web Mercator: metres on the ground, whatever the latitude stretches them to on the map.
        job = await Server.RunAsync(admin, Analysis, "BufferFeatures", ("Input_Layer", Layer(name, 1)), ("Distance", """{"distance":0.1,"units":"esriKilometers"}"""));
        output = await Server.ResultAsync(admin, Analysis, "BufferFeatures", job.Str("jobId"), "Output_Features");
        Assert.Equal(102100, output.GetProperty("spatialReference").GetProperty("wkid").GetInt32());
        foreach (var feature in output.GetProperty("features").EnumerateArray())
        {
            AssertCircleArea(GroundArea(feature.GetProperty("geometry"), degrees: false), 100);
        }

        // A where clause, and overlapping buffers dissolved into one polygon.
        await Server.AddAsync(admin, name, 0, """[{"geometry":{"x":10.001,"y":60},"attributes":{"kind":"a","size":3}}]""");
        job = await Server.RunAsync(admin, Analysis, "BufferFeatures", ("Input_Layer", Layer(name, 0)), ("Where", "kind = 'a'"), ("Distance", Meters(100)), ("Dissolve", "true"));
        output = await Server.ResultAsync(admin, Analysis, "BufferFeatures", job.Str("jobId"), "Output_Features");
        var merged = Assert.Single(output.GetProperty("features").EnumerateArray());
        Assert.Equal(["OBJECTID", "BUFF_DIST"], output.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
        var area = GroundArea(merged.GetProperty("geometry"), degrees: true);
        Assert.InRange(area, Math.PI * 100 * 100 * 1.2, Math.PI * 100 * 100 * 2 * 0.9);
    }

    [Fact]
    public async Task Summaries_count_and_sum_per_group_for_a_layer_given_by_url()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Sum");
        await Server.CreateServiceWithAsync(admin, Admin, name, PointsAndMercator);
        await Server.AddAsync(admin, name, 0, """
            [{"attributes":{"kind":"b","size":1}},{"attributes":{"kind":"a","size":2}},{"attributes":{"kind":"a","size":3.5}},{"attributes":{"kind":"c","size":10}}]
            """);
        var url = JsonSerializer.Serialize(new { url = $"{Server.BaseUrl}/rest/services/{name}/FeatureServer/0", filter = "size < 10" });
        var job = await Server.RunAsync(admin, Analysis, "SummarizeByField", ("Input_Layer", url), ("Field", "KIND"), ("Sum_Field", "size"));
        Assert.Equal(GpJobStatus.Succeeded, job.Str("jobStatus"));
        var table = await Server.ResultAsync(admin, Analysis, "SummarizeByField", job.Str("jobId"), "Output_Table");
        Assert.False(table.TryGetProperty("geometryType", out _));
        Assert.Equal(["kind", "FREQUENCY", "SUM_size"], table.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
        var rows = table.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("attributes"))
            .Select(a => (a.Str("kind"), a.GetProperty("FREQUENCY").GetInt32(), a.GetProperty("SUM_size").GetDouble()));
        Assert.Equal([("a", 2, 5.5), ("b", 1, 1.0)], rows);
        Assert.Equal(2, (await Server.ResultAsync(admin, Analysis, "SummarizeByField", job.Str("jobId"), "Group_Count")).GetInt32());

        // The inputs as checked: defaults filled in, the URL read to a service and layer.
        var input = await Server.GetAsync($"{Analysis}/SummarizeByField/jobs/{job.Str("jobId")}/inputs/Input_Layer", admin);
        Assert.Equal((name, 0, "size < 10"), (input.GetProperty("value").Str("serviceName"), input.GetProperty("value").GetProperty("layerId").GetInt32(), input.GetProperty("value").Str("filter")));
    }

    [Fact]
    public async Task Execute_runs_synchronous_tasks_only_and_submitJob_asynchronous_ones_only()
    {
        var admin = await Server.AdminTokenAsync();
        var before = await Server.LastEventSequenceAsync();
        var echo = await Server.PostAsync($"{Sync}/Echo/execute", admin, ("Text", "hi"), ("Times", "2"));
        Assert.Equal(["results", "messages"], echo.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            [("Echo", "GPString", "\"hi hi\""), ("Length", "GPLong", "5")],
            echo.GetProperty("results").EnumerateArray().Select(r => (r.Str("paramName"), r.Str("dataType"), r.GetProperty("value").GetRawText())));
        Assert.Equal("esriJobMessageTypeInformative", echo.GetProperty("messages")[0].Str("type"));
        var viaGet = await Server.GetAsync($"{Sync}/Echo/execute", admin, ("Text", "hi"));
        Assert.True(viaGet.TryGetProperty("results", out var results), viaGet.ToString());
        Assert.Equal("hi", results[0].GetProperty("value").GetString());

        var refused = await Server.PostAsync($"{Analysis}/BufferFeatures/execute", admin, ("Input_Layer", Layer("x", 0)));
        refused.AssertError(400);
        Assert.Contains("asynchronous", refused.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        refused = await Server.PostAsync($"{Sync}/Echo/submitJob", admin, ("Text", "hi"));
        refused.AssertError(400);
        Assert.Contains("synchronous", refused.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        (await Server.PostAsync($"{Sync}/Echo/execute", null, ("Text", "hi"))).AssertError(499);
        Assert.Equal(before, await Server.LastEventSequenceAsync());
    }

    private static void AssertCircleArea(double area, double radius) =>
        Assert.InRange(area / (Math.PI * radius * radius), 0.99, 1.01);

    /// <summary>
    /// The area on the ground of a polygon's rings (shoelace): degrees through a local equirectangular projection on
    /// the Mercator sphere, Mercator metres shrunk by the square of the scale at the polygon's latitude.
    /// </summary>
    private static double GroundArea(JsonElement geometry, bool degrees)
    {
        var rings = geometry.GetProperty("rings").EnumerateArray().Select(r => r.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToArray()).ToArray();
        var all = rings.SelectMany(r => r).ToArray();
        var (cx, cy) = (all.Average(p => p.X), all.Average(p => p.Y));
        var latitude = degrees ? cy : Projection.ToWgs84(cx, cy).Latitude;
        var scale = Math.Cos(double.DegreesToRadians(latitude));
        double Signed((double X, double Y)[] ring) => ring.Zip(ring.Skip(1)).Sum(e => (e.First.X * e.Second.Y) - (e.Second.X * e.First.Y)) / 2;
        var area = Math.Abs(rings.Sum(Signed));
        var perDegree = Projection.EarthRadius * Math.PI / 180;
        return degrees ? area * perDegree * perDegree * scale : area * scale * scale;
    }
}

public sealed class SqliteGeoprocessingTests(SqliteGpServerFixture f) : GeoprocessingTests(f), IClassFixture<SqliteGpServerFixture>;

public sealed class PostgresGeoprocessingTests(PostgresGpServerFixture f) : GeoprocessingTests(f), IClassFixture<PostgresGpServerFixture>;
