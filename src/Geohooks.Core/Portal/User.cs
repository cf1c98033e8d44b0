namespace Geohooks.Core.Portal;

/// <summary>A portal member. Usernames are immutable, as in ArcGIS; lookups are case-insensitive.</summary>
public sealed record User
{
    public required string Id { get; init; }
    public required string OrgId { get; init; }
    public required string Username { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? FullName { get; init; }
    public string? Email { get; init; }
    public string? Description { get; init; }
    public required string Role { get; init; }
    public string UserLicenseTypeId { get; init; } = "creatorUT";
    /// <summary>Profile visibility: public, org or private.</summary>
    public string Access { get; init; } = "org";
    public bool Disabled { get; init; }
    public string Provider { get; init; } = "arcgis";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Culture { get; init; }
    public string? Region { get; init; }
    public string? Units { get; init; }
    /// <summary>Hash from the password hasher; never leaves the server.</summary>
    public string? PasswordHash { get; init; }
    public required long Created { get; init; }
    public required long Modified { get; init; }
    public long LastLogin { get; init; } = -1;
}
