namespace Geohooks.Core.Portal;

/// <summary>The organization ("portal"). Geohooks hosts one per installation, created on first start.</summary>
public sealed record Org
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string UrlKey { get; init; }
    public string? Description { get; init; }
    public required long Created { get; init; }
    public required long Modified { get; init; }
}
