using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>content/items and search: reading items, their data and groups (spec resources §2.6, §2.8, §2.9).</summary>
internal static class ItemsApi
{
    public static void MapItems(this IEndpointRouteBuilder routes)
    {
        routes.MapResource("/sharing/rest/search", SearchAsync);
        routes.MapResource("/sharing/rest/content/items/{id}", GetAsync);
        routes.MapResource("/sharing/rest/content/items/{id}/data", DataAsync);
        routes.MapResource("/sharing/rest/content/items/{id}/groups", GroupsAsync);
        routes.MapOperation("/sharing/rest/content/items/{id}/share", (ArcGisRequest r, string id, ItemService items) => SharingApi.ShareAsync(r, id, items, asOwner: false));
        routes.MapOperation("/sharing/rest/content/items/{id}/unshare", (ArcGisRequest r, string id, ItemService items) => SharingApi.UnshareAsync(r, id, items, asOwner: false));
    }

    private static async Task<object> SearchAsync(ArcGisRequest r, ItemService items)
    {
        var caller = await r.CallerAsync();
        var q = r.Get("q");
        var page = await items.SearchAsync(caller, Paging.Search(r, SearchParser.Parse(q)), r.Aborted);
        return Paging.Envelope(q, page, i => PortalJson.Item(i, caller));
    }

    private static async Task<object> GetAsync(ArcGisRequest r, string id, ItemService items)
    {
        var caller = await r.CallerAsync();
        return PortalJson.Item(await items.GetAsync(caller, id, r.Aborted), caller);
    }

    /// <summary>The data as stored: JSON text, plain text or the uploaded file; an empty body when there is none, as ArcGIS does.</summary>
    private static async Task<IResult> DataAsync(ArcGisRequest r, string id, ItemService items)
    {
        var data = await items.GetDataAsync(await r.CallerAsync(), id, r.Aborted);
        return data switch
        {
            null => Results.Text("", "text/plain"),
            { FileName: { } name } => Results.File(data.Content, data.ContentType, name),
            _ => Results.Bytes(data.Content, data.ContentType == "application/json" ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"),
        };
    }

    private static async Task<object> GroupsAsync(ArcGisRequest r, string id, ItemService items)
    {
        var caller = await r.CallerAsync();
        var (admin, member, other) = await items.GroupsOfAsync(caller, id, r.Aborted);
        object Map(Group g) => PortalJson.Group(g, null, null);
        return new { admin = admin.Select(Map).ToArray(), member = member.Select(Map).ToArray(), other = other.Select(Map).ToArray() };
    }
}
