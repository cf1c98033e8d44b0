namespace Geohooks.Core.Webhooks;

/// <summary>
/// A subscription: where to deliver, what to deliver, and the engine's bookkeeping for its deactivation policy.
/// Every kind of webhook (organization, feature service, geoprocessing, Workflow Manager) is one of these.
/// </summary>
public sealed record Webhook
{
    public required string Id { get; init; }
    public required string OrgId { get; init; }
    /// <summary>Which API owns it: <see cref="WebhookKinds"/>.</summary>
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string PayloadUrl { get; init; }
    /// <summary>The shared secret; empty when none. Sent as ArcGIS does and used to sign.</summary>
    public string Secret { get; init; } = "";
    public bool IsActive { get; init; } = true;
    /// <summary>Trigger URIs (organization webhooks) or change types (service webhooks).</summary>
    public IReadOnlyList<string> Events { get; init; } = [];
    /// <summary>The webhook's <c>config</c> object as JSON text (deactivation policy, Geohooks extensions).</summary>
    public string Config { get; init; } = "{}";
    public required string OwnerId { get; init; }
    public required long Created { get; init; }
    public required long Modified { get; init; }
    /// <summary>Start of the current deactivation-policy window (epoch ms), or null with no failures counted.</summary>
    public long? FailureWindowStart { get; init; }
    public int FailureCount { get; init; }
    /// <summary>Why the engine deactivated it (policy, 410 Gone, a failed CRC check), or null.</summary>
    public string? DeactivationReason { get; init; }
    /// <summary>
    /// The service a service webhook belongs to (<see cref="Services.ServiceScopes"/>), or null for organization webhooks.
    /// </summary>
    public string? Scope { get; init; }
}

public static class WebhookKinds
{
    public const string Organization = "org";

    /// <summary>A service webhook of the ArcGIS Enterprise Server Administrator API (spec webhooks §3).</summary>
    public const string Server = "server";

    /// <summary>A hosted feature service webhook of the ArcGIS Online <c>WebHooks</c> API (spec webhooks §4).</summary>
    public const string Online = "online";

    public static bool IsService(string kind) => kind is Server or Online;
}

/// <summary>
/// Delivery settings of one scope (<see cref="WebhookSettingsScopes"/>): the organization-wide settings of ArcGIS
/// (spec webhooks §2.8), the Enterprise service-webhook site settings (§3.6) or the Online <c>webhookSettings</c> (§4.3).
/// </summary>
public sealed record WebhookSettings(int NotificationAttempts, int NotificationTimeOutInSeconds, int NotificationElapsedTimeInSeconds, int FeatureServerMetricIntervalInMinutes)
{
    public static readonly WebhookSettings Default = new(3, 10, 5, 10);

    /// <summary>Enterprise service webhooks: 3 attempts 5 s apart, 10 s timeout, 5 failures in 5 days deactivate.</summary>
    public static readonly WebhookSettings ServerDefault = Default with { DeactivationFailures = 5, DeactivationDays = 5 };

    /// <summary>ArcGIS Online: one attempt, 10 s timeout, 5 consecutive failed deliveries deactivate (spec §4.3).</summary>
    public static readonly WebhookSettings OnlineDefault = new(1, 10, 10, 10) { DeactivationFailures = 5, ConsecutiveFailures = true };

    /// <summary>Failed deliveries that deactivate a webhook; null leaves it to the webhook's own <c>deactivationPolicy</c>.</summary>
    public int? DeactivationFailures { get; init; }

    /// <summary>The window of <see cref="DeactivationFailures"/> in days (ignored when <see cref="ConsecutiveFailures"/>).</summary>
    public int? DeactivationDays { get; init; }

    /// <summary>ArcGIS Online semantics: only consecutive failures count; a successful delivery resets the count.</summary>
    public bool ConsecutiveFailures { get; init; }

    /// <summary><c>x-esriHook-Signature</c> as <c>sha256=</c> + hex instead of Base64, for receivers written that way.</summary>
    public bool HexSignatures { get; init; }

    /// <summary>The defaults of a webhook kind's settings scope.</summary>
    public static WebhookSettings DefaultFor(string kind) => kind switch
    {
        WebhookKinds.Server => ServerDefault,
        WebhookKinds.Online => OnlineDefault,
        _ => Default,
    };
}

/// <summary>
/// The key settings are stored under: the org id for organization webhooks, the org id + <c>/server</c> or
/// <c>/online</c> for the service webhooks of each flavor.
/// </summary>
public static class WebhookSettingsScopes
{
    public static string For(string orgId, string kind) => kind == WebhookKinds.Organization ? orgId : orgId + "/" + kind;

    public static string For(Webhook webhook) => For(webhook.OrgId, webhook.Kind);

    /// <summary>The settings of a kind's scope in an org, or that kind's defaults when never set.</summary>
    public static async Task<WebhookSettings> ReadAsync(Storage.IWebhookRepository webhooks, string orgId, string kind, CancellationToken ct) =>
        await webhooks.GetSettingsAsync(For(orgId, kind), ct) ?? WebhookSettings.DefaultFor(kind);
}
