namespace Geohooks.Core.Portal;

/// <summary>Group properties from createGroup or update; null leaves a property as it is.</summary>
public sealed record GroupFields
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Snippet { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Phone { get; init; }
    public string? Access { get; init; }
    public bool? IsInvitationOnly { get; init; }
    public bool? IsViewOnly { get; init; }
    public bool? AutoJoin { get; init; }
    public string? SortField { get; init; }
    public string? SortOrder { get; init; }
    public IReadOnlyList<string>? Capabilities { get; init; }
}

/// <summary>A group with the caller's membership in it (null when not a member).</summary>
public sealed record GroupView(Group Group, GroupMember? Membership);

public sealed record GroupMembers(string Owner, IReadOnlyList<string> Admins, IReadOnlyList<string> Users);
