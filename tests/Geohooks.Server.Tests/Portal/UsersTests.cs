using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Portal;

public abstract class UsersTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task CreateUser_then_the_user_signs_in_and_reads_self()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("ann");
        var token = await Server.CreateUserAsync(admin, name, "org_publisher");

        var self = await Server.GetAsync("community/self", token);
        Assert.Equal(name, self.Str("username"));
        Assert.Equal("org_publisher", self.Str("role"));
        Assert.Contains("portal:publisher:publishFeatures", self.Strings("privileges"));
        Assert.Equal(0, self.GetProperty("groups").GetArrayLength());
    }

    [Fact]
    public async Task Other_members_see_the_public_profile_only()
    {
        var admin = await Server.AdminTokenAsync();
        var alice = Unique.Name("alice");
        var bob = Unique.Name("bob");
        var aliceToken = await Server.CreateUserAsync(admin, alice);
        await Server.CreateUserAsync(admin, bob);

        var seenByAlice = await Server.GetAsync($"community/users/{bob}", aliceToken);
        Assert.Equal(bob, seenByAlice.Str("username"));
        Assert.False(seenByAlice.TryGetProperty("email", out _));
        var seenByAdmin = await Server.GetAsync($"community/users/{bob}", admin);
        Assert.Equal($"{bob}@example.org", seenByAdmin.Str("email"));
        (await Server.GetAsync($"community/users/{bob}", null)).AssertError(400);
    }

    [Fact]
    public async Task Update_role_disable_enable_and_delete()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("carl");
        var token = await Server.CreateUserAsync(admin, name);

        (await Server.PostAsync($"community/users/{name}/update", token, ("fullName", "Carl Who"), ("description", "hi"))).AssertSuccess();
        Assert.Equal("Carl Who", (await Server.GetAsync($"community/users/{name}", token)).Str("fullName"));

        (await Server.PostAsync("portals/self/updateUserRole", admin, ("user", name), ("role", "org_admin"))).AssertSuccess();
        Assert.Equal("org_admin", (await Server.GetAsync("community/self", token)).Str("role"));
        (await Server.PostAsync("portals/self/updateUserRole", admin, ("user", name), ("role", "org_user"))).AssertSuccess();

        (await Server.PostAsync($"community/users/{name}/disable", admin)).AssertSuccess();
        (await Server.GetAsync("community/self", token)).AssertError(498);
        (await Server.PostAsync("generateToken", null, ("username", name), ("password", "Member-pass-1234"))).AssertError(400);

        (await Server.PostAsync($"community/users/{name}/enable", admin)).AssertSuccess();
        var again = await Server.TokenAsync(name, "Member-pass-1234");
        Assert.Equal(name, (await Server.GetAsync("community/self", again)).Str("username"));

        (await Server.PostAsync($"community/users/{name}/delete", admin)).AssertSuccess();
        (await Server.GetAsync($"community/users/{name}", admin)).AssertError(400);
        (await Server.GetAsync("community/self", again)).AssertError(498);
    }

    [Fact]
    public async Task Invite_creates_accounts_and_reports_the_ones_it_could_not()
    {
        var admin = await Server.AdminTokenAsync();
        var fresh = Unique.Name("inv");
        var list = $$"""{"invitations":[{"username":"{{fresh}}","password":"Invited-pass-1","email":"{{fresh}}@example.org","firstname":"In","lastname":"Vited","role":"org_user","userLicenseType":"creatorUT"},{"username":"{{GeohooksServer.AdminUser}}","password":"Invited-pass-1","email":"x@example.org"}]}""";
        var answer = await Server.PostAsync("portals/self/invite", admin, ("invitationList", list));
        answer.AssertSuccess();
        Assert.Equal([GeohooksServer.AdminUser], answer.Strings("notInvited"));
        Assert.Equal(fresh, (await Server.GetAsync("community/self", await Server.TokenAsync(fresh, "Invited-pass-1"))).Str("username"));
    }

    [Fact]
    public async Task Only_admins_manage_users()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("dan");
        var token = await Server.CreateUserAsync(admin, name);
        (await Server.PostAsync("/portaladmin/security/users/createUser", token, ("username", Unique.Name("x")), ("password", "Pass-word-123"), ("email", "x@example.org"))).AssertError(403);
        (await Server.PostAsync("portals/self/updateUserRole", token, ("user", name), ("role", "org_admin"))).AssertError(403);
        (await Server.PostAsync($"community/users/{GeohooksServer.AdminUser}/disable", token)).AssertError(403);
        (await Server.PostAsync($"community/users/{GeohooksServer.AdminUser}/update", token, ("fullName", "pwned"))).AssertError(403);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_or_disable_themselves()
    {
        var admin = await Server.AdminTokenAsync();
        (await Server.PostAsync($"community/users/{GeohooksServer.AdminUser}/disable", admin)).AssertError(400);
        (await Server.PostAsync($"community/users/{GeohooksServer.AdminUser}/delete", admin)).AssertError(400);
    }

    [Fact]
    public async Task User_search_finds_by_username()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("searchme");
        await Server.CreateUserAsync(admin, name);
        var answer = await Server.GetAsync("community/users", admin, ("q", $"username:{name}"));
        Assert.Equal(1, answer.GetProperty("total").GetInt64());
        Assert.Equal(name, answer.GetProperty("results")[0].Str("username"));
    }
}

public sealed class SqliteUsersTests(SqliteServerFixture f) : UsersTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresUsersTests(PostgresServerFixture f) : UsersTests(f), IClassFixture<PostgresServerFixture>;
