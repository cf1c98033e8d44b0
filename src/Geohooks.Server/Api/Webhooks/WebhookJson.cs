using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Delivery;
using Geohooks.Core.Webhooks;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>Organization webhook shapes (spec webhooks §2.1, §2.7, §2.8) plus the delivery log's.</summary>
internal static class WebhookJson
{
    /// <summary>Fields in the documented order; <c>deactivationReason</c> and <c>standardWebhooksSecret</c> are Geohooks additions.</summary>
    public static object Webhook(Webhook w) => new
    {
        id = w.Id,
        accountId = w.OrgId,
        payloadUrl = w.PayloadUrl,
        secret = w.Secret,
        isActive = w.IsActive,
        name = w.Name,
        config = JsonDocument.Parse(w.Config).RootElement,
        ownerId = w.OwnerId,
        created = w.Created,
        modified = w.Modified,
        events = w.Events,
        deactivationReason = w.DeactivationReason,
        standardWebhooksSecret = w.Secret.Length > 0 ? Signatures.StandardSecret(w.Secret) : null,
    };

    public static object Settings(WebhookSettings s) => new
    {
        notificationAttempts = s.NotificationAttempts,
        notificationTimeOutInSeconds = s.NotificationTimeOutInSeconds,
        notificationElapsedTimeInSeconds = s.NotificationElapsedTimeInSeconds,
        featureServerMetricIntervalInMinutes = s.FeatureServerMetricIntervalInMinutes,
    };

    /// <summary>A notificationStatus row: ArcGIS's fields, then the attempt's details.</summary>
    public static object Status(string webhookId, NotificationRow row) => new
    {
        id = webhookId,
        isInvoked = row.Attempt.Succeeded,
        invokedTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(row.Attempt.StartedAt).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        responseText = row.Attempt.ResponseBody ?? row.Attempt.Error ?? "",
        payload = row.Delivery is null ? "" : Encoding.UTF8.GetString(row.Delivery.Payload),
        deliveryId = row.Attempt.DeliveryId,
        attempt = row.Attempt.Number,
        statusCode = row.Attempt.ResponseStatus,
        error = row.Attempt.Error,
    };

    public static object Delivery(Delivery d) => new
    {
        id = d.Id,
        messageId = d.MessageId,
        eventType = d.EventType,
        eventSequence = d.EventSequence,
        status = StatusName(d.Status),
        attempts = d.Attempts,
        created = d.Created,
        nextAttemptAt = d.Status is DeliveryStatus.Pending ? d.NextAttemptAt : (long?)null,
        completedAt = d.CompletedAt,
    };

    public static object Attempt(DeliveryAttempt a) => new
    {
        number = a.Number,
        startedAt = a.StartedAt,
        durationMs = a.DurationMs,
        requestHeaders = JsonDocument.Parse(a.RequestHeaders).RootElement,
        responseStatus = a.ResponseStatus,
        responseHeaders = a.ResponseHeaders is null ? (JsonElement?)null : JsonDocument.Parse(a.ResponseHeaders).RootElement,
        responseBody = a.ResponseBody,
        error = a.Error,
        succeeded = a.Succeeded,
    };

    public static string StatusName(DeliveryStatus s) => s switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.InFlight => "inFlight",
        DeliveryStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    public static DeliveryStatus? ParseStatus(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "pending" => DeliveryStatus.Pending,
        "inflight" => DeliveryStatus.InFlight,
        "succeeded" => DeliveryStatus.Succeeded,
        "failed" => DeliveryStatus.Failed,
        _ => throw Core.Errors.Errors.InvalidParameter("status", "must be pending, inFlight, succeeded or failed."),
    };
}
