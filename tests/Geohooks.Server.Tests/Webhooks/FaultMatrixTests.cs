using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Geohooks.Server.Tests.Webhooks;

/// <summary>
/// How the engine treats receivers that misbehave: the retries each case gets and what the delivery log records.
/// Retry timing runs on a fake clock: the test advances it only after the previous attempt is in the log.
/// </summary>
public sealed class FaultMatrixTests
{
    private static async Task<(Harness H, string HookId)> StartAsync(Func<HttpContext, int, Task> respond, string? config = null)
    {
        var h = await Harness.StartAsync(fakeClock: true);
        (await h.SettingsAsync(("notificationAttempts", "3"), ("notificationElapsedTimeInSeconds", "5"), ("notificationTimeOutInSeconds", "2"))).AssertSuccess();
        var hookId = await h.CreateAsync(config: config);
        h.Receiver.Respond = respond;
        return (h, hookId);
    }

    private static Func<HttpContext, int, Task> Status(int code, string? retryAfter = null) => (http, _) =>
    {
        http.Response.StatusCode = code;
        if (retryAfter is not null)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }

        return http.Response.WriteAsync($"status {code}");
    };

    private static bool Attempts(JsonElement d, int n, string status) => d.GetProperty("attempts").GetInt32() == n && d.Str("status") == status;

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(429)]
    [InlineData(301)]
    public async Task Failures_are_retried_notificationAttempts_times_elapsedTime_apart(int code)
    {
        var (h, hookId) = await StartAsync(Status(code));
        await using var _ = h;
        await h.TouchAsync();
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "pending"));
        h.Clock!.Advance(TimeSpan.FromSeconds(4));
        await h.AssertQuietAsync(1);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 2, "pending"));
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        var done = await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 3, "failed"));
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        await h.AssertQuietAsync(3);

        var detail = await h.DeliveryAsync(hookId, done.GetProperty("id").GetInt64());
        var attempts = detail.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.All(attempts, a => Assert.Equal(code, a.GetProperty("responseStatus").GetInt32()));
        Assert.All(attempts, a => Assert.Equal($"status {code}", a.Str("responseBody")));
        Assert.Equal("(redacted)", attempts[0].GetProperty("requestHeaders").Str("secret"));
        Assert.StartsWith("sha256=", attempts[0].GetProperty("requestHeaders").Str("x-esriHook-Signature"), StringComparison.Ordinal);
        var ids = h.Receiver.Posts.Select(p => p.Header("webhook-id")).Distinct().ToArray();
        Assert.Single(ids);
    }

    [Fact]
    public async Task Retry_After_postpones_the_next_attempt()
    {
        var (h, hookId) = await StartAsync(Status(503, "120"));
        await using var _ = h;
        await h.TouchAsync();
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "pending"));
        h.Clock!.Advance(TimeSpan.FromSeconds(60));
        await h.AssertQuietAsync(1);
        h.Receiver.Respond = Status(200);
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 2, "succeeded"));
    }

    [Fact]
    public async Task Gone_deactivates_the_webhook_at_once()
    {
        var (h, hookId) = await StartAsync(Status(410));
        await using var _ = h;
        await h.TouchAsync();
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "failed"));
        var hook = await h.Server.GetAsync($"{Harness.Hooks}/{hookId}", h.Token);
        Assert.False(hook.GetProperty("isActive").GetBoolean());
        Assert.Equal("410 Gone", hook.Str("deactivationReason"));
        await h.TouchAsync();
        await h.AssertQuietAsync(1);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_times_out_on_the_clock()
    {
        var (h, hookId) = await StartAsync((http, _) => Task.Delay(Timeout.Infinite, http.RequestAborted));
        await using var _ = h;
        await h.TouchAsync();
        await h.Receiver.WaitForAsync(1);
        h.Clock!.Advance(TimeSpan.FromSeconds(3));
        var d = await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "pending"));
        var attempt = (await h.DeliveryAsync(hookId, d.GetProperty("id").GetInt64())).GetProperty("attempts")[0];
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("responseStatus").ValueKind);
        Assert.StartsWith("No response within 2 s", attempt.Str("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_is_recorded_and_retried()
    {
        await using var h = await Harness.StartAsync(fakeClock: true);
        (await h.SettingsAsync(("notificationAttempts", "2"), ("notificationElapsedTimeInSeconds", "5"))).AssertSuccess();
        var doomed = await Receiver.StartAsync();
        var hookId = await h.CreateAsync(url: doomed.Url);
        await doomed.DisposeAsync();

        await h.TouchAsync();
        var d = await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "pending"));
        var attempt = (await h.DeliveryAsync(hookId, d.GetProperty("id").GetInt64())).GetProperty("attempts")[0];
        Assert.StartsWith("Connection failed", attempt.Str("error"), StringComparison.Ordinal);
        h.Clock!.Advance(TimeSpan.FromSeconds(5));
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 2, "failed"));
    }

    [Fact]
    public async Task A_huge_response_body_is_truncated_in_the_log()
    {
        var (h, hookId) = await StartAsync((http, _) => http.Response.WriteAsync(new string('x', 1_000_000)));
        await using var _ = h;
        await h.TouchAsync();
        var d = await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "succeeded"));
        var attempt = (await h.DeliveryAsync(hookId, d.GetProperty("id").GetInt64())).GetProperty("attempts")[0];
        Assert.Equal(64 * 1024, attempt.Str("responseBody").Length);
    }

    [Fact]
    public async Task The_deactivation_policy_pauses_the_webhook_and_activate_resumes_it()
    {
        var (h, hookId) = await StartAsync(Status(500), """{"deactivationPolicy":{"numberOfFailures":2,"daysInPast":1}}""");
        await using var _ = h;
        (await h.SettingsAsync(("notificationAttempts", "1"))).AssertSuccess();
        await h.TouchAsync("first");
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "failed"));
        Assert.True((await h.Server.GetAsync($"{Harness.Hooks}/{hookId}", h.Token)).GetProperty("isActive").GetBoolean());
        await h.TouchAsync("second");
        await h.Receiver.WaitForAsync(2);
        await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "failed"));
        var hook = await h.Server.GetAsync($"{Harness.Hooks}/{hookId}", h.Token);
        Assert.False(hook.GetProperty("isActive").GetBoolean());
        Assert.Equal("deactivationPolicy", hook.Str("deactivationReason"));

        await h.TouchAsync("while paused");
        await h.AssertQuietAsync(2);

        h.Receiver.Respond = Status(200);
        (await h.Server.PostAsync($"{Harness.Hooks}/{hookId}/activate", h.Token)).AssertSuccess();
        var requeued = await h.Server.PostAsync($"{Harness.Hooks}/{hookId}/redeliverFailed", h.Token);
        Assert.Equal(2, requeued.GetProperty("requeued").GetInt32());
        await h.Receiver.WaitForAsync(4);
        await h.AssertQuietAsync(4);
        var failed = await h.DeliveriesAsync(hookId, ("status", "failed"));
        Assert.Equal(0, failed.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task One_delivery_can_be_redelivered_with_the_same_message_id()
    {
        var (h, hookId) = await StartAsync(Status(200));
        await using var _ = h;
        await h.TouchAsync();
        var d = await h.WaitForDeliveryAsync(hookId, d => Attempts(d, 1, "succeeded"));
        var redelivered = await h.Server.PostAsync($"{Harness.Hooks}/{hookId}/deliveries/{d.GetProperty("id").GetInt64()}/redeliver", h.Token);
        Assert.Equal(1, redelivered.GetProperty("requeued").GetInt32());
        var posts = await h.Receiver.WaitForAsync(2);
        Assert.Equal(posts[0].Header("webhook-id"), posts[1].Header("webhook-id"));
        Assert.Equal(posts[0].Body, posts[1].Body);
    }
}
