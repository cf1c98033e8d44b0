using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>Who may see, query, edit and redefine a hosted service: the item's sharing, the owner, and the capabilities.</summary>
public abstract class AccessTests(ServerFixture fixture)
{
    private const string NotSupported = "Requested operation is not supported by this service.";

    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task A_private_service_is_hidden_until_shared_and_only_the_owner_redefines_it()
    {
        var admin = await Server.AdminTokenAsync();
        var (owner, other) = (Unique.Name("owner"), Unique.Name("other"));
        var ownerToken = await Server.CreateUserAsync(admin, owner, Roles.Publisher);
        var otherToken = await Server.CreateUserAsync(admin, other);
        var name = Unique.Name("Private");
        var id = await Server.CreateServiceWithAsync(ownerToken, owner, name);
        Assert.Single(await Server.AddAsync(ownerToken, name, 0, """[{"attributes":{"name":"mine"},"geometry":{"x":1,"y":1}}]"""));

        // Anonymous: token required. Another member: the service does not exist for them.
        foreach (var path in new[] { Svc(name), $"{Svc(name)}/0", $"{Svc(name)}/layers", $"{HostedSvc(name)}/0/query" })
        {
            (await Server.GetAsync(path, null, ("where", "1=1"))).AssertError(499);
            var hidden = await Server.GetAsync(path, otherToken, ("where", "1=1"));
            hidden.AssertError(400);
            Assert.Equal("Invalid URL", hidden.GetProperty("error").Str("message"));
        }

        (await Server.ApplyEditsAsync(null, name, 0, ("adds", """[{"attributes":{"name":"anon"}}]"""))).AssertError(499);
        (await Server.ApplyEditsAsync(otherToken, name, 0, ("adds", """[{"attributes":{"name":"other"}}]"""))).AssertError(400);
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", otherToken, ("updateDefinition", """{"description":"x"}"""))).AssertError(400);

        // Shared with the organization: members query and edit, but only the owner and admins change the definition.
        await Server.PostAsync($"content/users/{owner}/items/{id}/share", ownerToken, ("org", "true"));
        Assert.Equal(1, await Server.CountAsync(otherToken, name, 0));
        Assert.Single(await Server.AddAsync(otherToken, name, 0, """[{"attributes":{"name":"theirs"},"geometry":{"x":2,"y":2}}]"""));
        (await Server.GetAsync(Svc(name), null)).AssertError(499);
        var before = await Server.LastEventSequenceAsync();
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", otherToken, ("updateDefinition", """{"description":"hijack"}"""))).AssertError(403);
        (await Server.PostAsync(EnterpriseAdminSvc(name) + "/addToDefinition", otherToken, ("addToDefinition", """{"tables":[{"name":"T"}]}"""))).AssertError(403);
        (await Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", otherToken, ("updateDefinition", """{"name":"hijack"}"""))).AssertError(403);
        (await Server.PostAsync(AdminSvc(name) + "/0/addToDefinition", otherToken, ("addToDefinition", """{"fields":[{"name":"x","type":"esriFieldTypeInteger"}]}"""))).AssertError(403);
        (await Server.PostAsync(AdminSvc(name) + "/0/deleteFromDefinition", otherToken, ("deleteFromDefinition", """{"fields":[{"name":"kind"}]}"""))).AssertError(403);
        (await Server.PostAsync(AdminSvc(name) + "/deleteFromDefinition", otherToken, ("deleteFromDefinition", """{"layers":[{"id":0}]}"""))).AssertError(403);
        Assert.Equal(before, await Server.LastEventSequenceAsync());
        var layer = await Server.GetAsync($"{Svc(name)}/0", ownerToken);
        Assert.Equal(("Sites", ""), (layer.Str("name"), layer.Str("description")));
        Assert.Contains(layer.GetProperty("fields").EnumerateArray(), f => f.Str("name") == "kind");

        // An administrator of the org may redefine it.
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"description":"by admin"}"""))).AssertSuccess();

        // Shared with everyone: anonymous callers query it.
        await Server.PostAsync($"content/users/{owner}/items/{id}/share", ownerToken, ("everyone", "true"));
        Assert.Equal(2, await Server.CountAsync(null, name, 0));
    }

    [Fact]
    public async Task Reassigning_the_item_hands_over_the_definition()
    {
        var admin = await Server.AdminTokenAsync();
        var (first, second) = (Unique.Name("first"), Unique.Name("second"));
        var firstToken = await Server.CreateUserAsync(admin, first, Roles.Publisher);
        var secondToken = await Server.CreateUserAsync(admin, second, Roles.Publisher);
        var name = Unique.Name("Handover");
        var id = await Server.CreateServiceWithAsync(firstToken, first, name);
        (await Server.PostAsync($"content/users/{first}/items/{id}/reassign", admin, ("targetUsername", second))).AssertSuccess();

        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", secondToken, ("updateDefinition", """{"description":"mine now"}"""))).AssertSuccess();
        Assert.Equal("mine now", (await Server.GetAsync(Svc(name), secondToken)).Str("description"));
        (await Server.GetAsync(Svc(name), firstToken)).AssertError(400);
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", firstToken, ("updateDefinition", """{"description":"still mine?"}"""))).AssertError(400);
    }

    [Fact]
    public async Task Edits_need_the_matching_capability()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("ReadOnly");
        await Server.CreateServiceWithAsync(admin, Admin, name, capabilities: "Query,Update");
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Create,Query,Update"}"""))).AssertSuccess();
        var oid = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"keep"},"geometry":{"x":1,"y":1}}]"""));
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Query,Update"}"""))).AssertSuccess();
        var gen = await Server.ServerGenAsync(admin, name, 0);
        var before = await Server.LastEventSequenceAsync();

        var svc = Svc(name);
        (string Path, (string, string)[] Parameters)[] refused =
        [
            ($"{svc}/0/applyEdits", [("adds", """[{"attributes":{"name":"new"}}]""")]),
            ($"{svc}/0/applyEdits", [("deletes", $"{oid}")]),
            ($"{svc}/0/applyEdits", [("updates", $$$"""[{"attributes":{"OBJECTID":{{{oid}}},"name":"ok"} }]"""), ("deletes", $"{oid}")]),
            ($"{svc}/0/addFeatures", [("features", """[{"attributes":{"name":"new"}}]""")]),
            ($"{svc}/0/deleteFeatures", [("objectIds", $"{oid}")]),
            ($"{svc}/0/deleteFeatures", [("where", "1=1")]),
            ($"{svc}/applyEdits", [("edits", """[{"id":0,"adds":[{"attributes":{"name":"new"}}]}]""")]),
        ];
        foreach (var (path, parameters) in refused)
        {
            var answer = await Server.PostAsync(path, admin, parameters);
            answer.AssertError(400);
            Assert.Equal(NotSupported, answer.GetProperty("error").Str("message"));
        }

        Assert.Equal(before, await Server.LastEventSequenceAsync());
        Assert.Equal(gen, await Server.ServerGenAsync(admin, name, 0));
        Assert.Equal("keep", (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes").Str("name"));

        // Update alone is allowed; a layer may narrow the service's capabilities further.
        var updated = await Server.PostAsync($"{svc}/0/updateFeatures", admin, ("features", $$$"""[{"attributes":{"OBJECTID":{{{oid}}},"name":"changed"} }]"""));
        Assert.True(updated.GetProperty("updateResults")[0].GetProperty("success").GetBoolean(), updated.ToString());
        (await Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Create"}"""))).AssertSuccess();
        var noQuery = await Server.QueryAsync(admin, name, 0, ("where", "1=1"));
        noQuery.AssertError(400);
        Assert.Equal(NotSupported, noQuery.GetProperty("error").Str("message"));
        Assert.Equal(0, await Server.CountAsync(admin, name, 1)); // the table still follows the service
    }

    [Fact]
    public async Task Ownership_access_control_hides_others_features_from_queries()
    {
        var admin = await Server.AdminTokenAsync();
        var (alice, bob) = (Unique.Name("alice"), Unique.Name("bob"));
        var aliceToken = await Server.CreateUserAsync(admin, alice);
        var bobToken = await Server.CreateUserAsync(admin, bob);
        var name = Unique.Name("Obac");
        var id = await Server.CreateServiceWithAsync(admin, Admin, name, extra: """
            ,"editorTrackingInfo":{"enableEditorTracking":true,"enableOwnershipAccessControl":true,"allowOthersToQuery":false,"allowOthersToUpdate":false,"allowOthersToDelete":false}
            """);
        await Server.PostAsync($"content/users/{Admin}/items/{id}/share", admin, ("org", "true"));
        Assert.False((await Server.GetAsync($"{Svc(name)}/0", admin)).GetProperty("ownershipBasedAccessControlForFeatures").GetProperty("allowOthersToQuery").GetBoolean());
        var mine = Assert.Single(await Server.AddAsync(aliceToken, name, 0, """[{"attributes":{"name":"alice's"}}]"""));
        Assert.Single(await Server.AddAsync(bobToken, name, 0, """[{"attributes":{"name":"bob's"}}]"""));

        // The owner of the service sees all; each editor sees only their own features.
        Assert.Equal(2, await Server.CountAsync(admin, name, 0));
        Assert.Equal([mine], await Server.IdsAsync(aliceToken, name, 0, "1=1"));
        Assert.Equal(1, await Server.CountAsync(bobToken, name, 0));
    }
}

public sealed class SqliteAccessTests(SqliteServerFixture f) : AccessTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAccessTests(PostgresServerFixture f) : AccessTests(f), IClassFixture<PostgresServerFixture>;
