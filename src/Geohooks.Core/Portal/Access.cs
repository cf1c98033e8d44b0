namespace Geohooks.Core.Portal;

/// <summary>Who may see and change what (spec resources §2.1, §2.9). Pure functions over loaded state.</summary>
public static class Access
{
    public static bool SameOrg(Caller? caller, string orgId) => caller is not null && caller.Org.Id == orgId;

    public static bool IsOwnerOrAdmin(Caller? caller, string owner, string orgId) =>
        caller is not null && (Same(caller.Username, owner) || (caller.IsAdmin && SameOrg(caller, orgId)));

    public static bool CanView(Caller? caller, Item item, IReadOnlyCollection<string> itemGroups, IReadOnlyCollection<string> callerGroups) =>
        item.Access == ItemAccess.Public
        || IsOwnerOrAdmin(caller, item.Owner, item.OrgId)
        || (item.Access == ItemAccess.Org && SameOrg(caller, item.OrgId))
        || itemGroups.Any(callerGroups.Contains);

    public static bool CanView(Caller? caller, Group group, GroupMember? membership) =>
        group.Access == "public"
        || membership is not null
        || (caller is not null && caller.IsAdmin && SameOrg(caller, group.OrgId))
        || (group.Access == "org" && SameOrg(caller, group.OrgId));

    /// <summary>Group owner, group admin, or an org admin of the group's org.</summary>
    public static bool CanManage(Caller caller, Group group, GroupMember? membership) =>
        membership?.MemberType is MemberTypes.Owner or MemberTypes.Admin
        || (caller.IsAdmin && SameOrg(caller, group.OrgId));

    public static bool CanView(Caller? caller, User user) =>
        user.Access == "public"
        || (caller is not null && (Same(caller.Username, user.Username) || (SameOrg(caller, user.OrgId) && (caller.IsAdmin || user.Access == "org"))));

    /// <summary>Private profile fields (email, role, privileges, groups) go to the user and their admins only.</summary>
    public static bool SeesPrivateFields(Caller? caller, User user) =>
        caller is not null && (Same(caller.Username, user.Username) || (caller.IsAdmin && SameOrg(caller, user.OrgId)));

    public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
