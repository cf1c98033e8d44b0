using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Group_search_matches_fields()
    {
        var g = await SeedGroupsAsync();
        Assert.Equal([g.Hydro.Id], await SearchGroupIdsAsync(Q.Word("title", "HYDRO"), S.Admin));
        Assert.Equal([g.Hydro.Id], await SearchGroupIdsAsync(Q.Word("id", g.Hydro.Id), S.Admin));
        Assert.Equal([g.Crew.Id], await SearchGroupIdsAsync(Q.Word("owner", S.Name("BOB")), S.Admin));
        Assert.Equal([g.Hydro.Id], await SearchGroupIdsAsync(Q.Word("tags", "water"), S.Admin));
        Assert.Equal([g.Hydro.Id], await SearchGroupIdsAsync(Q.Word("isinvitationonly", "true"), S.Admin));
        Assert.Equal([g.Crew.Id], await SearchGroupIdsAsync(Q.Word("access", "org"), S.Admin));
        Assert.Equal([g.Crew.Id], await SearchGroupIdsAsync(Q.Word("description", "asphalt"), S.Admin));
        Assert.Equal([g.Club.Id], await SearchGroupIdsAsync(Q.Phrase("snippet", "members only"), S.Admin));
        Assert.Equal([g.Foreign.Id], await SearchGroupIdsAsync(Q.Word("orgid", g.Foreign.OrgId), S.Admin));
        Assert.Empty(await SearchGroupIdsAsync(Q.Word("typekeywords", "anything"), S.Admin));
        Assert.Equal([g.Crew.Id], await SearchGroupIdsAsync(Q.Word(null, "crew"), S.Admin));
        Assert.Equal([g.Club.Id], await SearchGroupIdsAsync(Q.Word(null, S.Name("frank")), S.Admin));
        Assert.Equal([g.Crew.Id, g.Club.Id, g.Foreign.Id], await SearchGroupIdsAsync(Q.Range("created", "1", (Scenario.T0 + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)), S.Admin, "created", SortOrder.Desc));
    }

    [Fact]
    public async Task Group_search_applies_visibility_and_order()
    {
        var g = await SeedGroupsAsync();
        Assert.Equal([g.Foreign.Id, g.Hydro.Id], await SearchGroupIdsAsync(Q.All, Viewer.Anonymous));
        Assert.Equal([g.Club.Id, g.Crew.Id, g.Foreign.Id, g.Hydro.Id], await SearchGroupIdsAsync(Q.All, new Viewer(S.Name("dave"), S.OrgId, false)));
        Assert.Equal([g.Crew.Id, g.Foreign.Id, g.Hydro.Id], await SearchGroupIdsAsync(Q.All, new Viewer(S.Name("erin"), S.OrgId, false)));
        Assert.Equal([g.Foreign.Id, g.Hydro.Id], await SearchGroupIdsAsync(Q.All, new Viewer(S.Name("eve"), g.Foreign.OrgId, false)));
        Assert.Equal([g.Club.Id, g.Crew.Id, g.Foreign.Id, g.Hydro.Id], await SearchGroupIdsAsync(Q.All, S.Admin));
        Assert.Equal([g.Hydro.Id, g.Foreign.Id, g.Crew.Id, g.Club.Id], await SearchGroupIdsAsync(Q.All, S.Admin, "title", SortOrder.Desc));
        Assert.Equal([g.Crew.Id, g.Foreign.Id, g.Club.Id, g.Hydro.Id], await SearchGroupIdsAsync(Q.All, S.Admin, "owner"));

        var page = await ReadAsync(s => s.Groups.SearchAsync(S.Request(Q.All, S.Admin, num: 3), Ct));
        Assert.Equal(4, page.Total);
        Assert.Equal(4, page.NextStart);
    }

    private async Task<IReadOnlyList<string>> SearchGroupIdsAsync(SearchNode query, Viewer viewer, string? sortField = null, SortOrder order = SortOrder.Asc)
    {
        var page = await ReadAsync(s => s.Groups.SearchAsync(S.Request(query, viewer, sortField, order), Ct));
        return [.. page.Results.Select(g => g.Id)];
    }

    /// <summary>Titles sort as a_club, b_crew, c_foreign, d_hydro; owners as bob, carol, frank, zed.</summary>
    private async Task<GroupSet> SeedGroupsAsync()
    {
        var hydro = await AddGroupAsync(S.Group(S.Name("zed"), "d_Hydro Team", "public") with
        {
            Tags = [S.Tag, "Water"],
            IsInvitationOnly = true,
            Created = Scenario.T0 + 10,
        });
        var crew = await AddGroupAsync(S.Group(S.Name("bob"), "b_Road Crew", "org") with { Description = "Asphalt people", Created = Scenario.T0 + 2 });
        var club = await AddGroupAsync(S.Group(S.Name("frank"), "a_Secret Club") with { Snippet = "Members only", Created = Scenario.T0 + 1 }, S.Name("Dave"));
        var foreign = await AddGroupAsync(S.Group(S.Name("carol"), "c_Foreign", "public", orgId: Scenario.NewId()));
        return new GroupSet(hydro, crew, club, foreign);
    }

    private sealed record GroupSet(Group Hydro, Group Crew, Group Club, Group Foreign);
}
