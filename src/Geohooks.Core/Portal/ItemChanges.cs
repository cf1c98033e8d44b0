namespace Geohooks.Core.Portal;

/// <summary>Item properties from addItem or update; null leaves a property as it is.</summary>
public sealed record ItemFields
{
    public string? Title { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string>? TypeKeywords { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Snippet { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Url { get; init; }
    public string? AccessInformation { get; init; }
    public string? LicenseInfo { get; init; }
    public string? Culture { get; init; }
    public string? SpatialReference { get; init; }
    public IReadOnlyList<double>? Extent { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>JSON object text.</summary>
    public string? Properties { get; init; }
}

/// <summary>What the owner share call asks for. Null flags leave the level as it is.</summary>
public sealed record ShareRequest(bool? Everyone, bool? Org, IReadOnlyList<string> Groups, bool ConfirmItemControl);

public sealed record ShareResult(string ItemId, IReadOnlyList<string> NotDone);

/// <summary>An item as its owner or an admin sees it, with the groups it is shared to.</summary>
public sealed record ItemSharing(Item Item, IReadOnlyList<string> Groups);

public sealed record UserContent(Search.Page<Item> Items, Folder? CurrentFolder, IReadOnlyList<Folder> Folders);
