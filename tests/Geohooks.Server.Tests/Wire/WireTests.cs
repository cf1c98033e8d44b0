using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Wire;

public sealed class WireTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task Query_string_and_form_body_are_merged_with_the_body_winning()
    {
        var token = await Server.AdminTokenAsync();
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "From body", ["type"] = "Web Map" });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"sharing/rest/content/users/admin/addItem?f=json&token={token}&title=From+query") { Content = body };
        var id = (await Server.SendAsync(request)).Str("id");
        Assert.Equal("From body", (await Server.GetAsync($"content/items/{id}", token)).Str("title"));
    }

    [Fact]
    public async Task Routes_are_case_insensitive_like_ArcGIS()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("casey");
        await Server.CreateUserAsync(admin, name);
        (await Server.PostAsync("portals/self/updateuserrole", admin, ("user", name), ("role", "org_publisher"))).AssertSuccess();
        Assert.Equal("org_publisher", (await Server.GetAsync($"COMMUNITY/USERS/{name}", admin)).Str("role"));
    }

    [Fact]
    public async Task Lists_arrive_comma_joined_or_as_json_arrays()
    {
        var admin = await Server.AdminTokenAsync();
        var a = (await Server.PostAsync("content/users/admin/addItem", admin, ("title", "L1"), ("type", "Web Map"), ("tags", "x, y"))).Str("id");
        var b = (await Server.PostAsync("content/users/admin/addItem", admin, ("title", "L2"), ("type", "Web Map"), ("tags", """["x","y"]"""))).Str("id");
        Assert.Equal(["x", "y"], (await Server.GetAsync($"content/items/{a}", admin)).Strings("tags"));
        Assert.Equal(["x", "y"], (await Server.GetAsync($"content/items/{b}", admin)).Strings("tags"));
    }

    [Fact]
    public async Task Resources_answer_post_as_well_as_get()
    {
        Assert.Equal(Server.BaseUrl, (await Server.PostAsync("info", null)).Str("owningSystemUrl"));
        Assert.Equal(Server.BaseUrl, (await Server.PostAsync("/rest/info", null)).Str("owningSystemUrl"));
        Assert.True((await Server.PostAsync("portals/self", null)).Str("id").Length == 16);
    }
}
