namespace Geohooks.Core.Portal;

/// <summary>The three built-in ArcGIS roles and the privileges each holds (spec resources §2.4, §2.11).</summary>
public static class Roles
{
    public const string Admin = "org_admin";
    public const string Publisher = "org_publisher";
    public const string User = "org_user";

    public static readonly IReadOnlyList<string> All = [Admin, Publisher, User];

    private static readonly string[] UserPrivileges =
    [
        "portal:user:createGroup", "portal:user:createItem", "portal:user:joinGroup",
        "portal:user:shareToGroup", "portal:user:shareToOrg", "portal:user:shareToPublic",
        "portal:user:viewOrgGroups", "portal:user:viewOrgItems", "portal:user:viewOrgUsers",
    ];

    private static readonly string[] PublisherPrivileges =
    [
        .. UserPrivileges,
        "portal:publisher:publishFeatures", "portal:publisher:publishScenes", "portal:publisher:publishTiles",
    ];

    private static readonly string[] AdminPrivileges =
    [
        .. PublisherPrivileges,
        "portal:admin:assignToGroups", "portal:admin:changeUserRoles", "portal:admin:createUpdateCapableGroup",
        "portal:admin:deleteGroups", "portal:admin:deleteItems", "portal:admin:deleteUsers",
        "portal:admin:disableUsers", "portal:admin:inviteUsers", "portal:admin:manageWebhooks",
        "portal:admin:reassignGroups", "portal:admin:reassignItems", "portal:admin:shareToGroup",
        "portal:admin:shareToOrg", "portal:admin:shareToPublic", "portal:admin:updateGroups",
        "portal:admin:updateItems", "portal:admin:updateUsers", "portal:admin:viewGroups",
        "portal:admin:viewItems", "portal:admin:viewUsers",
    ];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    public static IReadOnlyList<string> PrivilegesOf(string role) => role switch
    {
        Admin => AdminPrivileges,
        Publisher => PublisherPrivileges,
        _ => UserPrivileges,
    };

    public static bool Has(string role, string privilege) => PrivilegesOf(role).Contains(privilege, StringComparer.Ordinal);

    /// <summary>ArcGIS's built-in role ids accepted in place of names; Viewer and Data Editor map to org_user.</summary>
    public static string? Normalize(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        "org_admin" or "account_admin" or "admin" => Admin,
        "org_publisher" or "account_publisher" or "publisher" => Publisher,
        "org_user" or "account_user" or "user" or "iaaaaaaaaaaaaaaa" or "ibbbbbbbbbbbbbbb" => User,
        _ => null,
    };
}
