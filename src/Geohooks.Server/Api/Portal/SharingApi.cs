using Geohooks.Core.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>share / unshare, through the owner's path or the group admin's path (spec resources §2.9).</summary>
internal static class SharingApi
{
    public static async Task<object> ShareAsync(ArcGisRequest r, string id, ItemService items, bool asOwner)
    {
        var caller = await r.RequireCallerAsync();
        var request = new ShareRequest(r.GetBool("everyone"), r.GetBool("org"), r.GetList("groups") ?? [], r.GetBool("confirmItemControl") ?? false);
        var result = await items.ShareAsync(caller, id, request, asOwner, r.Aborted);
        return new { notSharedWith = result.NotDone, itemId = result.ItemId };
    }

    public static async Task<object> UnshareAsync(ArcGisRequest r, string id, ItemService items, bool asOwner)
    {
        var caller = await r.RequireCallerAsync();
        var result = await items.UnshareAsync(caller, id, r.GetList("groups") ?? throw Core.Errors.Errors.MissingParameter("groups"), asOwner, r.Aborted);
        return new { notUnsharedFrom = result.NotDone, itemId = result.ItemId };
    }
}
