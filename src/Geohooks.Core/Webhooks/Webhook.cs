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
    /// <summary>Why the engine deactivated it (policy, 410 Gone), or null.</summary>
    public string? DeactivationReason { get; init; }
}

public static class WebhookKinds
{
    public const string Organization = "org";
}

/// <summary>The organization-wide delivery settings of ArcGIS (spec webhooks §2.8).</summary>
public sealed record WebhookSettings(int NotificationAttempts, int NotificationTimeOutInSeconds, int NotificationElapsedTimeInSeconds, int FeatureServerMetricIntervalInMinutes)
{
    public static readonly WebhookSettings Default = new(3, 10, 5, 10);
}
