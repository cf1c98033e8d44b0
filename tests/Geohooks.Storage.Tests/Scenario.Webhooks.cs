using Geohooks.Core.Delivery;
using Geohooks.Core.Webhooks;

namespace Geohooks.Storage.Tests;

public sealed partial class Scenario
{
    /// <summary>A wake-up channel no other test uses.</summary>
    public string Channel => "test_" + suffix;

    public Webhook Webhook(string name, bool active = true, long created = T0, string? orgId = null, string kind = WebhookKinds.Organization) => new()
    {
        Id = NewId(),
        OrgId = orgId ?? OrgId,
        Kind = kind,
        Name = Name(name),
        PayloadUrl = $"https://receiver.example/{name}",
        Secret = "s3cret",
        IsActive = active,
        Events = ["/items", "/groups/Abc"],
        Config = """{"deactivationPolicy":{"numberOfFailures":5,"daysInPastToCheck":2}}""",
        OwnerId = NewId(),
        Created = created,
        Modified = created,
    };

    public static Delivery Delivery(string webhookId, long nextAttemptAt = T0, long created = T0, string eventType = "item.update") => new()
    {
        WebhookId = webhookId,
        MessageId = NewId(),
        EventSequence = 7,
        EventType = eventType,
        Payload = [0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, (byte)'{', (byte)'}'],
        ContentType = "application/json",
        NextAttemptAt = nextAttemptAt,
        Created = created,
    };

    public static DeliveryAttempt Attempt(long deliveryId, string webhookId, int number, bool succeeded) => new()
    {
        DeliveryId = deliveryId,
        WebhookId = webhookId,
        Number = number,
        StartedAt = T0 + number,
        DurationMs = 12 * number,
        RequestHeaders = """{"content-type":"application/json","webhook-id":"m"}""",
        ResponseStatus = succeeded ? 200 : 503,
        ResponseHeaders = """{"server":"test"}""",
        ResponseBody = succeeded ? "ok" : "unavailable",
        Error = succeeded ? null : "HTTP 503",
        Succeeded = succeeded,
    };
}
