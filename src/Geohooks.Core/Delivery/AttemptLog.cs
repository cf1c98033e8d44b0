using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Geohooks.Core.Delivery;

/// <summary>Builds the log row of an attempt. The <c>secret</c> header's value is not copied into the log.</summary>
internal static class AttemptLog
{
    public static DeliveryAttempt Create(
        Delivery delivery, int number, long startedAt, IReadOnlyList<KeyValuePair<string, string>> headers, SendResult result) => new()
        {
            DeliveryId = delivery.Id,
            WebhookId = delivery.WebhookId,
            Number = number,
            StartedAt = startedAt,
            DurationMs = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds),
            RequestHeaders = RequestHeaders(headers, delivery.ContentType),
            ResponseStatus = result.Status,
            ResponseHeaders = result.ResponseHeaders is null ? null : Object(result.ResponseHeaders),
            ResponseBody = result.Body,
            Error = result.Error ?? (result.Status is { } s && !result.Succeeded ? $"HTTP {s}" : null),
            Succeeded = result.Succeeded,
        };

    /// <summary>The headers sent, then Content-Type, as one JSON object; names compare case-insensitively, the last one wins.</summary>
    private static string RequestHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, string contentType)
    {
        var sent = new Dictionary<string, string>(headers.Count + 1, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            sent[name] = name.Equals("secret", StringComparison.OrdinalIgnoreCase) ? "(redacted)" : value;
        }

        sent["Content-Type"] = contentType;
        return Object(sent);
    }

    /// <summary>A JSON object of string values, written as JsonSerializer writes a dictionary (same escaping).</summary>
    private static string Object(IEnumerable<KeyValuePair<string, string>> values)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in values)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
