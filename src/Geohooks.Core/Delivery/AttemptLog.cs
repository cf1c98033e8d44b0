using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Geohooks.Core.Delivery;

/// <summary>Builds the log row of an attempt. The <c>secret</c> header's value is not copied into the log.</summary>
internal static class AttemptLog
{
    // Every attempt writes two small JSON objects; each thread reuses one buffer and one writer for them.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

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

    /// <summary>
    /// The headers sent, then Content-Type, as one JSON object. Names compare case-insensitively: a repeated name keeps
    /// its first place and spelling and takes the last value, and Content-Type is always the delivery's.
    /// </summary>
    private static string RequestHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, string contentType)
    {
        var json = Begin();
        var contentTypeWritten = false;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Key;
            if (SeenBefore(headers, i))
            {
                continue;
            }

            string value;
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                value = contentType;
                contentTypeWritten = true;
            }
            else
            {
                value = name.Equals("secret", StringComparison.OrdinalIgnoreCase) ? "(redacted)" : LastValue(headers, i);
            }

            json.WriteString(name, value);
        }

        if (!contentTypeWritten)
        {
            json.WriteString("Content-Type", contentType);
        }

        return End(json);
    }

    private static bool SeenBefore(IReadOnlyList<KeyValuePair<string, string>> headers, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (headers[j].Key.Equals(headers[index].Key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string LastValue(IReadOnlyList<KeyValuePair<string, string>> headers, int first)
    {
        var value = headers[first].Value;
        for (var j = first + 1; j < headers.Count; j++)
        {
            if (headers[j].Key.Equals(headers[first].Key, StringComparison.OrdinalIgnoreCase))
            {
                value = headers[j].Value;
            }
        }

        return value;
    }

    /// <summary>A JSON object of string values, written as JsonSerializer writes a dictionary (same escaping).</summary>
    private static string Object(IEnumerable<KeyValuePair<string, string>> values)
    {
        var json = Begin();
        foreach (var (name, value) in values)
        {
            json.WriteString(name, value);
        }

        return End(json);
    }

    private static Utf8JsonWriter Begin()
    {
        // Reset on the way in, so an object left half-written by an exception never leaks into the next one.
        var json = writer ??= new Utf8JsonWriter(buffer = new ArrayBufferWriter<byte>(512));
        buffer!.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        return json;
    }

    private static string End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.Flush();
        return Encoding.UTF8.GetString(buffer!.WrittenSpan);
    }
}
