using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Portal;

/// <summary>Every change records one portal event in its own transaction; a failed change records none.</summary>
public abstract class EventLogTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    /// <summary>Runs <paramref name="action"/> and returns the events it recorded.</summary>
    private async Task<IReadOnlyList<PortalEvent>> Recorded(Func<Task> action)
    {
        var before = await Server.LastEventSequenceAsync();
        await action();
        return await Server.EventsAfterAsync(before);
    }

    private async Task ExpectOne(string source, string operation, string targetId, Func<Task> action, string? actor = null)
    {
        var events = await Recorded(action);
        var e = Assert.Single(events);
        Assert.Equal((source, operation, targetId), (e.Source, e.Operation, e.TargetId));
        Assert.Equal(actor ?? GeohooksServer.AdminUser, e.Username);
        Assert.Equal(32, e.UserId.Length);
        Assert.True(e.When > 0);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(e.Properties).RootElement.ValueKind);
    }

    private async Task ExpectNone(Func<Task> action) => Assert.Empty(await Recorded(action));

    [Fact]
    public async Task Item_operations_record_their_events()
    {
        var admin = await Server.AdminTokenAsync();
        const string Me = GeohooksServer.AdminUser;
        var heir = Unique.Name("heir");
        await Server.CreateUserAsync(admin, heir);
        var group = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Ev")))).GetProperty("group").Str("id");
        var folder = (await Server.PostAsync($"content/users/{Me}/createFolder", admin, ("title", Unique.Name("f")))).GetProperty("folder").Str("id");

        string id = "";
        var events = await Recorded(async () => id = (await Server.PostAsync($"content/users/{Me}/addItem", admin, ("title", "Evented"), ("type", "Web Map"))).Str("id"));
        Assert.Equal(("item", "add", id), (Assert.Single(events).Source, events[0].Operation, events[0].TargetId));

        await ExpectOne("item", "update", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/update", admin, ("title", "Evented 2")));
        await ExpectOne("item", "move", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/move", admin, ("folder", folder)));
        await ExpectOne("item", "share", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/share", admin, ("groups", group), ("org", "true")));
        var share = (await Server.EventsAfterAsync(await Server.LastEventSequenceAsync() - 1))[0];
        Assert.Contains(group, share.Properties, StringComparison.Ordinal);
        await ExpectOne("item", "unshare", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/unshare", admin, ("groups", group)));
        await ExpectOne("item", "protect", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/protect", admin));
        await ExpectNone(() => Server.PostAsync($"content/users/{Me}/items/{id}/delete", admin));
        await ExpectOne("item", "unprotect", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/unprotect", admin));
        await ExpectOne("item", "reassign", id, () => Server.PostAsync($"content/users/{Me}/items/{id}/reassign", admin, ("targetUsername", heir)));
        await ExpectOne("item", "delete", id, () => Server.PostAsync($"content/users/{heir}/items/{id}/delete", admin));
        await ExpectNone(() => Server.PostAsync($"content/users/{heir}/items/{id}/delete", admin));
    }

    [Fact]
    public async Task Group_operations_record_their_events()
    {
        var admin = await Server.AdminTokenAsync();
        var (a, b) = (Unique.Name("ga"), Unique.Name("gb"));
        await Server.CreateUserAsync(admin, a);
        await Server.CreateUserAsync(admin, b);

        string id = "";
        var events = await Recorded(async () => id = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Evg")))).GetProperty("group").Str("id"));
        Assert.Equal(("group", "add", id), (Assert.Single(events).Source, events[0].Operation, events[0].TargetId));

        await ExpectOne("group", "update", id, () => Server.PostAsync($"community/groups/{id}/update", admin, ("snippet", "s")));
        await ExpectOne("group", "addUsers", id, () => Server.PostAsync($"community/groups/{id}/addUsers", admin, ("users", a)));
        await ExpectOne("group", "invite", id, () => Server.PostAsync($"community/groups/{id}/invite", admin, ("users", b)));
        await ExpectOne("group", "removeUsers", id, () => Server.PostAsync($"community/groups/{id}/removeUsers", admin, ("users", a)));
        await ExpectNone(() => Server.PostAsync($"community/groups/{id}/removeUsers", admin, ("users", a)));
        await ExpectOne("group", "protect", id, () => Server.PostAsync($"community/groups/{id}/protect", admin));
        await ExpectNone(() => Server.PostAsync($"community/groups/{id}/delete", admin));
        await ExpectOne("group", "unprotect", id, () => Server.PostAsync($"community/groups/{id}/unprotect", admin));
        await ExpectOne("group", "delete", id, () => Server.PostAsync($"community/groups/{id}/delete", admin));
    }

    [Fact]
    public async Task User_operations_record_their_events()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("evu");
        var events = await Recorded(() => Server.CreateUserAsync(admin, name));
        var add = Assert.Single(events);
        Assert.Equal(("user", "add"), (add.Source, add.Operation));
        var userId = add.TargetId;

        await ExpectOne("user", "update", userId, () => Server.PostAsync($"community/users/{name}/update", admin, ("description", "d")));
        await ExpectOne("user", "update", userId, () => Server.PostAsync("portals/self/updateUserRole", admin, ("user", name), ("role", "org_publisher")));
        await ExpectOne("user", "disable", userId, () => Server.PostAsync($"community/users/{name}/disable", admin));
        await ExpectOne("user", "enable", userId, () => Server.PostAsync($"community/users/{name}/enable", admin));
        await ExpectOne("user", "delete", userId, () => Server.PostAsync($"community/users/{name}/delete", admin));
        await ExpectNone(() => Server.PostAsync($"community/users/{name}/delete", admin));
    }

    [Fact]
    public async Task Failed_operations_record_nothing()
    {
        var admin = await Server.AdminTokenAsync();
        var member = Unique.Name("fail");
        var token = await Server.CreateUserAsync(admin, member);
        var id = (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", admin, ("title", "x"), ("type", "Web Map"))).Str("id");
        var group = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Fg")))).GetProperty("group").Str("id");

        await ExpectNone(() => Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", admin, ("type", "Web Map")));
        await ExpectNone(() => Server.PostAsync($"content/users/{member}/addItem", token, ("title", "t"), ("type", "Web Map"), ("properties", "{not json")));
        await ExpectNone(() => Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/update", token, ("title", "hijack")));
        await ExpectNone(() => Server.PostAsync($"community/groups/{group}/update", token, ("title", "hijack")));
        await ExpectNone(() => Server.PostAsync($"community/groups/{group}/addUsers", admin, ("users", "nobody-at-all")));
        await ExpectNone(() => Server.PostAsync("community/createGroup", admin, ("title", "t"), ("access", "galaxy")));
        await ExpectNone(() => Server.PostAsync("/portaladmin/security/users/createUser", admin, ("username", member), ("password", "Pass-word-123"), ("email", "e@example.org")));
        await ExpectNone(() => Server.PostAsync("portals/self/updateUserRole", admin, ("user", GeohooksServer.AdminUser), ("role", "org_user")));
    }
}

public sealed class SqliteEventLogTests(SqliteServerFixture f) : EventLogTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresEventLogTests(PostgresServerFixture f) : EventLogTests(f), IClassFixture<PostgresServerFixture>;
