namespace Geohooks.Core.Portal;

/// <summary>A new member, as createUser or invite describes it.</summary>
public sealed record NewUser(
    string Username,
    string Password,
    string? FirstName,
    string? LastName,
    string? FullName,
    string? Email,
    string Role,
    string? UserLicenseTypeId,
    string? Description);

/// <summary>Profile fields to change; null leaves a field as it is.</summary>
public sealed record UserUpdate
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? FullName { get; init; }
    public string? Email { get; init; }
    public string? Description { get; init; }
    public string? Access { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Culture { get; init; }
    public string? Region { get; init; }
    public string? Units { get; init; }
    public string? Password { get; init; }
}

/// <summary>A user as a caller may see it: private fields and groups only for the user and their admins.</summary>
public sealed record UserView(User User, bool Full, IReadOnlyList<(Group Group, GroupMember Membership)> Groups);
