using System.Text.Json;

namespace Geohooks.Core.Delivery;

/// <summary>Builds the log row of an attempt. The <c>secret</c> header's value is not copied into the log.</summary>
internal static class AttemptLog
{
    public static DeliveryAttempt Create(
        Delivery delivery, int number, long startedAt, IEnumerable<KeyValuePair<string, string>> headers, SendResult result)
    {
        var sent = headers
            .Select(h => h.Key.Equals("secret", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, "(redacted)") : h)
            .Append(new KeyValuePair<string, string>("Content-Type", delivery.ContentType))
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return new DeliveryAttempt
        {
            DeliveryId = delivery.Id,
            WebhookId = delivery.WebhookId,
            Number = number,
            StartedAt = startedAt,
            DurationMs = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds),
            RequestHeaders = JsonSerializer.Serialize(sent),
            ResponseStatus = result.Status,
            ResponseHeaders = result.ResponseHeaders is null ? null : JsonSerializer.Serialize(result.ResponseHeaders),
            ResponseBody = result.Body,
            Error = result.Error ?? (result.Status is { } s && !result.Succeeded ? $"HTTP {s}" : null),
            Succeeded = result.Succeeded,
        };
    }
}
