using Geohooks.Core.Webhooks;

namespace Geohooks.Core.Delivery;

/// <summary>
/// ArcGIS's <c>deactivationPolicy</c>: <c>numberOfFailures</c> failed deliveries within <c>daysInPast</c> days
/// deactivate the webhook. The window is fixed and starts at the first failure (spec webhooks §2.6): a failure after
/// the window ends starts a new window counting 1. Successes do not reset the count; <c>activate</c> does.
/// A failed delivery is one whose every attempt failed.
/// </summary>
public static class DeactivationPolicy
{
    public const string PolicyReason = "deactivationPolicy";
    public const string GoneReason = "410 Gone";

    public static Webhook RecordFailure(Webhook webhook, WebhookConfig config, long now)
    {
        var windowMs = (long)TimeSpan.FromDays(config.DaysInPast).TotalMilliseconds;
        var inWindow = webhook.FailureWindowStart is { } start && now - start < windowMs;
        var counted = inWindow
            ? webhook with { FailureCount = webhook.FailureCount + 1 }
            : webhook with { FailureWindowStart = now, FailureCount = 1 };
        return counted.FailureCount >= config.NumberOfFailures
            ? counted with { IsActive = false, DeactivationReason = PolicyReason, Modified = now }
            : counted;
    }

    /// <summary>
    /// A failure under the settings of the webhook's scope: service flavors count with the site's numbers instead of
    /// the webhook's own policy, ArcGIS Online counting consecutive failures only (no window; a success resets, see
    /// <see cref="Succeeded"/>).
    /// </summary>
    public static Webhook RecordFailure(Webhook webhook, WebhookConfig config, WebhookSettings settings, long now)
    {
        if (settings.DeactivationFailures is not { } failures)
        {
            return RecordFailure(webhook, config, now);
        }

        if (!settings.ConsecutiveFailures)
        {
            return RecordFailure(webhook, config with { NumberOfFailures = failures, DaysInPast = settings.DeactivationDays ?? config.DaysInPast }, now);
        }

        var counted = webhook with { FailureWindowStart = webhook.FailureWindowStart ?? now, FailureCount = webhook.FailureCount + 1 };
        return counted.FailureCount >= failures
            ? counted with { IsActive = false, DeactivationReason = PolicyReason, Modified = now }
            : counted;
    }

    /// <summary>A successful delivery under consecutive counting: the count starts again.</summary>
    public static Webhook Succeeded(Webhook webhook) => webhook with { FailureWindowStart = null, FailureCount = 0 };

    public static Webhook Gone(Webhook webhook, long now) =>
        webhook with { IsActive = false, DeactivationReason = GoneReason, Modified = now };

    public static Webhook Reset(Webhook webhook, long now) =>
        webhook with { IsActive = true, FailureWindowStart = null, FailureCount = 0, DeactivationReason = null, Modified = now };
}
