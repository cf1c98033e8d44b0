using System.Text.Json;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Webhooks;

/// <summary>The organization webhook payload (spec webhooks §2.11): <c>{"info":{…},"events":[…]}</c>.</summary>
public static class OrgPayload
{
    // One buffer and writer per thread, reset per payload: the dispatcher builds hundreds per batch.
    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Json)? scratch;

    /// <remarks>
    /// Written with <see cref="Utf8JsonWriter"/>. The event's properties are already JSON, written by the portal with
    /// <see cref="JsonSerializer"/>, so they are copied as they are, without parsing or validating them again.
    /// </remarks>
    public static byte[] Build(Webhook webhook, string portalUrl, long when, IReadOnlyList<PortalEvent> events)
    {
        var (buffer, json) = scratch ??= NewScratch();
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteStartObject("info");
        json.WriteString("webhookName", webhook.Name);
        json.WriteString("webhookId", webhook.Id);
        json.WriteString("portalURL", portalUrl);
        json.WriteNumber("when", when);
        json.WriteEndObject();
        json.WriteStartArray("events");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("username", e.Username);
            json.WriteString("userId", e.UserId);
            json.WriteNumber("when", e.When);
            json.WriteString("operation", e.Operation);
            json.WriteString("source", e.Source);
            json.WriteString("id", e.TargetId);
            json.WritePropertyName("properties");
            json.WriteRawValue(e.Properties, skipInputValidation: true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static (System.Buffers.ArrayBufferWriter<byte>, Utf8JsonWriter) NewScratch()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        return (buffer, new Utf8JsonWriter(buffer));
    }

    /// <summary>The username a user event is about (user events carry it in their properties).</summary>
    public static string? SubjectUsername(PortalEvent e)
    {
        if (e.Source != EventSources.User)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(e.Properties);
        return doc.RootElement.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
    }
}
