using Geohooks.Core.Portal;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Features;

/// <summary>
/// Finding hosted feature services and deciding who may do what with them. The service is a portal item: whoever
/// may see the item may query it; editing needs an edit capability on top, and anonymous editing needs a public
/// item; the owner and administrators may change its definition.
/// </summary>
public sealed partial class FeatureServices(IStore store, TimeProvider time)
{
    public async Task<FeatureService> GetAsync(Caller? caller, string name, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return (await FindVisibleAsync(session, caller, name, forUpdate: false, ct)).Service;
    }

    /// <summary>The service with the extent of each layer's data (null for tables and empty layers).</summary>
    public async Task<(FeatureService Service, IReadOnlyDictionary<int, Extent?> Extents)> GetWithExtentsAsync(Caller? caller, string name, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var (service, _) = await FindVisibleAsync(session, caller, name, forUpdate: false, ct);
        var extents = new Dictionary<int, Extent?>();
        foreach (var layer in service.Layers)
        {
            extents[layer.Id] = await session.Features.ExtentAsync(layer, FeatureFilter.All, ct);
        }

        return (service, extents);
    }

    /// <summary>The services the caller can see, for the <c>rest/services</c> catalog.</summary>
    public async Task<IReadOnlyList<FeatureService>> ListVisibleAsync(Caller? caller, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var org = caller?.Org ?? await session.Orgs.GetDefaultAsync(ct);
        if (org is null)
        {
            return [];
        }

        var visible = new List<FeatureService>();
        foreach (var service in await session.Features.ListAsync(org.Id, ct))
        {
            try
            {
                await ItemService.FindVisibleAsync(session, caller, service.ItemId, ct);
                visible.Add(service);
            }
            catch (Errors.ArcGisException)
            {
                // not visible to this caller
            }
        }

        return visible;
    }

    internal static async Task<(FeatureService Service, Item Item)> FindVisibleAsync(
        IStoreSession session, Caller? caller, string name, bool forUpdate, CancellationToken ct)
    {
        var org = caller?.Org ?? await session.Orgs.GetDefaultAsync(ct);
        // An edit locks the row as it reads it, so the generation it advances is the one it saw.
        var found = org is null ? null
            : forUpdate ? await session.Features.FindByNameForUpdateAsync(org.Id, name, ct)
            : await session.Features.FindByNameAsync(org.Id, name, ct);
        if (found is null)
        {
            throw FeatureErrors.ServiceNotFound(name);
        }

        Item item;
        try
        {
            item = await ItemService.FindVisibleAsync(session, caller, found.ItemId, ct);
        }
        catch (Errors.ArcGisException)
        {
            throw caller is null ? E.TokenRequired() : FeatureErrors.ServiceNotFound(name);
        }

        return (found, item);
    }

    /// <summary>The service for a definition change: the item's owner or an administrator of its org.</summary>
    internal static async Task<(FeatureService Service, Item Item)> FindAdministrableAsync(IStoreSession session, Caller caller, string name, CancellationToken ct)
    {
        var found = await FindVisibleAsync(session, caller, name, forUpdate: true, ct);
        return Access.IsOwnerOrAdmin(caller, found.Item.Owner, found.Item.OrgId) ? found : throw E.Forbidden();
    }

    public static FeatureLayer FindLayer(FeatureService service, int layerId) =>
        service.FindLayer(layerId) ?? throw FeatureErrors.LayerNotFound(layerId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
