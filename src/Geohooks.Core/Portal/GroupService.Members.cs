using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

public sealed partial class GroupService
{
    /// <summary>addUsers: members of the group's org join as <paramref name="memberType"/>; the rest come back in notAdded.</summary>
    public Task<IReadOnlyList<string>> AddUsersAsync(Caller caller, string id, IReadOnlyList<string> usernames, string memberType, CancellationToken ct) =>
        JoinAsync(caller, id, usernames, memberType, "addUsers", ct);

    /// <summary>
    /// invite: Geohooks hosts one organization and its administrators add members directly, so an invitation is
    /// accepted on the spot (Enterprise's "add members without invitation"). Recorded as its own operation.
    /// </summary>
    public Task<IReadOnlyList<string>> InviteAsync(Caller caller, string id, IReadOnlyList<string> usernames, string memberType, CancellationToken ct) =>
        JoinAsync(caller, id, usernames, memberType, "invite", ct);

    public async Task<IReadOnlyList<string>> RemoveUsersAsync(Caller caller, string id, IReadOnlyList<string> usernames, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var (group, _) = await FindManageableAsync(session, caller, id, ct);
        var removed = new List<string>();
        var notRemoved = new List<string>();
        foreach (var username in usernames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var member = await session.Groups.FindMemberAsync(group.Id, username, ct);
            if (member is null || member.MemberType == MemberTypes.Owner)
            {
                notRemoved.Add(username);
                continue;
            }

            await session.Groups.RemoveMemberAsync(group.Id, member.Username, ct);
            removed.Add(member.Username);
        }

        if (removed.Count > 0)
        {
            await PortalEvents.RecordAsync(session, caller, EventSources.Group, "removeUsers", group.Id, Now(), new { users = removed }, ct);
        }

        await session.CommitAsync(ct);
        return notRemoved;
    }

    private async Task<IReadOnlyList<string>> JoinAsync(
        Caller caller, string id, IReadOnlyList<string> usernames, string memberType, string operation, CancellationToken ct)
    {
        if (usernames.Count == 0)
        {
            throw E.MissingParameter("users");
        }

        await using var session = await store.WriteAsync(ct);
        var (group, _) = await FindManageableAsync(session, caller, id, ct);
        var now = Now();
        var added = new List<string>();
        var notAdded = new List<string>();
        foreach (var username in usernames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var user = await session.Users.FindByUsernameAsync(username, ct);
            var existing = user is null ? null : await session.Groups.FindMemberAsync(group.Id, user.Username, ct);
            if (user is null || user.OrgId != group.OrgId || user.Disabled || existing?.MemberType == MemberTypes.Owner)
            {
                notAdded.Add(username);
                continue;
            }

            await session.Groups.SetMemberAsync(new GroupMember(group.Id, user.Username, memberType, existing?.Joined ?? now), ct);
            added.Add(user.Username);
        }

        if (added.Count > 0)
        {
            await PortalEvents.RecordAsync(session, caller, EventSources.Group, operation, group.Id, now, new { users = added, memberType }, ct);
        }

        await session.CommitAsync(ct);
        return notAdded;
    }
}
