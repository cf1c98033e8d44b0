namespace Geohooks.Core.Portal;

/// <summary>
/// One change to the portal, committed in the same transaction as the change itself. Organization webhooks
/// deliver from this log. <see cref="Sequence"/> is assigned by the store and orders events of one database.
/// </summary>
public sealed record PortalEvent
{
    public long Sequence { get; init; }
    public required string Id { get; init; }
    public required string OrgId { get; init; }
    /// <summary>item, group or user.</summary>
    public required string Source { get; init; }
    /// <summary>The ArcGIS operation name: add, update, delete, share, addUsers, disable, ...</summary>
    public required string Operation { get; init; }
    /// <summary>Id of the item, group or user acted on (for users, the user id).</summary>
    public required string TargetId { get; init; }
    public required string Username { get; init; }
    public required string UserId { get; init; }
    public required long When { get; init; }
    /// <summary>The operation's properties as a JSON object text, e.g. the groups shared to.</summary>
    public string Properties { get; init; } = "{}";
}

public static class EventSources
{
    public const string Item = "item";
    public const string Group = "group";
    public const string User = "user";

    /// <summary>Edits and definition changes of hosted feature services (delivered by service webhooks, not org ones).</summary>
    public const string FeatureService = "featureService";

    /// <summary>Jobs of asynchronous geoprocessing services that finished (delivered by service webhooks, not org ones).</summary>
    public const string GpService = "gpService";

    /// <summary>The sources organization webhooks are told about.</summary>
    public static bool IsPortal(string source) => source is Item or Group or User;
}
