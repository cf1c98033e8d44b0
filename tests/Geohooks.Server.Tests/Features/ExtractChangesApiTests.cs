using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// extractChanges over HTTP (webhooks spec §6.1): generation ranges, the collapse of several edits of one row,
/// filters, the optional parts, and asynchronous jobs — on both stores.
/// </summary>
public abstract partial class ExtractChangesApiTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task Changes_between_two_generations_are_collapsed_per_row()
    {
        var (token, svc) = await ServiceAsync();
        var layer = svc + "/0";
        var ids = await AddAsync(token, layer, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a","n":1}},{"geometry":{"x":2,"y":2},"attributes":{"name":"b","n":2}},{"geometry":{"x":3,"y":3},"attributes":{"name":"c","n":3}}]"""); // gen 1
        var (a, b, c) = (ids[0], ids[1], ids[2]);
        await EditAsync(token, layer, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{a}}},"name":"a2"}}]""")); // gen 2
        await EditAsync(token, layer, ("deletes", b.ToString(System.Globalization.CultureInfo.InvariantCulture))); // gen 3
        var d = (await AddAsync(token, layer, """[{"geometry":{"x":4,"y":4},"attributes":{"name":"d"}}]"""))[0]; // gen 4
        await EditAsync(token, layer, ("deletes", d.ToString(System.Globalization.CultureInfo.InvariantCulture))); // gen 5
        await EditAsync(token, layer, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{c}}}},"geometry":{"x":30,"y":30}}]""")); // gen 6

        var all = Features(await ExtractAsync(token, svc, ("serverGens", "[0,6]")));
        Assert.Equal([a, c], Ids(all, "adds"));
        Assert.Equal("a2", Attribute(all, "adds", a, "name"));
        Assert.Equal(30, all.GetProperty("adds")[1].GetProperty("geometry").GetProperty("x").GetDouble());
        Assert.Empty(Ids(all, "updates"));
        Assert.Empty(all.GetProperty("deleteIds").EnumerateArray());

        var later = Features(await ExtractAsync(token, svc, ("serverGens", "[1,6]"), ("returnDeletedFeatures", "true"), ("returnHasGeometryUpdates", "true")));
        Assert.Empty(Ids(later, "adds"));
        Assert.Equal([a, c], Ids(later, "updates"));
        Assert.Equal([false, true], later.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("hasGeometryUpdates").GetBoolean()));
        Assert.Equal([b], later.GetProperty("deleteIds").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal("b", Attribute(later, "deletes", b, "name"));

        var ids2 = (await ExtractAsync(token, svc, ("layerServerGens", """[{"id":0,"serverGen":2}]"""), ("returnIdsOnly", "true")))
            .GetProperty("edits")[0].GetProperty("objectIds");
        Assert.Empty(ids2.GetProperty("adds").EnumerateArray());
        Assert.Equal([c], ids2.GetProperty("updates").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal([b], ids2.GetProperty("deletes").EnumerateArray().Select(x => x.GetInt64()));
    }

    [Fact]
    public async Task Filters_and_switches_narrow_what_comes_back()
    {
        var (token, svc) = await ServiceAsync();
        var layer = svc + "/0";
        var ids = await AddAsync(token, layer, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"keep","n":5}},{"geometry":{"x":50,"y":50},"attributes":{"name":"far","n":5}},{"geometry":{"x":1.5,"y":1.5},"attributes":{"name":"low","n":1}}]""");

        var filtered = Features(await ExtractAsync(token, svc, ("serverGens", "[0,1]"), ("layerQueries", """{"0":{"where":"n > 2"}}"""),
            ("geometry", "0,0,10,10"), ("geometryType", "esriGeometryEnvelope")));
        Assert.Equal([ids[0]], Ids(filtered, "adds"));

        var none = Features(await ExtractAsync(token, svc, ("serverGens", "[0,1]"), ("returnInserts", "false")));
        Assert.Empty(Ids(none, "adds"));
        var projected = Features(await ExtractAsync(token, svc, ("serverGens", "[0,1]"), ("outSR", "102100")));
        Assert.True(Math.Abs(projected.GetProperty("adds")[0].GetProperty("geometry").GetProperty("x").GetDouble() - 111319.49) < 0.1);
    }

    [Fact]
    public async Task Asynchronous_extraction_answers_with_a_job_and_a_result_file()
    {
        var (token, svc) = await ServiceAsync();
        await AddAsync(token, svc + "/0", """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a"}}]""");
        var sync = await ExtractAsync(token, svc, ("serverGens", "[0,1]"));

        var submitted = await ExtractAsync(token, svc, ("serverGens", "[0,1]"), ("async", "true"));
        var statusUrl = Local(submitted.Str("statusUrl"));
        JsonElement status = default;
        for (var i = 0; i < 200; i++)
        {
            status = await Server.GetAsync(statusUrl, token);
            if (status.Str("status") is "Completed" or "Failed")
            {
                break;
            }

            await Task.Delay(50); // the job runs on the server's own worker; this only polls it
        }

        Assert.Equal("Completed", status.Str("status"));
        var result = await Server.GetAsync(Local(status.Str("resultUrl")), token);
        Assert.Equal(sync.GetProperty("edits").GetRawText(), result.GetProperty("edits").GetRawText());
        (await Server.GetAsync(statusUrl, null)).AssertError(499);
        (await Server.GetAsync(svc + "/jobs/jnope", token)).AssertError(404);
    }

    [Fact]
    public async Task Extraction_needs_change_tracking_and_a_generation_range()
    {
        var (token, svc) = await ServiceAsync("Query,Create,Update,Delete,Editing");
        (await ExtractAsync(token, svc, ("serverGens", "[0,1]"))).AssertError(400);
        var (token2, tracked) = await ServiceAsync();
        (await ExtractAsync(token2, tracked)).AssertError(400);
        (await ExtractAsync(token2, tracked, ("serverGens", "[5,1]"))).AssertError(400);
        (await ExtractAsync(token2, tracked, ("serverGens", "[0,1]"), ("layers", "[7]"))).AssertError(400);
        (await ExtractAsync(token2, tracked, ("serverGens", "[0,1]"), ("layerQueries", """{"0":{"where":"nope = 1"}}"""))).AssertError(400);
    }

    private async Task<(string Token, string Service)> ServiceAsync(string capabilities = "Query,Create,Update,Delete,Editing,ChangeTracking")
    {
        var token = await Server.AdminTokenAsync();
        var name = Unique.Name("changes");
        var created = await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/createService", token,
            ("outputType", "featureService"), ("createParameters", $$$"""{"name":"{{{name}}}","capabilities":"{{{capabilities}}}","spatialReference":{"wkid":4326}}"""));
        Assert.True(created.GetProperty("success").GetBoolean(), created.ToString());
        var added = await Server.PostAsync($"/rest/admin/services/{name}/FeatureServer/addToDefinition", token, ("addToDefinition", """
            {"layers":[{"name":"pts","geometryType":"esriGeometryPoint","fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},
              {"name":"name","type":"esriFieldTypeString"},{"name":"n","type":"esriFieldTypeInteger"}]}]}
            """));
        added.AssertSuccess();
        return (token, $"/rest/services/{name}/FeatureServer");
    }

    private async Task<long[]> AddAsync(string token, string layer, string adds)
    {
        var answer = await EditAsync(token, layer, ("adds", adds));
        return [.. answer.GetProperty("addResults").EnumerateArray().Select(r => r.GetProperty("objectId").GetInt64())];
    }

    private async Task<JsonElement> EditAsync(string token, string layer, params (string, string)[] parameters)
    {
        var answer = await Server.PostAsync(layer + "/applyEdits", token, parameters);
        Assert.False(answer.TryGetProperty("error", out _), answer.ToString());
        return answer;
    }

    /// <summary>A URL the server handed out, as a path under its base URL.</summary>
    private string Local(string url)
    {
        Assert.StartsWith(Server.BaseUrl + "/", url, StringComparison.Ordinal);
        return url[Server.BaseUrl.Length..];
    }

    private Task<JsonElement> ExtractAsync(string token, string svc, params (string, string)[] parameters) =>
        Server.PostAsync(svc + "/extractChanges", token, parameters);

    private static JsonElement Features(JsonElement answer)
    {
        Assert.False(answer.TryGetProperty("error", out _), answer.ToString());
        return answer.GetProperty("edits")[0].GetProperty("features");
    }

    private static long[] Ids(JsonElement features, string kind) =>
        [.. features.GetProperty(kind).EnumerateArray().Select(f => f.GetProperty("attributes").GetProperty("OBJECTID").GetInt64())];

    private static string? Attribute(JsonElement features, string kind, long id, string name) =>
        features.GetProperty(kind).EnumerateArray().Single(f => f.GetProperty("attributes").GetProperty("OBJECTID").GetInt64() == id)
            .GetProperty("attributes").GetProperty(name).GetString();
}

public sealed class SqliteExtractChangesApiTests(SqliteServerFixture f) : ExtractChangesApiTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresExtractChangesApiTests(PostgresServerFixture f) : ExtractChangesApiTests(f), IClassFixture<PostgresServerFixture>;
