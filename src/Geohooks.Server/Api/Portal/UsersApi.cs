using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>community/self and community/users (spec resources §2.4, §2.8, §2.11).</summary>
internal static class UsersApi
{
    public static void MapUsers(this IEndpointRouteBuilder routes)
    {
        routes.MapResource("/sharing/rest/community/self", SelfAsync);
        routes.MapResource("/sharing/rest/community/users", SearchAsync);
        routes.MapResource("/sharing/rest/community/users/{username}", GetAsync);
        routes.MapOperation("/sharing/rest/community/users/{username}/update", UpdateAsync);
        routes.MapOperation("/sharing/rest/community/users/{username}/delete", DeleteAsync);
        routes.MapOperation("/sharing/rest/community/users/{username}/disable", (ArcGisRequest r, string username, UserService users) => SetDisabledAsync(r, username, users, true));
        routes.MapOperation("/sharing/rest/community/users/{username}/enable", (ArcGisRequest r, string username, UserService users) => SetDisabledAsync(r, username, users, false));
    }

    /// <summary>Anonymous → 499: ArcGIS REST JS's signIn relies on it to surface a failed token request (spec wire §3).</summary>
    private static async Task<object> SelfAsync(ArcGisRequest r, UserService users)
    {
        var caller = await r.RequireCallerAsync();
        return PortalJson.User(await users.GetAsync(caller, caller.Username, r.Aborted));
    }

    private static async Task<object> GetAsync(ArcGisRequest r, string username, UserService users) =>
        PortalJson.User(await users.GetAsync(await r.CallerAsync(), username, r.Aborted));

    private static async Task<object> SearchAsync(ArcGisRequest r, UserService users)
    {
        var caller = await r.CallerAsync();
        var q = r.Get("q");
        var page = await users.SearchAsync(caller, Paging.Search(r, SearchParser.Parse(q)), r.Aborted);
        return Paging.Envelope(q, page, u => Access.SeesPrivateFields(caller, u) ? PortalJson.FullUser(u, []) : PortalJson.PublicUser(u));
    }

    private static async Task<object> UpdateAsync(ArcGisRequest r, string username, UserService users)
    {
        var caller = await r.RequireCallerAsync();
        var update = new UserUpdate
        {
            FirstName = r.Get("firstName"),
            LastName = r.Get("lastName"),
            FullName = r.Get("fullName"),
            Email = r.Get("email"),
            Description = r.Get("description"),
            Access = r.Get("access"),
            Tags = r.GetList("tags"),
            Culture = r.Get("culture"),
            Region = r.Get("region"),
            Units = r.Get("units"),
            Password = r.Get("password"),
        };
        var user = await users.UpdateAsync(caller, username, update, r.Aborted);
        return new { success = true, username = user.Username };
    }

    private static async Task<object> DeleteAsync(ArcGisRequest r, string username, UserService users)
    {
        var caller = await r.RequireCallerAsync();
        await users.DeleteAsync(caller, username, r.Aborted);
        return new { success = true, username };
    }

    private static async Task<object> SetDisabledAsync(ArcGisRequest r, string username, UserService users, bool disabled)
    {
        var caller = await r.RequireCallerAsync();
        var user = await users.SetDisabledAsync(caller, username, disabled, r.Aborted);
        return new { success = true, username = user.Username };
    }
}
