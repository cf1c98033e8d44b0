namespace Geohooks.Core.Portal;

/// <summary>An issued access token. Only the SHA-256 of the token text is stored.</summary>
public sealed record TokenRecord
{
    public required string Hash { get; init; }
    public required string UserId { get; init; }
    public required string Username { get; init; }
    public required string OrgId { get; init; }
    public required long Created { get; init; }
    public required long Expires { get; init; }
    /// <summary>portal, or server for a federated server token.</summary>
    public string Kind { get; init; } = "portal";
    public string? Referer { get; init; }
    public bool Revoked { get; init; }
}
