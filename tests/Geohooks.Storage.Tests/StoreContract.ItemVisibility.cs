using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Item_search_shows_each_viewer_only_what_they_may_see()
    {
        var c = await SeedCatalogAsync();
        var foreignOrg = c.Foreign.OrgId;

        Assert.Equal(Ids(c.River, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, Viewer.Anonymous)));
        Assert.Equal(Ids(c.River, c.Roads, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, new Viewer(S.Name("dave"), S.OrgId, false))));
        Assert.Equal(Ids(c.River, c.Roads, c.Parcels, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, new Viewer(S.Name("BOB"), S.OrgId, false))));
        Assert.Equal(Ids(c.River, c.Roads, c.Parcels, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, new Viewer(c.Alice, S.OrgId, false))));
        Assert.Equal(Ids(c.River, c.Secret, c.Roads, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, new Viewer(S.Name("frank"), S.OrgId, false))));
        Assert.Equal(Ids(c.River, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, new Viewer(S.Name("eve"), foreignOrg, false))));
        Assert.Equal(Ids(c.River, c.Roads, c.Parcels, c.Secret, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, S.Admin)));
        Assert.Equal(Ids(c.River, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All, new Viewer(S.Name("boss"), foreignOrg, true))));
    }

    [Fact]
    public async Task Item_search_sorts_by_the_requested_field()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal([c.Foreign.Id, c.Parcels.Id, c.River.Id, c.Roads.Id, c.Secret.Id], await SearchItemIdsAsync(Q.All, sortField: "TITLE"));
        Assert.Equal([c.Secret.Id, c.Roads.Id, c.River.Id, c.Parcels.Id, c.Foreign.Id], await SearchItemIdsAsync(Q.All, sortField: "title", order: SortOrder.Desc));
        Assert.Equal([c.Foreign.Id, c.Secret.Id, c.River.Id, c.Roads.Id, c.Parcels.Id], await SearchItemIdsAsync(Q.All, sortField: "created"));
        Assert.Equal([c.River.Id, c.Roads.Id, c.Parcels.Id, c.Secret.Id, c.Foreign.Id], await SearchItemIdsAsync(Q.All, sortField: "numviews", order: SortOrder.Desc));
        Assert.Equal([.. Ids(c.Roads, c.Foreign), c.Secret.Id, c.Parcels.Id, c.River.Id], await SearchItemIdsAsync(Q.All, sortField: "type"));

        var byDefault = new[] { c.River.Id, c.Roads.Id, c.Parcels.Id, c.Secret.Id, c.Foreign.Id };
        Assert.Equal(byDefault, await SearchItemIdsAsync(Q.All));
        Assert.Equal(byDefault, await SearchItemIdsAsync(Q.All, sortField: "bogus", order: SortOrder.Asc));
    }

    [Fact]
    public async Task Item_search_pages_with_total_and_next_start()
    {
        var c = await SeedCatalogAsync();
        var first = await ReadAsync(s => s.Items.SearchAsync(S.Request(Q.All, S.Admin, "title", start: 1, num: 2), Ct));
        Assert.Equal(5, first.Total);
        Assert.Equal([c.Foreign.Id, c.Parcels.Id], first.Results.Select(i => i.Id));
        Assert.Equal(3, first.NextStart);

        var last = await ReadAsync(s => s.Items.SearchAsync(S.Request(Q.All, S.Admin, "title", start: 5, num: 2), Ct));
        Assert.Equal([c.Secret.Id], last.Results.Select(i => i.Id));
        Assert.Equal(-1, last.NextStart);
        Assert.Equal(5, last.Total);

        var beyond = await ReadAsync(s => s.Items.SearchAsync(S.Request(Q.All, S.Admin, "title", start: 20, num: 2), Ct));
        Assert.Empty(beyond.Results);
        Assert.Equal(5, beyond.Total);

        var anonymous = await ReadAsync(s => s.Items.SearchAsync(S.Request(Q.All, Viewer.Anonymous, num: 1), Ct));
        Assert.Equal(2, anonymous.Total);
        Assert.Equal(2, anonymous.NextStart);
    }
}
