using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>community/groups and community/createGroup (spec resources §2.5, §2.8).</summary>
internal static class GroupsApi
{
    public static void MapGroups(this IEndpointRouteBuilder routes)
    {
        routes.MapOperation("/sharing/rest/community/createGroup", CreateAsync);
        routes.MapResource("/sharing/rest/community/groups", SearchAsync);
        routes.MapResource("/sharing/rest/community/groups/{id}", GetAsync);
        routes.MapResource("/sharing/rest/community/groups/{id}/users", MembersAsync);
        routes.MapOperation("/sharing/rest/community/groups/{id}/update", UpdateAsync);
        routes.MapOperation("/sharing/rest/community/groups/{id}/delete", DeleteAsync);
        routes.MapOperation("/sharing/rest/community/groups/{id}/addUsers", AddUsersAsync);
        routes.MapOperation("/sharing/rest/community/groups/{id}/removeUsers", RemoveUsersAsync);
        routes.MapOperation("/sharing/rest/community/groups/{id}/invite", InviteAsync);
        routes.MapOperation("/sharing/rest/community/groups/{id}/protect", (ArcGisRequest r, string id, GroupService groups) => ProtectAsync(r, id, groups, true));
        routes.MapOperation("/sharing/rest/community/groups/{id}/unprotect", (ArcGisRequest r, string id, GroupService groups) => ProtectAsync(r, id, groups, false));
    }

    private static async Task<object> CreateAsync(ArcGisRequest r, GroupService groups)
    {
        var caller = await r.RequireCallerAsync();
        var view = await groups.CreateAsync(caller, ReadFields(r), r.Aborted);
        return new { success = true, group = PortalJson.Group(view.Group, view.Membership, caller.Username) };
    }

    private static async Task<object> GetAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var caller = await r.CallerAsync();
        var view = await groups.GetAsync(caller, id, r.Aborted);
        return PortalJson.Group(view.Group, view.Membership, caller?.Username);
    }

    private static async Task<object> MembersAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var members = await groups.MembersAsync(await r.CallerAsync(), id, r.Aborted);
        return new { owner = members.Owner, admins = members.Admins, users = members.Users };
    }

    private static async Task<object> SearchAsync(ArcGisRequest r, GroupService groups)
    {
        var caller = await r.CallerAsync();
        var q = r.Get("q");
        var page = await groups.SearchAsync(caller, Paging.Search(r, SearchParser.Parse(q)), r.Aborted);
        return Paging.Envelope(q, page, g => PortalJson.Group(g, null, null));
    }

    private static async Task<object> UpdateAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var caller = await r.RequireCallerAsync();
        var group = await groups.UpdateAsync(caller, id, ReadFields(r), r.Aborted);
        return new { success = true, groupId = group.Id };
    }

    private static async Task<object> DeleteAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var caller = await r.RequireCallerAsync();
        await groups.DeleteAsync(caller, id, r.Aborted);
        return new { success = true, groupId = id };
    }

    /// <summary><c>users</c> join as members, <c>admins</c> as group admins (ArcGIS REST JS sends them in separate calls).</summary>
    private static async Task<object> AddUsersAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var caller = await r.RequireCallerAsync();
        var users = r.GetList("users") ?? [];
        var admins = r.GetList("admins") ?? [];
        if (users.Count == 0 && admins.Count == 0)
        {
            throw Core.Errors.Errors.MissingParameter("users");
        }

        var notAdded = new List<string>();
        if (users.Count > 0)
        {
            notAdded.AddRange(await groups.AddUsersAsync(caller, id, users, MemberTypes.Member, r.Aborted));
        }

        if (admins.Count > 0)
        {
            notAdded.AddRange(await groups.AddUsersAsync(caller, id, admins, MemberTypes.Admin, r.Aborted));
        }

        return new { notAdded };
    }

    private static async Task<object> RemoveUsersAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var caller = await r.RequireCallerAsync();
        var notRemoved = await groups.RemoveUsersAsync(caller, id, r.GetList("users") ?? throw Core.Errors.Errors.MissingParameter("users"), r.Aborted);
        return new { notRemoved };
    }

    private static async Task<object> InviteAsync(ArcGisRequest r, string id, GroupService groups)
    {
        var caller = await r.RequireCallerAsync();
        var role = r.Get("role") switch
        {
            null or "group_member" => MemberTypes.Member,
            "group_admin" => MemberTypes.Admin,
            var other => throw Core.Errors.Errors.InvalidParameter("role", $"'{other}' is not group_member or group_admin."),
        };
        var notInvited = await groups.InviteAsync(caller, id, r.GetList("users") ?? throw Core.Errors.Errors.MissingParameter("users"), role, r.Aborted);
        return new { success = true, notInvited };
    }

    private static async Task<object> ProtectAsync(ArcGisRequest r, string id, GroupService groups, bool isProtected)
    {
        var caller = await r.RequireCallerAsync();
        await groups.SetProtectedAsync(caller, id, isProtected, r.Aborted);
        return new { success = true };
    }

    private static GroupFields ReadFields(ArcGisRequest r) => new()
    {
        Title = r.Get("title"),
        Description = r.Get("description"),
        Snippet = r.Get("snippet"),
        Tags = r.GetList("tags"),
        Phone = r.Get("phone"),
        Access = r.Get("access"),
        IsInvitationOnly = r.GetBool("isInvitationOnly"),
        IsViewOnly = r.GetBool("isViewOnly"),
        AutoJoin = r.GetBool("autoJoin"),
        SortField = r.Get("sortField"),
        SortOrder = r.Get("sortOrder"),
        Capabilities = r.GetList("capabilities"),
    };
}
