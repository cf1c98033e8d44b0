namespace Geohooks.Core.Portal;

public sealed record Item
{
    public required string Id { get; init; }
    public required string OrgId { get; init; }
    public required string Owner { get; init; }
    /// <summary>Folder id, or null for the owner's root folder.</summary>
    public string? OwnerFolder { get; init; }
    public required string Title { get; init; }
    public required string Type { get; init; }
    public IReadOnlyList<string> TypeKeywords { get; init; } = [];
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Snippet { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Url { get; init; }
    public string? AccessInformation { get; init; }
    public string? LicenseInfo { get; init; }
    public string? Culture { get; init; }
    public string? SpatialReference { get; init; }
    /// <summary>[[xmin,ymin],[xmax,ymax]] in WGS84, or empty.</summary>
    public IReadOnlyList<double> Extent { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>The item's properties object as JSON text, or null.</summary>
    public string? Properties { get; init; }
    /// <summary>Effective sharing level: private, shared (groups only), org or public.</summary>
    public string Access { get; init; } = ItemAccess.Private;
    public bool Protected { get; init; }
    public long Size { get; init; }
    public required long Created { get; init; }
    public required long Modified { get; init; }
}

public static class ItemAccess
{
    public const string Private = "private";
    public const string Shared = "shared";
    public const string Org = "org";
    public const string Public = "public";
}

/// <summary>An item's data: JSON/text from <c>text</c>, or an uploaded file.</summary>
public sealed record ItemData(string ItemId, byte[] Content, string ContentType, string? FileName);

public sealed record Folder(string Id, string Username, string Title, long Created);
