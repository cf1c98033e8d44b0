using System.Text.Json;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Webhooks;

/// <summary>The organization webhook payload (spec webhooks §2.11): <c>{"info":{…},"events":[…]}</c>.</summary>
public static class OrgPayload
{
    /// <remarks>
    /// Written with <see cref="Utf8JsonWriter"/>: the dispatcher builds payloads inside its transaction, and the
    /// event's properties are already JSON, so they are copied as they are (validated, not re-parsed into objects).
    /// </remarks>
    public static byte[] Build(Webhook webhook, string portalUrl, long when, IReadOnlyList<PortalEvent> events)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
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
                json.WriteRawValue(e.Properties);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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
