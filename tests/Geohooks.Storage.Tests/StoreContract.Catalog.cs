using Geohooks.Core.Portal;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    /// <summary>
    /// Five items of this scenario: alice's public river map, org road service and private parcels (shared to
    /// bob's team), frank's private secret, and carol's public service in another org.
    /// </summary>
    private async Task<Catalog> SeedCatalogAsync()
    {
        var alice = S.Name("Alice");
        var team = await AddGroupAsync(S.Group(S.Name("bob"), "team"), S.Name("Bob"));
        var river = S.Item(alice, "River Flow Map", ItemAccess.Public, Scenario.T0 + 1000) with
        {
            Type = "Web Map",
            Tags = [S.Tag, "Hydrology", "water"],
            Snippet = "Flood zones",
            Description = "Shows rivers",
            TypeKeywords = ["Web Map", "Explorer Web Map"],
            Categories = ["/Categories/Water"],
            Culture = "fr-fr",
            Name = "river.json",
            AccessInformation = "City of Springfield",
            Modified = Scenario.T0 + 5000,
        };
        var roads = S.Item(alice, "Road Network", ItemAccess.Org, Scenario.T0 + 2000) with
        {
            Tags = [S.Tag, "transport"],
            Description = "Highway data",
            TypeKeywords = ["Data", "Service", "Hosted Service"],
            Modified = Scenario.T0 + 4000,
        };
        var parcels = S.Item(alice, "Parcels a_b 100", ItemAccess.Shared, Scenario.T0 + 3000) with
        {
            Type = "Service Definition",
            Tags = [S.Tag, "cadastre", "land"],
            Snippet = "Land parcels",
        };
        var secret = S.Item(S.Name("frank"), "Secret Plans", ItemAccess.Private, Scenario.T0 + 10) with { Type = "PDF", Modified = Scenario.T0 + 20 };
        var foreign = S.Item(S.Name("carol"), "Foreign Service", ItemAccess.Public, Scenario.T0, orgId: Scenario.NewId());
        await WriteAsync(async s =>
        {
            foreach (var item in new[] { river, roads, parcels, secret, foreign })
            {
                await s.Items.InsertAsync(item, Ct);
            }

            await s.Items.AddShareAsync(parcels.Id, team.Id, Ct);
        });
        return new Catalog(alice, team, river, roads, parcels, secret, foreign);
    }

    private sealed record Catalog(string Alice, Group Team, Item River, Item Roads, Item Parcels, Item Secret, Item Foreign);
}
