using Geohooks.Core.Delivery;

namespace Geohooks.Core.Tests.Delivery;

public sealed class AttemptLogTests
{
    private static readonly Geohooks.Core.Delivery.Delivery Sent = new()
    {
        Id = 7, WebhookId = "w1", MessageId = "msg_1", EventType = "item.update", Payload = [], ContentType = "application/json",
        NextAttemptAt = 0, Created = 0,
    };

    [Fact]
    public void Request_headers_redact_the_secret_and_keep_one_value_per_name()
    {
        KeyValuePair<string, string>[] headers =
        [
            new("webhook-id", "msg_1"), new("secret", "s3cr3t"), new("X-Trace", "first"), new("content-type", "text/plain"),
            new("x-trace", "last"), new("SECRET", "again"),
        ];
        var result = new SendResult(503, new Dictionary<string, string> { ["Retry-After"] = "5", ["Server"] = "test \"quoted\"" }, "busy", null, null, TimeSpan.FromMilliseconds(12));

        var attempt = AttemptLog.Create(Sent, 2, 1_000, headers, result);

        // First place and spelling, last value; Content-Type is always the delivery's; no secret value anywhere.
        Assert.Equal("""{"webhook-id":"msg_1","secret":"(redacted)","X-Trace":"last","content-type":"application/json"}""", attempt.RequestHeaders);
        Assert.Equal("""{"Retry-After":"5","Server":"test \u0022quoted\u0022"}""", attempt.ResponseHeaders);
        Assert.Equal("HTTP 503", attempt.Error);
        Assert.Equal((7L, "w1", 2, 12), (attempt.DeliveryId, attempt.WebhookId, attempt.Number, attempt.DurationMs));
        Assert.False(attempt.Succeeded);
    }

    [Fact]
    public void Content_type_is_added_last_when_not_sent_and_objects_do_not_leak_into_each_other()
    {
        var first = AttemptLog.Create(Sent, 1, 0, [new("webhook-id", "a")], new SendResult(200, new Dictionary<string, string>(), "", null, null, TimeSpan.Zero));
        var second = AttemptLog.Create(Sent, 1, 0, [], new SendResult(null, null, null, "refused", null, TimeSpan.Zero));

        Assert.Equal("""{"webhook-id":"a","Content-Type":"application/json"}""", first.RequestHeaders);
        Assert.Equal("{}", first.ResponseHeaders);
        Assert.True(first.Succeeded);
        Assert.Equal("""{"Content-Type":"application/json"}""", second.RequestHeaders);
        Assert.Null(second.ResponseHeaders);
        Assert.Equal("refused", second.Error);
    }
}
