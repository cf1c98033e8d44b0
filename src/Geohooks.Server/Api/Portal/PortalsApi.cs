using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Server.Wire;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Server.Api.Portal;

/// <summary>The organization resource and its member-management operations (spec resources §2.3, §2.11).</summary>
internal static class PortalsApi
{
    public static void MapPortals(this IEndpointRouteBuilder routes)
    {
        routes.MapResource("/sharing/rest/portals/self", SelfAsync);
        routes.MapResource("/sharing/rest/portals/{orgId}", (ArcGisRequest r, string orgId, PortalDirectory directory) => OrgAsync(r, orgId, directory));
        routes.MapOperation("/sharing/rest/portals/self/invite", InviteAsync);
        routes.MapOperation("/sharing/rest/portals/self/updateUserRole", UpdateRoleAsync);
        routes.MapOperation("/portaladmin/security/users/createUser", CreateUserAsync);
    }

    private static Task<object> SelfAsync(ArcGisRequest r, PortalDirectory directory) => OrgAsync(r, "self", directory);

    private static async Task<object> OrgAsync(ArcGisRequest r, string orgId, PortalDirectory directory)
    {
        var caller = await r.CallerAsync();
        var org = await directory.OrgAsync(r.Aborted);
        if (orgId != "self" && !string.Equals(orgId, org.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw E.NotFound($"Portal '{orgId}'");
        }

        var user = caller is null ? null : PortalJson.FullUser(caller.User, []);
        return PortalJson.Org(org, r.BaseUrl, user);
    }

    /// <summary>Enterprise's portaladmin createUser; answers <c>{"status":"success"}</c> as Enterprise does.</summary>
    private static async Task<object> CreateUserAsync(ArcGisRequest r, UserService users)
    {
        var caller = await r.RequireCallerAsync();
        var provider = r.Get("provider") ?? "arcgis";
        if (provider != "arcgis")
        {
            throw E.InvalidParameter("provider", "only 'arcgis' accounts are supported.");
        }

        var created = await users.CreateAsync(caller, ReadNewUser(r), r.Aborted);
        return new { status = "success", username = created.Username, id = created.Id };
    }

    private static NewUser ReadNewUser(ArcGisRequest r) => new(
        r.Require("username"),
        r.Require("password"),
        r.Get("firstname") ?? r.Get("firstName"),
        r.Get("lastname") ?? r.Get("lastName"),
        r.Get("fullname") ?? r.Get("fullName"),
        r.Require("email"),
        r.Get("role") ?? Roles.User,
        r.Get("userLicenseTypeId") ?? r.Get("userLicenseType"),
        r.Get("description"));

    /// <summary>
    /// portals/self/invite with <c>invitationList</c>. Geohooks has no mail server: invitations that carry a username
    /// and password create the account at once; the rest come back in notInvited.
    /// </summary>
    private static async Task<object> InviteAsync(ArcGisRequest r, UserService users)
    {
        var caller = await r.RequireCallerAsync();
        if (!caller.Has("portal:admin:inviteUsers"))
        {
            // Checked up front: an empty or all-invalid list must not answer success to a member without the privilege.
            throw E.Forbidden();
        }

        var list = r.GetJson("invitationList") ?? throw E.MissingParameter("invitationList");
        if (list.ValueKind != JsonValueKind.Object || !list.TryGetProperty("invitations", out var invitations) || invitations.ValueKind != JsonValueKind.Array)
        {
            throw E.InvalidParameter("invitationList", "must be a JSON object with an 'invitations' array.");
        }

        var notInvited = new List<string>();
        foreach (var invitation in invitations.EnumerateArray())
        {
            var username = Text(invitation, "username");
            try
            {
                var request = new NewUser(
                    username ?? throw E.MissingParameter("invitations[].username"),
                    Text(invitation, "password") ?? throw E.MissingParameter("invitations[].password"),
                    Text(invitation, "firstname"), Text(invitation, "lastname"), Text(invitation, "fullname"),
                    Text(invitation, "email"), Text(invitation, "role") ?? Roles.User,
                    Text(invitation, "userLicenseType"), null);
                await users.CreateAsync(caller, request, r.Aborted);
            }
            catch (Core.Errors.ArcGisException e) when (e.Code is 400 or 409)
            {
                notInvited.Add(username ?? Text(invitation, "email") ?? "");
            }
        }

        return new { success = true, notInvited };
    }

    private static async Task<object> UpdateRoleAsync(ArcGisRequest r, UserService users)
    {
        var caller = await r.RequireCallerAsync();
        var user = await users.UpdateRoleAsync(caller, r.Require("user"), r.Require("role"), r.Aborted);
        return new { success = true, username = user.Username };
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
