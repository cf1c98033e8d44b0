using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

/// <summary>Sharing (spec resources §2.9): levels private &lt; shared &lt; org &lt; public, groups added per call.</summary>
public sealed partial class ItemService
{
    /// <summary>
    /// Shares an item. Through the owner's path (<paramref name="asOwner"/>) the caller must own the item or be an
    /// admin and may also change the level; through <c>content/items/&lt;id&gt;/share</c> the caller shares to groups
    /// they manage. Groups that cannot take the item come back in notSharedWith; the call itself succeeds.
    /// </summary>
    public async Task<ShareResult> ShareAsync(Caller caller, string id, ShareRequest request, bool asOwner, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var item = await FindVisibleAsync(session, caller, id, ct);
        var isOwnerOrAdmin = Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId);
        if (asOwner && !isOwnerOrAdmin)
        {
            throw E.Forbidden();
        }

        var level = asOwner ? NewLevel(caller, item, request) : Level(item);
        var current = await session.Items.ListSharedGroupsAsync(item.Id, ct);
        var notShared = new List<string>();
        var added = new List<string>();
        foreach (var groupId in request.Groups.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await CanShareToAsync(session, caller, item, groupId, request.ConfirmItemControl, isOwnerOrAdmin, ct) is not { } group)
            {
                notShared.Add(groupId);
            }
            else if (!current.Contains(group.Id, StringComparer.Ordinal))
            {
                await session.Items.AddShareAsync(item.Id, group.Id, ct);
                added.Add(group.Id);
            }
        }

        var access = Effective(level, current.Count + added.Count);
        if (added.Count > 0 || access != item.Access)
        {
            await session.Items.UpdateAsync(item with { Access = access }, ct);
            await PortalEvents.RecordAsync(session, caller, EventSources.Item, "share", item.Id, Now(), new { sharedToGroups = added, access, previousAccess = item.Access }, ct);
        }

        await session.CommitAsync(ct);
        return new ShareResult(item.Id, notShared);
    }

    public async Task<ShareResult> UnshareAsync(Caller caller, string id, IReadOnlyList<string> groups, bool asOwner, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var item = await FindVisibleAsync(session, caller, id, ct);
        var isOwnerOrAdmin = Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId);
        if (asOwner && !isOwnerOrAdmin)
        {
            throw E.Forbidden();
        }

        var current = await session.Items.ListSharedGroupsAsync(item.Id, ct);
        var notUnshared = new List<string>();
        var removed = new List<string>();
        foreach (var groupId in groups.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var group = Ids.IsId(groupId) ? await session.Groups.FindAsync(groupId.ToLowerInvariant(), ct) : null;
            var membership = group is null ? null : await session.Groups.FindMemberAsync(group.Id, caller.Username, ct);
            if (group is null || !(isOwnerOrAdmin || Access.CanManage(caller, group, membership)))
            {
                notUnshared.Add(groupId);
            }
            else if (current.Contains(group.Id, StringComparer.Ordinal))
            {
                await session.Items.RemoveShareAsync(item.Id, group.Id, ct);
                removed.Add(group.Id);
            }
        }

        if (removed.Count > 0)
        {
            var access = Effective(Level(item), current.Count - removed.Count);
            await session.Items.UpdateAsync(item with { Access = access }, ct);
            await PortalEvents.RecordAsync(session, caller, EventSources.Item, "unshare", item.Id, Now(), new { unsharedFromGroups = removed, access, previousAccess = item.Access }, ct);
        }

        await session.CommitAsync(ct);
        return new ShareResult(item.Id, notUnshared);
    }

    /// <summary>content/items/&lt;id&gt;/groups: the item's groups, split by the caller's role in each.</summary>
    public async Task<(IReadOnlyList<Group> Admin, IReadOnlyList<Group> Member, IReadOnlyList<Group> Other)> GroupsOfAsync(
        Caller? caller, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var item = await FindVisibleAsync(session, caller, id, ct);
        var mine = caller is null ? [] : (await session.Groups.ListForUserAsync(caller.Username, ct)).ToDictionary(g => g.Group.Id, g => g.Membership.MemberType, StringComparer.Ordinal);
        List<Group> admin = [], member = [], other = [];
        foreach (var groupId in await session.Items.ListSharedGroupsAsync(item.Id, ct))
        {
            if (await session.Groups.FindAsync(groupId, ct) is not { } group)
            {
                continue;
            }

            var role = mine.GetValueOrDefault(group.Id);
            var list = role is MemberTypes.Owner or MemberTypes.Admin ? admin : role is MemberTypes.Member ? member : other;
            if (role is not null || Access.CanView(caller, group, null))
            {
                list.Add(group);
            }
        }

        return (admin, member, other);
    }

    private static async Task<Group?> CanShareToAsync(
        IStoreSession session, Caller caller, Item item, string groupId, bool confirmItemControl, bool isOwnerOrAdmin, CancellationToken ct)
    {
        var group = Ids.IsId(groupId) ? await session.Groups.FindAsync(groupId.ToLowerInvariant(), ct) : null;
        if (group is null || !caller.Has("portal:user:shareToGroup"))
        {
            return null;
        }

        var membership = await session.Groups.FindMemberAsync(group.Id, caller.Username, ct);
        var manages = Access.CanManage(caller, group, membership);
        var allowed = isOwnerOrAdmin ? membership is not null || caller.IsAdmin : manages;
        var viewOnlyBlocked = group.IsViewOnly && !manages;
        var needsConfirm = group.Capabilities.Contains("updateitemcontrol", StringComparer.OrdinalIgnoreCase) && !confirmItemControl;
        var crossOrg = group.OrgId != item.OrgId && group.Access != "public";
        return allowed && !viewOnlyBlocked && !needsConfirm && !crossOrg ? group : null;
    }

    private static string NewLevel(Caller caller, Item item, ShareRequest request)
    {
        if (request.Everyone is null && request.Org is null)
        {
            return Level(item);
        }

        var level = request.Everyone == true ? ItemAccess.Public : request.Org == true ? ItemAccess.Org : ItemAccess.Private;
        var privilege = level switch
        {
            ItemAccess.Public => "portal:user:shareToPublic",
            ItemAccess.Org => "portal:user:shareToOrg",
            _ => null,
        };
        return privilege is null || caller.Has(privilege) ? level : throw E.Forbidden($"Sharing to '{level}' needs the privilege {privilege}.");
    }

    /// <summary>The level an item has apart from its groups.</summary>
    private static string Level(Item item) => item.Access is ItemAccess.Public or ItemAccess.Org ? item.Access : ItemAccess.Private;

    private static string Effective(string level, int groupCount) =>
        level == ItemAccess.Private && groupCount > 0 ? ItemAccess.Shared : level;
}
