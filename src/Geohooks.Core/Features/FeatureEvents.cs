using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Features;

/// <summary>The feature-service change types (webhooks spec §3.9).</summary>
public static class FeatureChangeTypes
{
    public const string FeaturesCreated = "FeaturesCreated";
    public const string FeaturesUpdated = "FeaturesUpdated";
    public const string FeaturesDeleted = "FeaturesDeleted";
    public const string FeaturesEdited = "FeaturesEdited";
    public const string AttachmentsCreated = "AttachmentsCreated";
    public const string AttachmentsUpdated = "AttachmentsUpdated";
    public const string AttachmentsDeleted = "AttachmentsDeleted";
    public const string LayerSchemaChanged = "LayerSchemaChanged";
    public const string LayerDefinitionChanged = "LayerDefinitionChanged";
    public const string FeatureServiceDefinitionChanged = "FeatureServiceDefinitionChanged";
}

/// <summary>
/// Records feature-service events in the caller's write session, so they commit (or roll back) with the edit that
/// caused them. One event per change type per layer per transaction; <c>FeaturesEdited</c> accompanies any of the
/// three feature changes so a receiver subscribed to the union sees each edit once.
/// </summary>
public static class FeatureEvents
{
    public static Task RecordAsync(
        IStoreSession session, Caller? actor, FeatureService service, string changeType, FeatureEventDetail detail, CancellationToken ct)
    {
        session.Signal(Channels.Events);
        var properties = new Dictionary<string, object?>
        {
            ["serviceName"] = service.Name,
            ["serviceItemId"] = service.ItemId,
            ["changeType"] = changeType,
            ["layerId"] = detail.LayerId,
            ["serverGen"] = detail.ServerGen is { } gen ? new { minServerGen = gen.Min, serverGen = gen.Max } : null,
            ["editMoment"] = detail.EditMoment,
            ["counts"] = detail.Counts,
        };
        return session.Events.AppendAsync(
            new PortalEvent
            {
                Id = Ids.NewId(),
                OrgId = service.OrgId,
                Source = EventSources.FeatureService,
                Operation = changeType,
                TargetId = service.ItemId,
                Username = actor?.Username ?? "",
                UserId = actor?.User.Id ?? "",
                When = detail.EditMoment,
                Properties = JsonSerializer.Serialize(properties),
            },
            ct);
    }
}

/// <summary>
/// What an event says about its change: the layer (null for service-level changes), the generation bracket
/// (the generation before the edit and the one it committed), when, and how many rows of each kind.
/// </summary>
public sealed record FeatureEventDetail(int? LayerId, (long Min, long Max)? ServerGen, long EditMoment, IReadOnlyDictionary<string, int>? Counts = null);
