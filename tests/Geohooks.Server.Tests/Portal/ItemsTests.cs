using System.Net.Http.Headers;
using System.Text;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Portal;

public abstract class ItemsTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task AddItem_with_text_then_get_data_update_and_delete()
    {
        var admin = await Server.AdminTokenAsync();
        var added = await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", admin,
            ("title", "Parcels map"), ("type", "Web Map"), ("tags", "parcels,city"), ("typeKeywords", "Web Map,Explorer Web Map"),
            ("snippet", "All parcels"), ("extent", "-10,-5,10,5"), ("properties", """{"a":1}"""), ("text", """{"operationalLayers":[]}"""));
        added.AssertSuccess();
        var id = added.Str("id");

        var item = await Server.GetAsync($"content/items/{id}", admin);
        Assert.Equal("Parcels map", item.Str("title"));
        Assert.Equal(["parcels", "city"], item.Strings("tags"));
        Assert.Equal("private", item.Str("access"));
        Assert.Equal(GeohooksServer.AdminUser, item.Str("owner"));
        Assert.Equal(-10, item.GetProperty("extent")[0][0].GetDouble());
        Assert.Equal(1, item.GetProperty("properties").GetProperty("a").GetInt32());

        using (var data = await Server.Http.GetAsync($"sharing/rest/content/items/{id}/data?token={admin}"))
        {
            Assert.Equal("""{"operationalLayers":[]}""", await data.Content.ReadAsStringAsync());
            Assert.Equal("application/json", data.Content.Headers.ContentType?.MediaType);
        }

        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/update", admin, ("title", "Parcels 2024"))).AssertSuccess();
        Assert.Equal("Parcels 2024", (await Server.GetAsync($"content/items/{id}", admin)).Str("title"));

        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/delete", admin)).AssertSuccess();
        (await Server.GetAsync($"content/items/{id}", admin)).AssertError(400);
    }

    [Fact]
    public async Task AddItem_with_an_uploaded_file_serves_the_same_bytes()
    {
        var admin = await Server.AdminTokenAsync();
        var bytes = Encoding.UTF8.GetBytes("id,name\n1,first\n");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("json"), "f" },
            { new StringContent("Crews CSV"), "title" },
            { new StringContent("CSV"), "type" },
            { new StringContent(admin), "token" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "crews.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"sharing/rest/content/users/{GeohooksServer.AdminUser}/addItem") { Content = form };
        var added = await Server.SendAsync(request);
        added.AssertSuccess();

        using var data = await Server.Http.GetAsync($"sharing/rest/content/items/{added.Str("id")}/data?token={admin}");
        Assert.Equal(bytes, await data.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", data.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, (await Server.GetAsync($"content/items/{added.Str("id")}", admin)).GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Folders_move_and_user_content_listing()
    {
        var admin = await Server.AdminTokenAsync();
        var owner = Unique.Name("owner");
        var token = await Server.CreateUserAsync(admin, owner);
        var folder = await Server.PostAsync($"content/users/{owner}/createFolder", token, ("title", "Field data"));
        var folderId = folder.GetProperty("folder").Str("id");
        var id = (await Server.PostAsync($"content/users/{owner}/addItem", token, ("title", "Notes"), ("type", "Code Sample"))).Str("id");

        var moved = await Server.PostAsync($"content/users/{owner}/items/{id}/move", token, ("folder", folderId));
        moved.AssertSuccess();
        Assert.Equal(folderId, moved.Str("folder"));

        var root = await Server.GetAsync($"content/users/{owner}", token);
        Assert.Equal(0, root.GetProperty("total").GetInt64());
        Assert.Equal("Field data", root.GetProperty("folders")[0].Str("title"));
        var inFolder = await Server.GetAsync($"content/users/{owner}/{folderId}", token);
        Assert.Equal(id, inFolder.GetProperty("items")[0].Str("id"));
        Assert.Equal(folderId, inFolder.GetProperty("currentFolder").Str("id"));

        (await Server.PostAsync($"content/users/{owner}/{folderId}/items/{id}/move", token, ("folder", "/"))).AssertSuccess();
        Assert.Equal(1, (await Server.GetAsync($"content/users/{owner}", token)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Protect_blocks_delete_and_reassign_changes_the_owner()
    {
        var admin = await Server.AdminTokenAsync();
        var heir = Unique.Name("heir");
        var heirToken = await Server.CreateUserAsync(admin, heir);
        var id = (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", admin, ("title", "Keep me"), ("type", "Web Map"))).Str("id");

        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/protect", admin)).AssertSuccess();
        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/delete", admin)).AssertError(400);
        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/unprotect", admin)).AssertSuccess();

        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{id}/reassign", admin, ("targetUsername", heir))).AssertSuccess();
        Assert.Equal(heir, (await Server.GetAsync($"content/items/{id}", heirToken)).Str("owner"));
        (await Server.PostAsync($"content/users/{heir}/items/{id}/reassign", heirToken, ("targetUsername", GeohooksServer.AdminUser))).AssertError(403);
    }

    [Fact]
    public async Task Items_of_others_stay_private_until_shared()
    {
        var admin = await Server.AdminTokenAsync();
        var (owner, reader, outsider) = (Unique.Name("own"), Unique.Name("read"), Unique.Name("out"));
        var ownerToken = await Server.CreateUserAsync(admin, owner);
        var readerToken = await Server.CreateUserAsync(admin, reader);
        var outsiderToken = await Server.CreateUserAsync(admin, outsider);
        var id = (await Server.PostAsync($"content/users/{owner}/addItem", ownerToken, ("title", "Secret plan"), ("type", "Document Link"), ("text", "hello"))).Str("id");
        var group = (await Server.PostAsync("community/createGroup", ownerToken, ("title", Unique.Name("Readers")))).GetProperty("group").Str("id");
        await Server.PostAsync($"community/groups/{group}/addUsers", ownerToken, ("users", reader));

        (await Server.GetAsync($"content/items/{id}", readerToken)).AssertError(400);
        (await Server.GetAsync($"content/items/{id}/data", readerToken)).AssertError(400);
        // Hidden items are reported as missing, never as forbidden, so existence does not leak.
        (await Server.PostAsync($"content/users/{owner}/items/{id}/share", readerToken, ("groups", group))).AssertError(400);

        var shared = await Server.PostAsync($"content/users/{owner}/items/{id}/share", ownerToken, ("groups", $"{group},ffffffffffffffffffffffffffffffff"));
        Assert.Equal(["ffffffffffffffffffffffffffffffff"], shared.Strings("notSharedWith"));
        Assert.Equal("shared", (await Server.GetAsync($"content/items/{id}", readerToken)).Str("access"));
        (await Server.GetAsync($"content/items/{id}", outsiderToken)).AssertError(400);
        (await Server.GetAsync($"content/items/{id}", null)).AssertError(400);

        (await Server.PostAsync($"content/users/{owner}/items/{id}/share", ownerToken, ("org", "true"))).GetProperty("notSharedWith");
        Assert.Equal("org", (await Server.GetAsync($"content/items/{id}", outsiderToken)).Str("access"));
        (await Server.PostAsync($"content/users/{owner}/items/{id}/share", ownerToken, ("everyone", "true"))).GetProperty("notSharedWith");
        Assert.Equal("public", (await Server.GetAsync($"content/items/{id}", null)).Str("access"));

        await Server.PostAsync($"content/users/{owner}/items/{id}/share", ownerToken, ("everyone", "false"), ("org", "false"), ("groups", " "));
        Assert.Equal("shared", (await Server.GetAsync($"content/items/{id}", readerToken)).Str("access"));
        var unshared = await Server.PostAsync($"content/users/{owner}/items/{id}/unshare", ownerToken, ("groups", group));
        Assert.Empty(unshared.Strings("notUnsharedFrom"));
        (await Server.GetAsync($"content/items/{id}", readerToken)).AssertError(400);
        Assert.Equal("private", (await Server.GetAsync($"content/items/{id}", ownerToken)).Str("access"));
    }

    [Fact]
    public async Task Members_cannot_share_to_groups_they_are_not_in()
    {
        var admin = await Server.AdminTokenAsync();
        var owner = Unique.Name("sharer");
        var token = await Server.CreateUserAsync(admin, owner);
        var foreignGroup = (await Server.PostAsync("community/createGroup", admin, ("title", Unique.Name("Admins only")), ("access", "org"))).GetProperty("group").Str("id");
        var id = (await Server.PostAsync($"content/users/{owner}/addItem", token, ("title", "Mine"), ("type", "Web Map"))).Str("id");

        var answer = await Server.PostAsync($"content/users/{owner}/items/{id}/share", token, ("groups", foreignGroup));
        Assert.Equal([foreignGroup], answer.Strings("notSharedWith"));
        Assert.Equal("private", (await Server.GetAsync($"content/items/{id}", token)).Str("access"));
    }

    [Fact]
    public async Task Search_supports_the_query_forms_clients_use()
    {
        var admin = await Server.AdminTokenAsync();
        var owner = Unique.Name("finder");
        var token = await Server.CreateUserAsync(admin, owner);
        var tag = Unique.Name("t");
        var group = (await Server.PostAsync("community/createGroup", token, ("title", Unique.Name("Finders")))).GetProperty("group").Str("id");
        var ids = new List<string>();
        foreach (var (title, type) in new[] { ("Alpha roads", "Web Map"), ("Beta rivers", "Feature Service"), ("Gamma roads", "Web Mapping Application") })
        {
            ids.Add((await Server.PostAsync($"content/users/{owner}/addItem", token, ("title", title), ("type", type), ("tags", tag))).Str("id"));
        }

        await Server.PostAsync($"content/users/{owner}/items/{ids[1]}/share", token, ("groups", group));

        async Task<string[]> Find(string q, params (string, string)[] extra)
        {
            var answer = await Server.GetAsync("search", token, [("q", q), .. extra]);
            return answer.GetProperty("results").EnumerateArray().Select(r => r.Str("title")).ToArray();
        }

        Assert.Equal(["Alpha roads"], await Find($"id: {ids[0]}"));
        Assert.Equal(["Beta rivers"], await Find($"id: {ids[1]} AND group: {group}"));
        Assert.Empty(await Find($"id: {ids[0]} AND group: {group}"));
        Assert.Equal(["Beta rivers"], await Find($"owner:{owner} AND type:\"Feature Service\""));
        Assert.Equal(["Alpha roads", "Gamma roads"], await Find($"tags:{tag} AND title:roads", ("sortField", "title")));
        Assert.Equal(["Gamma roads", "Alpha roads"], await Find($"tags:{tag} AND title:roads", ("sortField", "title"), ("sortOrder", "desc")));
        Assert.Equal(["Alpha roads", "Beta rivers"], await Find($"tags:{tag} AND (title:alpha OR title:beta)", ("sortField", "title")));
        Assert.Equal(["Beta rivers"], await Find($"tags:{tag} AND NOT title:roads"));
        Assert.Equal(["Gamma roads"], await Find($"tags:{tag} AND title:gam*"));

        var page1 = await Server.GetAsync("search", token, ("q", $"tags:{tag}"), ("num", "2"), ("sortField", "title"));
        Assert.Equal(3, page1.GetProperty("total").GetInt64());
        Assert.Equal(3, page1.GetProperty("nextStart").GetInt64());
        var page2 = await Server.GetAsync("search", token, ("q", $"tags:{tag}"), ("num", "2"), ("start", "3"), ("sortField", "title"));
        Assert.Equal(-1, page2.GetProperty("nextStart").GetInt64());
        Assert.Equal("Gamma roads", page2.GetProperty("results")[0].Str("title"));

        // Another member sees none of these private items.
        var other = await Server.CreateUserAsync(admin, Unique.Name("nosy"));
        Assert.Equal(0, (await Server.GetAsync("search", other, ("q", $"tags:{tag}"))).GetProperty("total").GetInt64());
        Assert.Equal(3, (await Server.GetAsync("search", admin, ("q", $"tags:{tag}"))).GetProperty("total").GetInt64());
    }
}

public sealed class SqliteItemsTests(SqliteServerFixture f) : ItemsTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresItemsTests(PostgresServerFixture f) : ItemsTests(f), IClassFixture<PostgresServerFixture>;
