using System.Globalization;
using System.Text.Json.Nodes;
using Geohooks.Core.Delivery;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>Service webhook shapes: the Enterprise object (spec webhooks §3.2), Online's (§4.1), notificationStatus and settings.</summary>
internal static class ServiceWebhookJson
{
    /// <summary>
    /// §3.2's fields in its example's order; Online's objects lead with <c>globalId</c> and leave out the folder and the
    /// service type. <c>scheduleInfo</c> only for feature services. Geohooks additions only when set: <c>filter</c>,
    /// <c>fullPayload</c>, <c>deactivationReason</c>.
    /// </summary>
    public static JsonObject Webhook(Webhook w)
    {
        var spec = ServiceHookSpec.FromConfig(w.Config);
        var o = w.Kind == WebhookKinds.Online
            ? new JsonObject { ["globalId"] = w.Id, ["serviceName"] = spec.ServiceName }
            : new JsonObject { ["id"] = w.Id, ["folderName"] = spec.FolderName, ["serviceName"] = spec.ServiceName, ["serviceType"] = spec.ServiceType };
        o["name"] = w.Name;
        o["signatureKey"] = w.Secret;
        o["hookUrl"] = w.PayloadUrl;
        o["active"] = w.IsActive;
        o["contentType"] = spec.ContentType;
        if (spec.Schedule is { } schedule)
        {
            o["scheduleInfo"] = schedule.ToJson();
        }

        o["payloadFormat"] = spec.PayloadFormat;
        o["created"] = w.Created;
        o["modified"] = w.Modified;
        o["ownerId"] = spec.OwnerUsername;
        o["modifiedId"] = spec.ModifiedUsername;
        o["changeTypes"] = new JsonArray([.. w.Events.Select(e => (JsonNode)e)]);
        if (spec.Filter is { } filter)
        {
            o["filter"] = filter.ToJson();
        }

        if (spec.FullPayload)
        {
            o["fullPayload"] = true;
        }

        if (w.DeactivationReason is { } reason)
        {
            o["deactivationReason"] = reason;
        }

        return o;
    }

    /// <summary>Enterprise (§3.5): one row per failed delivery, when it finally failed.</summary>
    public static object EnterpriseStatus(IReadOnlyList<Delivery> failed) => new
    {
        webhookNotificationStatus = failed.Select(d => new { invoked = false, invokedTimestamp = d.CompletedAt ?? d.Created }).ToArray(),
    };

    /// <summary>
    /// Online (§4.3): array-wrapped, every value a string; one row per attempt, led — when the engine deactivated the
    /// webhook (failed CRC re-check, deactivation policy, 410) — by a row saying why, at the time it happened.
    /// </summary>
    public static object OnlineStatus((Webhook Webhook, IReadOnlyList<DeliveryAttempt> Attempts) status)
    {
        var (webhook, attempts) = status;
        var rows = attempts.Select(a => new
        {
            invoked = a.Succeeded ? "true" : "false",
            invokedTimestamp = a.StartedAt.ToString(CultureInfo.InvariantCulture),
            serverResponse = ServerResponse(a),
        });
        if (webhook.DeactivationReason is { } reason)
        {
            rows = rows.Prepend(new { invoked = "false", invokedTimestamp = webhook.Modified.ToString(CultureInfo.InvariantCulture), serverResponse = "Webhook deactivated: " + reason });
        }

        return new[] { new { webhookNotificationStatus = rows.ToArray() } };
    }

    /// <summary>Enterprise settings (§3.6) with the Geohooks <c>signatureEncoding</c>.</summary>
    public static object EnterpriseSettings(WebhookSettings s) => new
    {
        notificationAttempts = s.NotificationAttempts,
        notificationTimeOutInSeconds = s.NotificationTimeOutInSeconds,
        notificationElapsedTimeInSeconds = s.NotificationElapsedTimeInSeconds,
        deactivationPolicy = new { numberOfFailures = s.DeactivationFailures, daysInPast = s.DeactivationDays },
        signatureEncoding = Encoding(s),
    };

    /// <summary>Online settings (§4.3): an array of one object whose values are strings.</summary>
    public static object OnlineSettings(WebhookSettings s) => new[]
    {
        new Dictionary<string, string>
        {
            ["notificationAttempts"] = Text(s.NotificationAttempts),
            ["notificationTimeOutInSeconds"] = Text(s.NotificationTimeOutInSeconds),
            ["numberOfFailures"] = Text(s.DeactivationFailures ?? WebhookSettings.OnlineDefault.DeactivationFailures ?? 0),
            ["signatureEncoding"] = Encoding(s),
        },
    };

    /// <summary>What the receiver answered (<c>HTTP 500 Internal Server Error</c>), or why nothing was answered.</summary>
    private static string ServerResponse(DeliveryAttempt a) =>
        a.ResponseStatus is { } status ? $"HTTP {status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd() : a.Error ?? "No response.";

    private static string Encoding(WebhookSettings s) => s.HexSignatures ? ServiceWebhookService.HexEncoding : ServiceWebhookService.Base64Encoding;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
