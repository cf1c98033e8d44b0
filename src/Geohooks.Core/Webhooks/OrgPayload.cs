using System.Text.Json;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Webhooks;

/// <summary>The organization webhook payload (spec webhooks §2.11): <c>{"info":{…},"events":[…]}</c>.</summary>
public static class OrgPayload
{
    public static byte[] Build(Webhook webhook, string portalUrl, long when, IReadOnlyList<PortalEvent> events) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            info = new { webhookName = webhook.Name, webhookId = webhook.Id, portalURL = portalUrl, when },
            events = events.Select(e => new
            {
                username = e.Username,
                userId = e.UserId,
                when = e.When,
                operation = e.Operation,
                source = e.Source,
                id = e.TargetId,
                properties = JsonDocument.Parse(e.Properties).RootElement,
            }),
        });

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
