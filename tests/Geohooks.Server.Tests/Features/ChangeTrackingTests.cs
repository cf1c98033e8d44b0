using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Change tracking end to end: the generation bracket a feature event carries is what extractChanges takes, and it
/// returns exactly that transaction's changes; rolled-back edits leave no trace; the async job serves the same result.
/// </summary>
public abstract class ChangeTrackingTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    private async Task<JsonElement> ExtractAsync(string token, string name, params (string, string)[] parameters)
    {
        var (type, body) = await Server.RawGetAsync($"{Svc(name)}/extractChanges", token, [.. parameters, ("f", "json")]);
        Assert.Equal("application/json", type);
        return Parse(body);
    }

    private static long[] Ids(JsonElement answer, int layer, string kind) =>
        [.. answer.GetProperty("edits").EnumerateArray().Single(e => e.GetProperty("id").GetInt32() == layer).GetProperty("objectIds").GetProperty(kind).EnumerateArray().Select(i => i.GetInt64()).Order()];

    [Fact]
    public async Task The_generation_bracket_of_an_event_extracts_exactly_its_changes()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Track");
        await Server.CreateServiceWithAsync(admin, Admin, name, capabilities: Editing + ",ChangeTracking");
        var start = await Server.ServerGenAsync(admin, name, 0);
        var ids = await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a"},"geometry":{"x":1,"y":1}},{"attributes":{"name":"b"}},{"attributes":{"name":"c"}}]""");

        var before = await Server.LastEventSequenceAsync();
        await Server.ApplyEditsAsync(admin, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{ids[0]}}},"name":"a2"} }]"""), ("deletes", $"{ids[1]}"));
        var gen = (await Server.FeatureEventsAfterAsync(before))[^1].Properties().GetProperty("serverGen");
        var (min, max) = (gen.GetProperty("minServerGen").GetInt64(), gen.GetProperty("serverGen").GetInt64());

        // Rolled back and failed edits leave no change behind.
        (await Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"name":"x"}},{"attributes":{"name":null}}]"""))).AssertError(400);
        Assert.Equal(max, await Server.ServerGenAsync(admin, name, 0));

        var bracket = await ExtractAsync(admin, name, ("layers", "[0]"), ("serverGens", $"[{min},{max}]"), ("returnIdsOnly", "true"));
        Assert.Equal(max, bracket.GetProperty("layerServerGens")[0].GetProperty("serverGen").GetInt64());
        Assert.Empty(Ids(bracket, 0, "adds"));
        Assert.Equal([ids[0]], Ids(bracket, 0, "updates"));
        Assert.Equal([ids[1]], Ids(bracket, 0, "deletes"));

        // From the start: the deleted add vanishes, the updated add is one add.
        var all = await ExtractAsync(admin, name, ("layers", "[0]"), ("serverGens", $"[{start},{max}]"), ("returnIdsOnly", "true"));
        Assert.Equal([ids[0], ids[2]], Ids(all, 0, "adds"));
        Assert.Empty(Ids(all, 0, "updates"));
        Assert.Empty(Ids(all, 0, "deletes"));

        var features = await ExtractAsync(admin, name, ("layers", "[0]"), ("serverGens", $"[{min},{max}]"), ("returnDeletedFeatures", "false"));
        var edits = features.GetProperty("edits")[0].GetProperty("features");
        Assert.Equal("a2", edits.GetProperty("updates")[0].GetProperty("attributes").Str("name"));
        Assert.Equal([ids[1]], edits.GetProperty("deleteIds").EnumerateArray().Select(i => i.GetInt64()));

        // The async job gives the same answer through its status and result URLs.
        var submitted = await Server.GetAsync($"{Svc(name)}/extractChanges", admin, ("layers", "[0]"), ("serverGens", $"[{min},{max}]"), ("returnIdsOnly", "true"), ("async", "true"));
        var statusUrl = new Uri(submitted.Str("statusUrl")).AbsolutePath["/arcgis".Length..];
        JsonElement status = default;
        for (var i = 0; i < 200 && (i == 0 || status.Str("status") is "Pending" or "InProgress"); i++)
        {
            await Task.Delay(i == 0 ? 0 : 25);
            status = await Server.GetAsync(statusUrl, admin);
        }

        Assert.Equal("Completed", status.Str("status"));
        var (_, result) = await Server.RawGetAsync(new Uri(status.Str("resultUrl")).AbsolutePath["/arcgis".Length..], admin);
        Assert.Equal(bracket.GetRawText(), Parse(result).GetRawText());

        // Without the capability there is nothing to extract.
        var plain = Unique.Name("Untracked");
        await Server.CreateServiceWithAsync(admin, Admin, plain);
        var refused = await Server.GetAsync($"{Svc(plain)}/extractChanges", admin, ("serverGens", "[0,10]"));
        refused.AssertError(400);
        Assert.Equal("Requested operation is not supported by this service.", refused.GetProperty("error").Str("message"));
    }
}

public sealed class SqliteChangeTrackingTests(SqliteServerFixture f) : ChangeTrackingTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresChangeTrackingTests(PostgresServerFixture f) : ChangeTrackingTests(f), IClassFixture<PostgresServerFixture>;
