using System.Text.Json.Nodes;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// What a service webhook (<see cref="WebhookKinds.Server"/> or <see cref="WebhookKinds.Online"/>) adds to a
/// <see cref="Webhook"/>: the service it watches and how it is delivered. Kept in <see cref="Webhook.Config"/> as a JSON
/// object, next to the engine's own config keys (<c>deactivationPolicy</c>, <c>retrySchedule</c>, <c>maxConcurrency</c>),
/// which <see cref="WebhookConfig.Parse"/> reads from the same object. The change types are <see cref="Webhook.Events"/>
/// and the signature key is <see cref="Webhook.Secret"/>.
/// </summary>
public sealed record ServiceHookSpec
{
    public const string Json = "application/json";
    public const string Form = "application/x-www-form-urlencoded";
    public const string CompactFormat = "json";
    public const string PrettyFormat = "pjson";

    /// <summary><see cref="ServiceScopes.FeatureServer"/> or <see cref="ServiceScopes.GPServer"/>.</summary>
    public required string ServiceType { get; init; }

    /// <summary><c>""</c> for root-folder services; <c>Hosted</c> for hosted feature services in the Enterprise dialect.</summary>
    public string FolderName { get; init; } = "";

    public required string ServiceName { get; init; }

    /// <summary>The portal item of a feature service; null for geoprocessing services.</summary>
    public string? ServiceItemId { get; init; }

    public string ContentType { get; init; } = Json;

    public string PayloadFormat { get; init; } = CompactFormat;

    /// <summary>Feature services only; null for geoprocessing services.</summary>
    public ScheduleInfo? Schedule { get; init; }

    public HookFilter? Filter { get; init; }

    /// <summary>Deliver the changes inline (Geohooks extension, <c>fullPayload</c>).</summary>
    public bool FullPayload { get; init; }

    /// <summary>Username of the creator (<c>ownerId</c> in the Enterprise object is a username).</summary>
    public required string OwnerUsername { get; init; }

    public required string ModifiedUsername { get; init; }

    /// <summary>
    /// The event-log position when the webhook was created: it hears of events after it only. Null (older webhooks)
    /// falls back to events no older than the webhook.
    /// </summary>
    public long? AfterSequence { get; init; }

    /// <summary>When the receiver last passed the CRC check (Online flavor with a signature key), epoch ms.</summary>
    public long? CrcCheckedAt { get; init; }

    /// <summary>Reads the spec from a service webhook's config.</summary>
    public static ServiceHookSpec FromConfig(string config)
    {
        var root = JsonNode.Parse(config) as JsonObject ?? [];
        var service = root["service"] as JsonObject ?? [];
        return new ServiceHookSpec
        {
            ServiceType = (string?)service["type"] ?? ServiceScopes.FeatureServer,
            FolderName = (string?)service["folderName"] ?? "",
            ServiceName = (string?)service["name"] ?? "",
            ServiceItemId = (string?)service["itemId"],
            ContentType = (string?)root["contentType"] ?? Json,
            PayloadFormat = (string?)root["payloadFormat"] ?? CompactFormat,
            Schedule = root["scheduleInfo"] is JsonObject schedule ? ReadSchedule(schedule) : null,
            Filter = root["filter"] is JsonObject filter ? HookFilter.FromJson(filter) : null,
            FullPayload = (bool?)root["fullPayload"] ?? false,
            OwnerUsername = (string?)root["ownerUsername"] ?? "",
            ModifiedUsername = (string?)root["modifiedUsername"] ?? "",
            CrcCheckedAt = (long?)root["crcCheckedAt"],
            AfterSequence = (long?)root["afterSequence"],
        };
    }

    /// <summary>
    /// Writes the spec into <paramref name="config"/> (a webhook config JSON object text, e.g. the current one, whose
    /// engine keys are kept) and returns the new text.
    /// </summary>
    public string ToConfig(string config = "{}")
    {
        var root = JsonNode.Parse(config) as JsonObject ?? [];
        root["service"] = new JsonObject
        {
            ["type"] = ServiceType,
            ["folderName"] = FolderName,
            ["name"] = ServiceName,
            ["itemId"] = ServiceItemId,
        };
        root["contentType"] = ContentType;
        root["payloadFormat"] = PayloadFormat;
        root["scheduleInfo"] = Schedule?.ToJson();
        root["filter"] = Filter?.ToJson();
        root["fullPayload"] = FullPayload;
        root["ownerUsername"] = OwnerUsername;
        root["modifiedUsername"] = ModifiedUsername;
        root["crcCheckedAt"] = CrcCheckedAt;
        root["afterSequence"] = AfterSequence;
        return root.ToJsonString();
    }

    private static ScheduleInfo ReadSchedule(JsonObject o)
    {
        var recurrence = o["recurrenceInfo"] as JsonObject ?? [];
        return new ScheduleInfo(
            (string?)o["name"] ?? "",
            (string?)o["state"] != "disabled",
            (long?)o["startAt"] ?? 0,
            (int?)recurrence["interval"] ?? 20,
            (string?)recurrence["frequency"] ?? ScheduleInfo.Second);
    }
}
