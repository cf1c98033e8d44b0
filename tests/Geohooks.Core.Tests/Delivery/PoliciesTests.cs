using Geohooks.Core.Delivery;
using Geohooks.Core.Webhooks;

namespace Geohooks.Core.Tests.Delivery;

public sealed class PoliciesTests
{
    private static readonly WebhookSettings ArcGis = new(3, 10, 5, 10);
    private static readonly WebhookConfig Arc = WebhookConfig.Default;
    private static readonly WebhookConfig Exponential = WebhookConfig.Parse("""{"retrySchedule":"exponential"}""");

    private static SendResult Status(int? status, TimeSpan? retryAfter = null) => new(status, null, null, status is null ? "refused" : null, retryAfter, TimeSpan.Zero);

    [Fact]
    public void ArcGIS_schedule_makes_notificationAttempts_attempts_spaced_by_the_elapsed_time()
    {
        Assert.Equal(new AttemptOutcome(DeliveryStatus.Pending, 1_000 + 5_000, null), RetryPolicy.Decide(Arc, ArcGis, 1, Status(500), 1_000, TimeSpan.FromDays(1), 0.5));
        Assert.Equal(DeliveryStatus.Pending, RetryPolicy.Decide(Arc, ArcGis, 2, Status(null), 1_000, TimeSpan.FromDays(1), 0.5).Status);
        Assert.Equal(new AttemptOutcome(DeliveryStatus.Failed, null, 1_000), RetryPolicy.Decide(Arc, ArcGis, 3, Status(500), 1_000, TimeSpan.FromDays(1), 0.5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Zero_or_one_attempt_means_no_retry(int attempts) =>
        Assert.Equal(DeliveryStatus.Failed, RetryPolicy.Decide(Arc, ArcGis with { NotificationAttempts = attempts }, 1, Status(500), 0, TimeSpan.FromDays(1), 0).Status);

    [Fact]
    public void Only_2xx_succeeds_and_410_gives_up_at_once()
    {
        Assert.Equal(DeliveryStatus.Succeeded, RetryPolicy.Decide(Arc, ArcGis, 1, Status(204), 0, TimeSpan.FromDays(1), 0).Status);
        Assert.Equal(DeliveryStatus.Pending, RetryPolicy.Decide(Arc, ArcGis, 1, Status(302), 0, TimeSpan.FromDays(1), 0).Status);
        Assert.Equal(DeliveryStatus.Failed, RetryPolicy.Decide(Arc, ArcGis, 1, Status(410), 0, TimeSpan.FromDays(1), 0).Status);
    }

    [Fact]
    public void Retry_after_delays_but_never_hastens_and_is_capped()
    {
        Assert.Equal(120_000, RetryPolicy.Decide(Arc, ArcGis, 1, Status(503, TimeSpan.FromMinutes(2)), 0, TimeSpan.FromDays(1), 0).NextAttemptAt);
        Assert.Equal(5_000, RetryPolicy.Decide(Arc, ArcGis, 1, Status(429, TimeSpan.FromSeconds(1)), 0, TimeSpan.FromDays(1), 0).NextAttemptAt);
        Assert.Equal(3_600_000, RetryPolicy.Decide(Arc, ArcGis, 1, Status(503, TimeSpan.FromDays(9)), 0, TimeSpan.FromHours(1), 0).NextAttemptAt);
    }

    [Fact]
    public void Exponential_schedule_spans_about_a_day_with_jitter()
    {
        Assert.Equal(8, RetryPolicy.MaxAttempts(Exponential, ArcGis));
        var total = TimeSpan.Zero;
        for (var attempt = 1; attempt < 8; attempt++)
        {
            var outcome = RetryPolicy.Decide(Exponential, ArcGis, attempt, Status(500), 0, TimeSpan.FromDays(2), 0.5);
            total += TimeSpan.FromMilliseconds(outcome.NextAttemptAt!.Value);
        }

        Assert.InRange(total.TotalHours, 27, 28);
        Assert.Equal(DeliveryStatus.Failed, RetryPolicy.Decide(Exponential, ArcGis, 8, Status(500), 0, TimeSpan.FromDays(2), 0.5).Status);
        var early = RetryPolicy.Decide(Exponential, ArcGis, 1, Status(500), 0, TimeSpan.FromDays(2), 0).NextAttemptAt;
        var late = RetryPolicy.Decide(Exponential, ArcGis, 1, Status(500), 0, TimeSpan.FromDays(2), 0.999).NextAttemptAt;
        Assert.Equal(4_000, early);
        Assert.InRange(late!.Value, 5_990, 6_000);
    }

    [Fact]
    public void Deactivation_counts_failures_in_a_fixed_window_from_the_first_failure()
    {
        var config = WebhookConfig.Parse("""{"deactivationPolicy":{"numberOfFailures":3,"daysInPast":2}}""");
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var hook = new Webhook { Id = "w", OrgId = "o", Kind = "org", Name = "n", PayloadUrl = "http://x", OwnerId = "u", Created = 0, Modified = 0 };

        hook = DeactivationPolicy.RecordFailure(hook, config, 0);
        hook = DeactivationPolicy.RecordFailure(hook, config, day);
        Assert.True(hook.IsActive);
        hook = DeactivationPolicy.RecordFailure(hook, config, (2 * day) + 1); // outside the window: a new one starts
        Assert.Equal((1, (long?)((2 * day) + 1)), (hook.FailureCount, hook.FailureWindowStart));
        hook = DeactivationPolicy.RecordFailure(hook, config, 3 * day);
        hook = DeactivationPolicy.RecordFailure(hook, config, 3 * day);
        Assert.False(hook.IsActive);
        Assert.Equal(DeactivationPolicy.PolicyReason, hook.DeactivationReason);

        var reset = DeactivationPolicy.Reset(hook, 4 * day);
        Assert.True(reset.IsActive);
        Assert.Equal((0, (long?)null, (string?)null), (reset.FailureCount, reset.FailureWindowStart, reset.DeactivationReason));
    }

    [Theory]
    [InlineData("""{"deactivationPolicy":{"numberOfFailures":0}}""")]
    [InlineData("""{"deactivationPolicy":{"daysInPast":"x"}}""")]
    [InlineData("""{"retrySchedule":"sometimes"}""")]
    [InlineData("""{"maxConcurrency":0}""")]
    [InlineData("[1]")]
    [InlineData("{bad")]
    public void Invalid_config_is_a_400(string json) =>
        Assert.Equal(400, Assert.Throws<Errors.ArcGisException>(() => WebhookConfig.Parse(json)).Code);

    [Fact]
    public void Config_defaults_to_five_failures_in_five_days()
    {
        Assert.Equal((5, 5, "arcgis", 4), (WebhookConfig.Default.NumberOfFailures, WebhookConfig.Default.DaysInPast, WebhookConfig.Default.RetrySchedule, WebhookConfig.Default.MaxConcurrency));
        Assert.Contains("\"deactivationPolicy\":{\"numberOfFailures\":5,\"daysInPast\":5}", WebhookConfig.Default.Json, StringComparison.Ordinal);
    }
}
