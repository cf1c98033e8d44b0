using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Item_search_matches_id_owner_orgid_access_and_group()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word("id", c.River.Id.ToUpperInvariant())));
        Assert.Equal(Ids(c.River, c.Roads, c.Parcels), Sorted(await SearchItemIdsAsync(Q.Word("owner", c.Alice.ToUpperInvariant()))));
        Assert.Equal(Ids(c.River, c.Roads, c.Parcels, c.Secret), Sorted(await SearchItemIdsAsync(Q.Word("orgid", S.OrgId.ToUpperInvariant()))));
        Assert.Equal(Ids(c.River, c.Foreign), Sorted(await SearchItemIdsAsync(Q.Word("access", "PUBLIC"))));
        Assert.Equal([c.Parcels.Id], await SearchItemIdsAsync(Q.Word("group", c.Team.Id)));
    }

    [Fact]
    public async Task Item_search_matches_type_as_phrase_word_or_prefix()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal(Ids(c.Roads, c.Foreign), Sorted(await SearchItemIdsAsync(Q.Phrase("type", "feature service"))));
        Assert.Equal(Ids(c.Roads, c.Parcels, c.Foreign), Sorted(await SearchItemIdsAsync(Q.Word("type", "Service"))));
        Assert.Equal([c.Parcels.Id], await SearchItemIdsAsync(Q.Prefix("type", "serv")));
    }

    [Fact]
    public async Task Item_search_matches_list_elements()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word("tags", "HYDROLOGY")));
        Assert.Empty(await SearchItemIdsAsync(Q.Word("tags", "hydro")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Prefix("tags", "hydro")));
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Phrase("typekeywords", "hosted service")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Phrase("categories", "/Categories/Water")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Prefix("categories", "/categories/wa")));
    }

    [Fact]
    public async Task Item_search_matches_text_fields_by_substring()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word("title", "FLOW")));
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Prefix("title", "netw")));
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Word("description", "highway")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Phrase("snippet", "flood zones")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word("name", "river.json")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word("culture", "FR")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word("accessinformation", "springfield")));
        Assert.Empty(await SearchItemIdsAsync(Q.Word("title", "100%")));
        Assert.Equal([c.Parcels.Id], await SearchItemIdsAsync(Q.Word("title", "a_b")));
    }

    [Fact]
    public async Task Item_search_without_a_field_covers_the_default_fields()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Word(null, "Highway")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Phrase(null, "flood zones")));
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Word(null, "transport")));
        Assert.Equal([c.Parcels.Id], await SearchItemIdsAsync(Q.Word(null, "definition")));
        Assert.Equal([c.River.Id], await SearchItemIdsAsync(Q.Word(null, "explorer web map")));
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Word("nosuchfield", "highway")));
    }

    [Fact]
    public async Task Item_search_combines_with_and_or_not()
    {
        var c = await SeedCatalogAsync();
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.And(Q.Word("type", "service"), Q.Not(Q.Word("tags", "cadastre")), Q.Word("owner", c.Alice))));
        Assert.Equal(Ids(c.River, c.Parcels), Sorted(await SearchItemIdsAsync(Q.Or(Q.Word("title", "river"), Q.Word("title", "parcels")))));
        Assert.Equal(Ids(c.River, c.Roads, c.Parcels, c.Secret, c.Foreign), Sorted(await SearchItemIdsAsync(Q.All)));
        Assert.Equal(Ids(c.Roads, c.Parcels, c.Secret, c.Foreign), Sorted(await SearchItemIdsAsync(Q.Not(Q.Word("snippet", "flood")))));
    }

    [Fact]
    public async Task Item_search_filters_created_and_modified_ranges()
    {
        var c = await SeedCatalogAsync();
        string At(long offset, string pad = "") => pad + (Scenario.T0 + offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Ids(c.River, c.Roads), Sorted(await SearchItemIdsAsync(Q.Range("created", At(1000), At(2000)))));
        Assert.Equal([c.Roads.Id], await SearchItemIdsAsync(Q.Range("created", At(1000), At(3000), inclusive: false)));
        Assert.Equal([c.Parcels.Id], await SearchItemIdsAsync(Q.Range("created", At(2500, "000"), "*")));
        Assert.Equal(Ids(c.Roads, c.Parcels, c.Secret, c.Foreign), Sorted(await SearchItemIdsAsync(Q.Range("modified", null, At(4000)))));
    }

    private static string[] Ids(params Item[] items) => [.. items.Select(i => i.Id).Order(StringComparer.Ordinal)];

    private static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
