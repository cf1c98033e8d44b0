namespace Geohooks.Core.Features;

/// <summary>What one edit did to one row, as the change log keeps it for extractChanges (webhooks spec §6).</summary>
public enum ChangeKind
{
    Insert = 1,
    Update = 2,
    Delete = 3,
}

/// <summary>
/// One entry of a layer's change log. Feature changes carry the object id; attachment changes carry the parent's
/// object id and the attachment id. Updates and deletes keep the row as it was before the change (see
/// <see cref="BeforeRow"/>), so <c>returnDeletedFeatures</c> can answer after the row is gone and webhook filters can
/// judge a feature by what it was as well as by what it is.
/// </summary>
public sealed record FeatureChange
{
    public required int LayerId { get; init; }

    public required long ServerGen { get; init; }

    public required ChangeKind Kind { get; init; }

    public required long ObjectId { get; init; }

    public string? GlobalId { get; init; }

    public bool GeometryChanged { get; init; }

    /// <summary>Set for attachment changes.</summary>
    public long? AttachmentId { get; init; }

    /// <summary>
    /// The row before the change — attributes and shape as stored — for updates and deletes of features; null for
    /// inserts and attachment changes. Several updates of one row in one generation each keep the state they changed.
    /// </summary>
    public FeatureRow? BeforeRow { get; init; }

    public long EditMoment { get; init; }
}

/// <summary>An attachment's metadata; its bytes are read separately.</summary>
public sealed record Attachment
{
    public required long Id { get; init; }

    public required long ParentObjectId { get; init; }

    public string? ParentGlobalId { get; init; }

    public required string GlobalId { get; init; }

    public required string Name { get; init; }

    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public string Keywords { get; init; } = "";
}
