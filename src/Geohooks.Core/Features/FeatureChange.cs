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
/// object id and the attachment id. A deleted feature keeps its last state (Esri JSON) so that
/// <c>returnDeletedFeatures</c> can answer after the row is gone.
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

    /// <summary>The deleted feature as stored (<see cref="FeatureRow"/> serialized), for deletes only.</summary>
    public FeatureRow? DeletedRow { get; init; }

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
