using Geohooks.Core.Webhooks;

namespace Geohooks.Core.Delivery;

/// <summary>
/// When to try again. The ArcGIS schedule (the default) makes <c>notificationAttempts</c> attempts in all, spaced
/// <c>notificationElapsedTimeInSeconds</c> apart (0 and 1 both mean a single attempt). The exponential schedule makes
/// 8 attempts after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (±20 % jitter): about 27.5 hours in all, for
/// receivers that are down for hours. A receiver's Retry-After pushes the next attempt later, never earlier.
/// Only 2xx is success; redirects are failures.
/// </summary>
public static class RetryPolicy
{
    public static readonly IReadOnlyList<TimeSpan> ExponentialDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public static int MaxAttempts(WebhookConfig config, WebhookSettings settings) =>
        config.RetrySchedule == WebhookConfig.ExponentialSchedule ? ExponentialDelays.Count + 1 : Math.Max(1, settings.NotificationAttempts);

    /// <param name="attempt">The attempt just made, 1-based.</param>
    /// <param name="jitter">A number in [0, 1) that spreads exponential retries.</param>
    public static AttemptOutcome Decide(
        WebhookConfig config, WebhookSettings settings, int attempt, SendResult result, long now, TimeSpan maxRetryAfter, double jitter)
    {
        if (result.Succeeded)
        {
            return new AttemptOutcome(DeliveryStatus.Succeeded, null, now);
        }

        if (result.Status == 410 || attempt >= MaxAttempts(config, settings))
        {
            return new AttemptOutcome(DeliveryStatus.Failed, null, now);
        }

        var delay = config.RetrySchedule == WebhookConfig.ExponentialSchedule
            ? ExponentialDelays[attempt - 1] * (0.8 + (0.4 * jitter))
            : TimeSpan.FromSeconds(settings.NotificationElapsedTimeInSeconds);
        if (result.RetryAfter is { } asked && asked > delay)
        {
            delay = asked < maxRetryAfter ? asked : maxRetryAfter;
        }

        return new AttemptOutcome(DeliveryStatus.Pending, now + (long)delay.TotalMilliseconds, null);
    }

    /// <summary>The per-request timeout: <c>notificationTimeOutInSeconds</c>, with 0 meaning the 60 s maximum.</summary>
    public static TimeSpan Timeout(WebhookSettings settings) =>
        TimeSpan.FromSeconds(settings.NotificationTimeOutInSeconds is > 0 and var s ? s : 60);
}
