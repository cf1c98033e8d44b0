using Geohooks.Core.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>
/// content/users/&lt;user&gt;[/&lt;folder&gt;]: a user's content and the owner's item operations (spec resources §2.6–2.9).
/// Item operations answer with or without the folder segment, as ArcGIS does.
/// </summary>
internal static class ContentApi
{
    private const string User = "/sharing/rest/content/users/{username}";

    public static void MapContent(this IEndpointRouteBuilder routes)
    {
        routes.MapResource(User, (ArcGisRequest r, string username, ItemService items) => ListAsync(r, username, null, items));
        routes.MapResource(User + "/{folderId}", (ArcGisRequest r, string username, string folderId, ItemService items) => ListAsync(r, username, folderId, items));
        routes.MapOperation(User + "/addItem", (ArcGisRequest r, string username, ItemService items) => AddAsync(r, username, null, items));
        routes.MapOperation(User + "/{folderId}/addItem", (ArcGisRequest r, string username, string folderId, ItemService items) => AddAsync(r, username, folderId, items));
        routes.MapOperation(User + "/createFolder", CreateFolderAsync);
        routes.MapOperation(User + "/{folderId}/delete", DeleteFolderAsync);
        foreach (var prefix in new[] { User + "/items/{id}", User + "/{folderId}/items/{id}" })
        {
            MapItemOperations(routes, prefix);
        }
    }

    private static void MapItemOperations(IEndpointRouteBuilder routes, string prefix)
    {
        routes.MapResource(prefix, GetOwnedAsync);
        routes.MapOperation(prefix + "/update", UpdateAsync);
        routes.MapOperation(prefix + "/delete", DeleteAsync);
        routes.MapOperation(prefix + "/move", MoveAsync);
        routes.MapOperation(prefix + "/reassign", ReassignAsync);
        routes.MapOperation(prefix + "/protect", (ArcGisRequest r, string username, string id, ItemService items) => ProtectAsync(r, username, id, items, true));
        routes.MapOperation(prefix + "/unprotect", (ArcGisRequest r, string username, string id, ItemService items) => ProtectAsync(r, username, id, items, false));
        routes.MapOperation(prefix + "/share", (ArcGisRequest r, string id, ItemService items) => SharingApi.ShareAsync(r, id, items, asOwner: true));
        routes.MapOperation(prefix + "/unshare", (ArcGisRequest r, string id, ItemService items) => SharingApi.UnshareAsync(r, id, items, asOwner: true));
    }

    private static async Task<object> ListAsync(ArcGisRequest r, string username, string? folderId, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var (start, num) = Paging.Read(r);
        var content = await items.ListContentAsync(caller, username, folderId, start, num, r.Aborted);
        return new
        {
            username,
            total = content.Items.Total,
            start,
            num,
            nextStart = content.Items.NextStart,
            currentFolder = content.CurrentFolder is { } folder ? PortalJson.Folder(folder) : null,
            items = content.Items.Results.Select(i => PortalJson.Item(i, caller)).ToArray(),
            folders = content.Folders.Select(PortalJson.Folder).ToArray(),
        };
    }

    private static async Task<object> AddAsync(ArcGisRequest r, string username, string? folderId, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var item = await items.AddAsync(caller, username, folderId ?? r.Get("folder"), ItemParams.Fields(r), await ItemParams.DataAsync(r), r.Aborted);
        return new { success = true, id = item.Id, folder = item.OwnerFolder };
    }

    private static async Task<object> CreateFolderAsync(ArcGisRequest r, string username, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var folder = await items.CreateFolderAsync(caller, username, r.Require("title"), r.Aborted);
        return new { success = true, folder = PortalJson.Folder(folder) };
    }

    private static async Task<object> DeleteFolderAsync(ArcGisRequest r, string username, string folderId, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        await items.DeleteFolderAsync(caller, username, folderId, r.Aborted);
        return new { success = true, folder = new { username, id = folderId } };
    }

    private static async Task<object> GetOwnedAsync(ArcGisRequest r, string username, string id, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var owned = await items.GetOwnedAsync(caller, username, id, r.Aborted);
        var level = owned.Item.Access == ItemAccess.Shared ? ItemAccess.Private : owned.Item.Access;
        return new { item = PortalJson.Item(owned.Item, caller), sharing = new { access = level, groups = owned.Groups } };
    }

    private static async Task<object> UpdateAsync(ArcGisRequest r, string username, string id, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var item = await items.UpdateAsync(caller, username, id, ItemParams.Fields(r), await ItemParams.DataAsync(r), r.Aborted);
        return new { success = true, id = item.Id };
    }

    private static async Task<object> DeleteAsync(ArcGisRequest r, string username, string id, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        await items.DeleteAsync(caller, username, id, r.Aborted);
        return new { success = true, itemId = id };
    }

    private static async Task<object> MoveAsync(ArcGisRequest r, string username, string id, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var item = await items.MoveAsync(caller, username, id, r.Require("folder"), r.Aborted);
        return new { success = true, itemId = item.Id, owner = item.Owner, folder = item.OwnerFolder };
    }

    private static async Task<object> ReassignAsync(ArcGisRequest r, string username, string id, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var item = await items.ReassignAsync(caller, username, id, r.Require("targetUsername"), r.Get("targetFolderName"), r.Aborted);
        return new { success = true, itemId = item.Id };
    }

    private static async Task<object> ProtectAsync(ArcGisRequest r, string username, string id, ItemService items, bool isProtected)
    {
        var caller = await r.RequireCallerAsync();
        await items.SetProtectedAsync(caller, username, id, isProtected, r.Aborted);
        return new { success = true };
    }
}
