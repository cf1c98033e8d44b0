using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.ServiceDelivery.ServiceHookKit;

namespace Geohooks.Server.Tests.ServiceDelivery;

/// <summary>
/// The two Geohooks extensions of feature-service webhooks: filters (a webhook fires only for features matching
/// before or after the edit, and its changesUrl returns only those) and full payloads (the changes inline, falling
/// back to the changesUrl form past the size limit).
/// </summary>
public abstract class FilterAndFullPayloadTests(ServiceHookServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_attribute_filter_fires_for_matches_before_or_after_and_its_changesUrl_returns_only_them()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        await Server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, changeTypes: ["FeaturesCreated", "FeaturesUpdated", "FeaturesDeleted"],
            filter: HookFilter.Parse("""{"where":"kind = 'hydrant'","layers":[0]}"""));

        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"h","kind":"hydrant"}},{"geometry":{"x":2,"y":2},"attributes":{"name":"t","kind":"tree"}}]""");
        var (hydrant, tree) = (ids[0], ids[1]);
        var added = Json((await receiver.WaitForAsync(1))[0]);
        Assert.Contains("&filter=", added.Str("changesUrl"), StringComparison.Ordinal);
        Assert.Equal([hydrant], Changed(await Server.FollowAsync(added.Str("changesUrl"), token), 0, "adds"));

        // Not matching before nor after: nothing.
        await Server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{tree}}},"name":"t2"}}]"""));
        await Task.Delay(300);
        Assert.Single(receiver.Posts);

        // Matching before only (moved out of the filter) and after only (moved in): both fire.
        await Server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{hydrant}}},"kind":"removed"}}]"""));
        var movedOut = Json((await receiver.WaitForAsync(2))[1]);
        Assert.Equal([hydrant], Changed(await Server.FollowAsync(movedOut.Str("changesUrl"), token), 0, "updates"));
        await Server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{tree}}},"kind":"hydrant"}}]"""));
        var movedIn = Json((await receiver.WaitForAsync(3))[2]);
        Assert.Equal([tree], Changed(await Server.FollowAsync(movedIn.Str("changesUrl"), token), 0, "updates"));

        // Deletes are matched on the row as it was: the former hydrant does not fire, the current one does.
        await Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(hydrant)));
        await Task.Delay(300);
        Assert.Equal(3, receiver.Posts.Count);
        await Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(tree)));
        var deleted = Json((await receiver.WaitForAsync(4))[3]);
        Assert.Equal([tree], Changed(await Server.FollowAsync(deleted.Str("changesUrl"), token), 0, "deleteIds"));
    }

    [Fact]
    public async Task A_spatial_filter_fires_only_for_features_inside_its_geometry()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        await Server.HookAsync(WebhookKinds.Online, name, item, receiver.Url,
            filter: HookFilter.Parse("""{"geometry":{"xmin":0,"ymin":0,"xmax":10,"ymax":10,"spatialReference":{"wkid":4326}},"geometryType":"esriGeometryEnvelope","layers":[0]}"""));

        await Server.AddAsync(token, name, 0, """[{"geometry":{"x":50,"y":50},"attributes":{"name":"far"}}]""");
        (await Server.PostAsync($"{Svc(name)}/1/applyEdits", token, ("adds", """[{"attributes":{"note":"table rows are not in the filter's layers"}}]"""))).GetProperty("addResults");
        await Task.Delay(300);
        Assert.Empty(receiver.Posts);

        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":5,"y":5},"attributes":{"name":"near"}},{"geometry":{"x":60,"y":60},"attributes":{"name":"far2"}}]""");
        var entry = Assert.Single(Json((await receiver.WaitForAsync(1))[0]).EnumerateArray());
        Assert.Equal([ids[0]], Changed(await Server.FollowAsync(entry.Str("changesUrl"), token), 0, "adds"));
    }

    [Fact]
    public async Task Full_payloads_carry_the_changes_inline_with_deleted_rows_as_they_were()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        await Server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, changeTypes: ["FeaturesCreated", "FeaturesDeleted"], fullPayload: true);
        await Server.HookAsync(WebhookKinds.Online, name, item, receiver.Url, changeTypes: ["FeaturesCreated", "FeaturesDeleted"], fullPayload: true, contentType: ServiceHookSpec.Form);

        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":2},"attributes":{"name":"50% off","visits":3}}]""");
        var posts = await receiver.WaitForAsync(2);
        foreach (var changes in posts.Select(Json).Select(p => (p.ValueKind == JsonValueKind.Array ? p[0] : p).GetProperty("changes")))
        {
            var add = Assert.Single(changes.GetProperty("edits")[0].GetProperty("features").GetProperty("adds").EnumerateArray());
            Assert.Equal(("50% off", 3), (add.GetProperty("attributes").Str("name"), add.GetProperty("attributes").GetProperty("visits").GetInt32()));
            Assert.Equal((1.0, 2.0), (add.GetProperty("geometry").GetProperty("x").GetDouble(), add.GetProperty("geometry").GetProperty("y").GetDouble()));
        }

        await Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(ids[0])));
        foreach (var changes in (await receiver.WaitForAsync(4)).Skip(2).Select(Json).Select(p => (p.ValueKind == JsonValueKind.Array ? p[0] : p).GetProperty("changes")))
        {
            var features = changes.GetProperty("edits")[0].GetProperty("features");
            Assert.Equal([ids[0]], features.GetProperty("deleteIds").EnumerateArray().Select(i => i.GetInt64()));
            Assert.Equal("50% off", Assert.Single(features.GetProperty("deletes").EnumerateArray()).GetProperty("attributes").Str("name"));
        }
    }
}

public sealed class SqliteFilterAndFullPayloadTests(SqliteServiceHookServerFixture f) : FilterAndFullPayloadTests(f), IClassFixture<SqliteServiceHookServerFixture>;

public sealed class PostgresFilterAndFullPayloadTests(PostgresServiceHookServerFixture f) : FilterAndFullPayloadTests(f), IClassFixture<PostgresServiceHookServerFixture>;

/// <summary>Past the configured limit a full payload falls back to the changesUrl form and says so.</summary>
public sealed class FullPayloadLimitTests
{
    [Fact]
    public async Task A_payload_over_the_limit_is_delivered_without_the_changes_and_says_why()
    {
        await using var server = await GeohooksServer.StartSqliteAsync(null, [.. ServiceHookServerFixture.Args, "--full-payload-limit-kb", "1"]);
        await using var receiver = await Receiver.StartAsync();
        var token = await server.AdminTokenAsync();
        var (name, item) = await server.TrackedServiceAsync(token);
        await server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, fullPayload: true);

        await server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"small"}}]""");
        Assert.True(Json((await receiver.WaitForAsync(1))[0]).TryGetProperty("changes", out _));

        var many = "[" + string.Join(',', Enumerable.Range(0, 40).Select(i => $$$"""{"geometry":{"x":{{{i}}},"y":1},"attributes":{"name":"n{{{i}}}"}}""")) + "]";
        await server.AddAsync(token, name, 0, many);
        var large = Json((await receiver.WaitForAsync(2))[1]);
        Assert.False(large.TryGetProperty("changes", out _));
        Assert.Contains("1 KB", large.Str("changesOmitted"), StringComparison.Ordinal);
        Assert.Equal(40, Changed(await server.FollowAsync(large.Str("changesUrl"), token), 0, "adds").Length);
    }
}
