namespace Geohooks.Core.Portal;

public sealed record Group
{
    public required string Id { get; init; }
    public required string OrgId { get; init; }
    public required string Title { get; init; }
    public required string Owner { get; init; }
    public string? Description { get; init; }
    public string? Snippet { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Phone { get; init; }
    /// <summary>private, org or public.</summary>
    public string Access { get; init; } = "private";
    public bool IsInvitationOnly { get; init; }
    public bool IsViewOnly { get; init; }
    public bool AutoJoin { get; init; }
    public bool Protected { get; init; }
    public string SortField { get; init; } = "title";
    public string SortOrder { get; init; } = "asc";
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public required long Created { get; init; }
    public required long Modified { get; init; }
}

/// <summary>A user's place in a group: owner, admin or member.</summary>
public sealed record GroupMember(string GroupId, string Username, string MemberType, long Joined);

public static class MemberTypes
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string None = "none";
}
