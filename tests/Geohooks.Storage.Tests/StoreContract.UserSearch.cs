using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task User_search_matches_fields()
    {
        var u = await SeedUsersAsync();
        Assert.Equal([u.Alice.Id], await SearchUserIdsAsync(Q.Word("username", u.Alice.Username.ToUpperInvariant()), S.Admin));
        Assert.Equal([u.Alice.Id, u.Anna.Id], await SearchUserIdsAsync(Q.Prefix("username", "a"), S.Admin));
        Assert.Equal([u.Bob.Id], await SearchUserIdsAsync(Q.Word("fullname", "bob full"), S.Admin));
        Assert.Equal([u.Bob.Id], await SearchUserIdsAsync(Q.Word("firstname", "first bob"), S.Admin));
        Assert.Equal([u.Frank.Id], await SearchUserIdsAsync(Q.Word("lastname", "LAST FRANK"), S.Admin));
        Assert.Equal([u.Anna.Id], await SearchUserIdsAsync(Q.Word("email", "anna@"), S.Admin));
        Assert.Equal([u.Frank.Id], await SearchUserIdsAsync(Q.Word("role", "account_admin"), S.Admin));
        Assert.Equal([u.Anna.Id], await SearchUserIdsAsync(Q.Word("provider", "SAML"), S.Admin));
        Assert.Equal([u.Bob.Id], await SearchUserIdsAsync(Q.Word(null, "bob"), S.Admin));
        var bobCreated = u.Bob.Created.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([u.Bob.Id], await SearchUserIdsAsync(Q.Range("created", bobCreated, bobCreated), S.Admin));
    }

    [Fact]
    public async Task User_search_applies_visibility_and_order()
    {
        var u = await SeedUsersAsync();
        Assert.Equal([u.Alice.Id], await SearchUserIdsAsync(Q.All, Viewer.Anonymous));
        Assert.Equal([u.Alice.Id, u.Anna.Id, u.Bob.Id], await SearchUserIdsAsync(Q.All, new Viewer(u.Bob.Username, S.OrgId, false)));
        Assert.Equal([u.Alice.Id, u.Anna.Id, u.Bob.Id, u.Frank.Id], await SearchUserIdsAsync(Q.All, new Viewer(u.Frank.Username, S.OrgId, false)));
        Assert.Equal([u.Alice.Id, u.Eve.Id], await SearchUserIdsAsync(Q.All, new Viewer(u.Eve.Username, u.Eve.OrgId, false)));
        Assert.Equal([u.Alice.Id, u.Eve.Id], await SearchUserIdsAsync(Q.All, new Viewer(S.Name("boss"), u.Eve.OrgId, true)));
        Assert.Equal([u.Frank.Id, u.Bob.Id, u.Anna.Id, u.Alice.Id], await SearchUserIdsAsync(Q.All, S.Admin, "username", SortOrder.Desc));
        Assert.Equal([u.Alice.Id, u.Frank.Id, u.Bob.Id, u.Anna.Id], await SearchUserIdsAsync(Q.All, S.Admin, "created", SortOrder.Desc));
        Assert.Equal([u.Anna.Id, u.Bob.Id, u.Alice.Id, u.Frank.Id], await SearchUserIdsAsync(Q.All, S.Admin, "FullName"));

        var page = await ReadAsync(s => s.Users.SearchAsync(S.UserRequest(Q.All, S.Admin, start: 2, num: 1), Ct));
        Assert.Equal(4, page.Total);
        Assert.Equal([u.Anna.Id], page.Results.Select(x => x.Id));
        Assert.Equal(3, page.NextStart);
    }

    private async Task<IReadOnlyList<string>> SearchUserIdsAsync(SearchNode query, Viewer viewer, string? sortField = null, SortOrder order = SortOrder.Asc)
    {
        var page = await ReadAsync(s => s.Users.SearchAsync(S.UserRequest(query, viewer, sortField, order), Ct));
        return [.. page.Results.Select(x => x.Id)];
    }

    /// <summary>alice public, bob and anna org, frank private admin, and eve in another org.</summary>
    private async Task<UserSet> SeedUsersAsync()
    {
        var alice = S.User("alice", access: "public") with { FullName = "Zed Alice", Created = Scenario.T0 + 30 };
        var bob = S.User("bob", access: "org") with { FullName = "Bob Full", Created = Scenario.T0 + 10 };
        var frank = S.User("frank", Roles.Admin, access: "private") with { FullName = "Zz Frank", Created = Scenario.T0 + 20 };
        var anna = S.User("anna", access: "org") with { Provider = "saml", Email = "anna@example.org" };
        var eve = S.User("eve", access: "org", orgId: Scenario.NewId()) with { Created = Scenario.T0 + 40 };
        await WriteAsync(async s =>
        {
            foreach (var user in new[] { alice, bob, frank, anna, eve })
            {
                await s.Users.InsertAsync(user, Ct);
            }
        });
        return new UserSet(alice, bob, frank, anna, eve);
    }

    private sealed record UserSet(User Alice, User Bob, User Frank, User Anna, User Eve);
}
