using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Every committed edit or definition change appends its feature-service events (webhooks spec §3.9) in the same
/// transaction, with the layer, the generation bracket, the edit moment and the actor; nothing else does. Org
/// webhooks do not hear them.
/// </summary>
public abstract class FeatureEventTests(HookServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    /// <summary>Runs <paramref name="action"/>; returns every event it appended (all sources) in log order.</summary>
    private async Task<IReadOnlyList<PortalEvent>> Recorded(Func<Task> action)
    {
        var before = await Server.LastEventSequenceAsync();
        await action();
        return await Server.EventsAfterAsync(before);
    }

    /// <summary>The highest layer generation of the service: the service generation an edit starts from.</summary>
    private async Task<long> ServiceGenAsync(string token, string name) =>
        (await Server.GetAsync($"{Svc(name)}/layers", token)).GetProperty("layers").EnumerateArray()
            .Concat((await Server.GetAsync($"{Svc(name)}/layers", token)).GetProperty("tables").EnumerateArray())
            .Max(l => l.GetProperty("serverGens").GetProperty("serverGen").GetInt64());

    private static void AssertFeatureEvent(PortalEvent e, string operation, string itemId, string serviceName, string actor, int? layerId, (long Min, long Max)? gen, long? moment)
    {
        Assert.Equal((EventSources.FeatureService, operation, itemId, actor), (e.Source, e.Operation, e.TargetId, e.Username));
        Assert.Equal(32, e.UserId.Length);
        var p = e.Properties();
        Assert.Equal((serviceName, itemId, operation), (p.Str("serviceName"), p.Str("serviceItemId"), p.Str("changeType")));
        if (layerId is { } id)
        {
            Assert.Equal(id, p.GetProperty("layerId").GetInt32());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, p.GetProperty("layerId").ValueKind);
        }

        if (gen is { } g)
        {
            Assert.Equal((g.Min, g.Max), (p.GetProperty("serverGen").GetProperty("minServerGen").GetInt64(), p.GetProperty("serverGen").GetProperty("serverGen").GetInt64()));
        }

        if (moment is { } m)
        {
            Assert.Equal((m, m), (p.GetProperty("editMoment").GetInt64(), e.When));
        }
    }

    [Fact]
    public async Task Each_committed_edit_appends_its_events_with_layer_generation_moment_and_actor()
    {
        var admin = await Server.AdminTokenAsync();
        var member = Unique.Name("editor");
        var memberToken = await Server.CreateUserAsync(admin, member);
        var name = Unique.Name("Ev");
        var item = await Server.CreateServiceWithAsync(admin, Admin, name);
        await Server.PostAsync($"content/users/{Admin}/items/{item}/share", admin, ("org", "true"));
        var seed = await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a"}},{"attributes":{"name":"b"}}]""");

        var gen = await ServiceGenAsync(admin, name);
        JsonElement answer = default;
        var events = await Recorded(async () => answer = await Server.ApplyEditsAsync(memberToken, name, 0, ("returnEditMoment", "true"),
            ("adds", """[{"attributes":{"name":"c"}},{"attributes":{"name":"d"}}]"""), ("updates", $$$"""[{"attributes":{"OBJECTID":{{{seed[0]}}},"name":"a2"} }]"""), ("deletes", $"{seed[1]}")));
        var moment = answer.GetProperty("editMoment").GetInt64();
        Assert.Equal(["FeaturesCreated", "FeaturesUpdated", "FeaturesDeleted", "FeaturesEdited"], events.Select(e => e.Operation));
        Assert.All(events, e => AssertFeatureEvent(e, e.Operation, item, name, member, 0, (gen, gen + 1), moment));
        var counts = events[^1].Properties().GetProperty("counts");
        Assert.Equal((2, 1, 1), (counts.GetProperty("adds").GetInt32(), counts.GetProperty("updates").GetInt32(), counts.GetProperty("deletes").GetInt32()));
        Assert.Equal(gen + 1, await Server.ServerGenAsync(admin, name, 0));

        // Only what happened: a pure update appends FeaturesUpdated and FeaturesEdited.
        events = await Recorded(() => Server.ApplyEditsAsync(admin, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{seed[0]}}},"name":"a3"} }]""")));
        Assert.Equal(["FeaturesUpdated", "FeaturesEdited"], events.Select(e => e.Operation));
        Assert.All(events, e => AssertFeatureEvent(e, e.Operation, item, name, Admin, 0, (gen + 1, gen + 2), null));

        // One service applyEdits is one transaction: both layers share the new generation.
        events = await Recorded(() => Server.PostAsync($"{Svc(name)}/applyEdits", admin, ("edits", """
            [{"id":0,"deletes":[%ID%]},{"id":1,"adds":[{"attributes":{"note":"n"}}]}]
            """.Replace("%ID%", seed[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))));
        Assert.Equal([("FeaturesDeleted", 0), ("FeaturesEdited", 0), ("FeaturesCreated", 1), ("FeaturesEdited", 1)], events.Select(e => (e.Operation, e.Properties().GetProperty("layerId").GetInt32())));
        Assert.All(events, e => AssertFeatureEvent(e, e.Operation, item, name, Admin, e.Properties().GetProperty("layerId").GetInt32(), (gen + 2, gen + 3), null));
        Assert.Equal((gen + 3, gen + 3), (await Server.ServerGenAsync(admin, name, 0), await Server.ServerGenAsync(admin, name, 1)));

        // deleteFeatures by where, addFeatures and updateFeatures append the same kinds.
        Assert.Equal(["FeaturesCreated", "FeaturesEdited"], (await Recorded(() => Server.PostAsync($"{Svc(name)}/0/addFeatures", admin, ("features", """[{"attributes":{"name":"z"}}]""")))).Select(e => e.Operation));
        Assert.Equal(["FeaturesDeleted", "FeaturesEdited"], (await Recorded(() => Server.PostAsync($"{Svc(name)}/0/deleteFeatures", admin, ("where", "name = 'z'")))).Select(e => e.Operation));
    }

    [Fact]
    public async Task Failed_and_rolled_back_edits_append_nothing()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("NoEv");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        var oid = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a"}}]"""));
        var gen = await Server.ServerGenAsync(admin, name, 0);

        Func<Task>[] nothing =
        [
            () => Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"name":"ok"}},{"attributes":{"name":null}}]""")),
            () => Server.ApplyEditsAsync(admin, name, 0, ("rollbackOnFailure", "true"), ("deletes", $"{oid},987654")),
            () => Server.ApplyEditsAsync(admin, name, 0, ("rollbackOnFailure", "false"), ("deletes", "987654"), ("adds", """[{"attributes":{"status":5}}]""")),
            () => Server.PostAsync($"{Svc(name)}/applyEdits", admin, ("edits", """[{"id":1,"adds":[{"attributes":{"note":"n"}}]},{"id":0,"updates":[{"attributes":{"OBJECTID":987654}}]}]""")),
            () => Server.PostAsync($"{Svc(name)}/0/deleteFeatures", admin, ("where", "name = 'nobody'")),
            () => Server.PostFileAsync($"{Svc(name)}/0/987654/addAttachment", admin, "attachment", "a.txt", "text/plain", [1]),
            () => Server.PostAsync($"{Svc(name)}/0/{oid}/deleteAttachments", admin, ("attachmentIds", "987654")),
            () => Server.PostAsync(AdminSvc(name) + "/0/addToDefinition", admin, ("addToDefinition", """{"fields":[{"name":"name","type":"esriFieldTypeString"}]}""")),
            () => Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"maxRecordCount":0}""")),
        ];
        foreach (var action in nothing)
        {
            Assert.Empty(await Recorded(action));
        }

        Assert.Equal(gen, await Server.ServerGenAsync(admin, name, 0));
        Assert.Equal(1, await Server.CountAsync(admin, name, 0));
        Assert.Equal(0, await Server.CountAsync(admin, name, 1));
    }

    [Fact]
    public async Task Attachment_and_definition_changes_append_their_own_change_types()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("DefEv");
        await Server.CreateServiceAsync(admin, Admin, name);
        var item = (await Server.GetAsync(Svc(name), admin)).Str("serviceItemId");

        async Task Expect(string changeType, int? layerId, Func<Task> action)
        {
            var e = Assert.Single(await Recorded(action));
            AssertFeatureEvent(e, changeType, item, name, Admin, layerId, null, null);
        }

        await Expect("FeatureServiceDefinitionChanged", null, () => Server.PostAsync(AdminSvc(name) + "/addToDefinition", admin, ("addToDefinition", SitesAndVisits)));
        await Expect("FeatureServiceDefinitionChanged", null, () => Server.PostAsync(EnterpriseAdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"description":"x"}""")));
        await Expect("LayerDefinitionChanged", 0, () => Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """{"description":"layer"}""")));
        await Expect("LayerSchemaChanged", 0, () => Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """{"fields":[{"name":"kind","alias":"K"}]}""")));
        await Expect("LayerSchemaChanged", 1, () => Server.PostAsync(EnterpriseAdminSvc(name) + "/1/addToDefinition", admin, ("addToDefinition", """{"fields":[{"name":"extra","type":"esriFieldTypeInteger"}]}""")));
        await Expect("LayerSchemaChanged", 1, () => Server.PostAsync(AdminSvc(name) + "/1/deleteFromDefinition", admin, ("deleteFromDefinition", """{"fields":[{"name":"extra"}]}""")));

        var oid = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a"}}]"""));
        var gen = await Server.ServerGenAsync(admin, name, 0);
        long attachment = 0;
        var added = await Recorded(async () => attachment = (await Server.PostFileAsync($"{Svc(name)}/0/{oid}/addAttachment", admin, "attachment", "a.txt", "text/plain", [1, 2]))
            .GetProperty("addAttachmentResult").GetProperty("objectId").GetInt64());
        AssertFeatureEvent(Assert.Single(added), "AttachmentsCreated", item, name, Admin, 0, (gen, gen + 1), null);
        Assert.Equal(1, added[0].Properties().GetProperty("counts").GetProperty("attachments").GetInt32());
        await Expect("AttachmentsUpdated", 0, () => Server.PostFileAsync($"{Svc(name)}/0/{oid}/updateAttachment", admin, "attachment", "b.txt", "text/plain", [3], ("attachmentId", $"{attachment}")));
        await Expect("AttachmentsDeleted", 0, () => Server.PostAsync($"{Svc(name)}/0/{oid}/deleteAttachments", admin, ("attachmentIds", $"{attachment}")));
        await Expect("FeatureServiceDefinitionChanged", null, () => Server.PostAsync(AdminSvc(name) + "/deleteFromDefinition", admin, ("deleteFromDefinition", """{"layers":[{"id":1}]}""")));
    }

    [Fact]
    public async Task Org_webhooks_for_everything_do_not_hear_feature_events()
    {
        await using var receiver = await Receiver.StartAsync();
        var admin = await Server.AdminTokenAsync();
        var hook = await Server.PostAsync("portals/self/webhooks/createWebhook", admin, ("name", Unique.Name("all")), ("url", receiver.Url), ("changes", "allChanges"));
        hook.AssertSuccess();
        try
        {
            var name = Unique.Name("Quiet");
            var item = await Server.CreateServiceWithAsync(admin, Admin, name); // the item add is a portal event
            var oid = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a"}}]"""));
            await Server.PostFileAsync($"{Svc(name)}/0/{oid}/addAttachment", admin, "attachment", "a.txt", "text/plain", [1]);
            await Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """{"description":"d"}"""));
            var marker = (await Server.PostAsync($"content/users/{Admin}/addItem", admin, ("title", "after the edits"), ("type", "Web Map"))).Str("id");

            var posts = await receiver.WaitForAsync(2);
            await Task.Delay(300);
            var sent = receiver.Posts.SelectMany(p => JsonDocument.Parse(p.Text).RootElement.GetProperty("events").EnumerateArray().Select(e => (Source: e.Str("source"), Id: e.Str("id"))).ToList()).ToList();
            Assert.Contains(("item", item), sent);
            Assert.Contains(("item", marker), sent);
            Assert.All(sent, e => Assert.NotEqual(EventSources.FeatureService, e.Source));
            Assert.DoesNotContain(receiver.Posts, p => p.Text.Contains("Features", StringComparison.Ordinal));
            Assert.True(posts.Count >= 2);
        }
        finally
        {
            (await Server.PostAsync($"portals/self/webhooks/{hook.Str("webhookId")}/delete", admin)).AssertSuccess();
        }
    }
}

/// <summary>A server that may deliver webhooks to loopback receivers.</summary>
public abstract class HookServerFixture : ServerFixture;

public sealed class SqliteHookServerFixture : HookServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync(null, "--hook-allow", "127.0.0.1");
}

public sealed class PostgresHookServerFixture : HookServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync(null, "--hook-allow", "127.0.0.1");
}

public sealed class SqliteFeatureEventTests(SqliteHookServerFixture f) : FeatureEventTests(f), IClassFixture<SqliteHookServerFixture>;

public sealed class PostgresFeatureEventTests(PostgresHookServerFixture f) : FeatureEventTests(f), IClassFixture<PostgresHookServerFixture>;
