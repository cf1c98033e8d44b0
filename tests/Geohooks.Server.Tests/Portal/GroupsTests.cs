using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Portal;

public abstract class GroupsTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task Create_get_update_and_delete_a_group()
    {
        var admin = await Server.AdminTokenAsync();
        var title = Unique.Name("Crews");
        var created = await Server.PostAsync("community/createGroup", admin, ("title", title), ("access", "org"), ("tags", "field,crews"), ("isInvitationOnly", "true"));
        created.AssertSuccess();
        var id = created.GetProperty("group").Str("id");
        Assert.Equal(32, id.Length);

        var group = await Server.GetAsync($"community/groups/{id}", admin);
        Assert.Equal(title, group.Str("title"));
        Assert.Equal(["field", "crews"], group.Strings("tags"));
        Assert.True(group.GetProperty("isInvitationOnly").GetBoolean());
        Assert.Equal("owner", group.GetProperty("userMembership").Str("memberType"));

        (await Server.PostAsync($"community/groups/{id}/update", admin, ("snippet", "Crews in the field"))).AssertSuccess();
        Assert.Equal("Crews in the field", (await Server.GetAsync($"community/groups/{id}", admin)).Str("snippet"));

        (await Server.PostAsync($"community/groups/{id}/delete", admin)).AssertSuccess();
        (await Server.GetAsync($"community/groups/{id}", admin)).AssertError(400);
    }

    [Fact]
    public async Task Members_are_added_invited_listed_and_removed()
    {
        var admin = await Server.AdminTokenAsync();
        var (m1, m2) = (Unique.Name("m"), Unique.Name("m"));
        var m1Token = await Server.CreateUserAsync(admin, m1);
        await Server.CreateUserAsync(admin, m2);
        var id = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Team")), ("access", "private"))).GetProperty("group").Str("id");

        (await Server.GetAsync($"community/groups/{id}", m1Token)).AssertError(400);
        var added = await Server.PostAsync($"community/groups/{id}/addUsers", admin, ("users", $"{m1},nosuchuser"));
        Assert.Equal(["nosuchuser"], added.Strings("notAdded"));
        var invited = await Server.PostAsync($"community/groups/{id}/invite", admin, ("users", m2), ("role", "group_admin"));
        Assert.Empty(invited.Strings("notInvited"));

        var members = await Server.GetAsync($"community/groups/{id}/users", admin);
        Assert.Equal(GeohooksServer.AdminUser, members.Str("owner"));
        Assert.Contains(m2, members.Strings("admins"));
        Assert.Equal([m1], members.Strings("users"));
        Assert.Equal("member", (await Server.GetAsync($"community/groups/{id}", m1Token)).GetProperty("userMembership").Str("memberType"));
        Assert.Contains(id, (await Server.GetAsync("community/self", m1Token)).GetProperty("groups").EnumerateArray().Select(g => g.Str("id")));

        var removed = await Server.PostAsync($"community/groups/{id}/removeUsers", admin, ("users", $"{m1},{GeohooksServer.AdminUser}"));
        Assert.Equal([GeohooksServer.AdminUser], removed.Strings("notRemoved"));
        Assert.Empty((await Server.GetAsync($"community/groups/{id}/users", admin)).Strings("users"));
    }

    [Fact]
    public async Task Group_titles_are_unique_in_the_organization()
    {
        var admin = await Server.AdminTokenAsync();
        var title = Unique.Name("Twin");
        (await Server.PostAsync("community/createGroup", admin, ("title", title))).AssertSuccess();
        (await Server.PostAsync("community/createGroup", admin, ("title", title.ToUpperInvariant()))).AssertError(409);
        var other = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Other")))).GetProperty("group").Str("id");
        (await Server.PostAsync($"community/groups/{other}/update", admin, ("title", title))).AssertError(409);
    }

    [Fact]
    public async Task Protected_groups_cannot_be_deleted()
    {
        var admin = await Server.AdminTokenAsync();
        var id = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Keep")))).GetProperty("group").Str("id");
        (await Server.PostAsync($"community/groups/{id}/protect", admin)).AssertSuccess();
        Assert.True((await Server.GetAsync($"community/groups/{id}", admin)).GetProperty("protected").GetBoolean());
        (await Server.PostAsync($"community/groups/{id}/delete", admin)).AssertError(400);
        (await Server.PostAsync($"community/groups/{id}/unprotect", admin)).AssertSuccess();
        (await Server.PostAsync($"community/groups/{id}/delete", admin)).AssertSuccess();
    }

    [Fact]
    public async Task Members_cannot_manage_a_group_they_do_not_own()
    {
        var admin = await Server.AdminTokenAsync();
        var member = Unique.Name("plain");
        var token = await Server.CreateUserAsync(admin, member);
        var id = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Owned")), ("access", "org"))).GetProperty("group").Str("id");
        (await Server.PostAsync($"community/groups/{id}/update", token, ("title", "mine now"))).AssertError(403);
        (await Server.PostAsync($"community/groups/{id}/addUsers", token, ("users", member))).AssertError(403);
        (await Server.PostAsync($"community/groups/{id}/delete", token)).AssertError(403);
    }

    [Fact]
    public async Task Group_search_honours_visibility()
    {
        var admin = await Server.AdminTokenAsync();
        var tag = Unique.Name("gtag");
        await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Pub")), ("access", "public"), ("tags", tag));
        await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Priv")), ("access", "private"), ("tags", tag));

        Assert.Equal(2, (await Server.GetAsync("community/groups", admin, ("q", $"tags:{tag}"))).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Server.GetAsync("community/groups", null, ("q", $"tags:{tag}"))).GetProperty("total").GetInt64());
    }
}

public sealed class SqliteGroupsTests(SqliteServerFixture f) : GroupsTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresGroupsTests(PostgresServerFixture f) : GroupsTests(f), IClassFixture<PostgresServerFixture>;
