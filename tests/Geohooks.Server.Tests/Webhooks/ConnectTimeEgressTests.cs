using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Geohooks.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Geohooks.Server.Tests.Webhooks;

/// <summary>
/// The egress policy is applied again when a delivery connects, to the address its host resolves to then, not only
/// when the webhook is created. A webhook to a loopback receiver is created while <c>--hook-allow</c> covers it and
/// delivers; the server is restarted on the same data with an allow-list that no longer covers the receiver; the next
/// event's attempts (the first and its retry, on a fake clock) are refused before any connection is made, the log
/// says so over HTTP, and the receiver hears nothing more.
/// </summary>
public abstract class ConnectTimeEgressTests
{
    private const string Hooks = Harness.Hooks;

    /// <summary>Starts a server on this test's data (the same data every time it is called) with <paramref name="args"/>.</summary>
    protected abstract Task<GeohooksServer> StartAsync(FakeTimeProvider clock, params string[] args);

    [Fact]
    public async Task A_loopback_address_allowed_at_creation_is_refused_at_connect_time_after_a_restart_without_the_allow_list() =>
        await RefusedAfterRestartAsync("127.0.0.1", ["--hook-allow", "127.0.0.1"], []);

    [Fact]
    public async Task A_host_name_resolving_to_loopback_is_refused_at_connect_time_once_the_allow_list_no_longer_covers_it() =>
        await RefusedAfterRestartAsync("localhost", ["--hook-allow", "127.0.0.0/8,::1"], ["--hook-allow", "10.0.0.0/8"]);

    private async Task RefusedAfterRestartAsync(string host, string[] allowedBefore, string[] allowedAfter)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await Receiver.StartAsync();
        var url = new UriBuilder(receiver.Url) { Host = host }.Uri.ToString();
        string hookId;
        long deliveredBefore;

        // Allowed: the creation probe (a GET) and the first event's POST reach the receiver.
        await using (var first = await StartAsync(clock, allowedBefore))
        {
            var token = await first.AdminTokenAsync();
            (await first.PostAsync($"{Hooks}/settings/update", token, ("notificationAttempts", "2"), ("notificationElapsedTimeInSeconds", "5"))).AssertSuccess();
            var created = await first.PostAsync($"{Hooks}/createWebhook", token, ("name", Unique.Name("ssrf")), ("url", url), ("secret", "s3cr3t"), ("changes", "allChanges"));
            created.AssertSuccess();
            hookId = created.Str("webhookId");
            await TouchAsync(first, token, "before the restart");
            Assert.Contains("before the restart", (await receiver.WaitForAsync(1)).Single().Text, StringComparison.Ordinal);
            deliveredBefore = (await WaitForNewestAsync(first, token, hookId, d => Is(d, 1, "succeeded"))).GetProperty("id").GetInt64();
        }

        var (posts, gets) = (receiver.Posts.Count, receiver.Gets.Count);
        Assert.Equal((1, 1), (posts, gets));

        // The same data, an allow-list that no longer covers the receiver: the webhook is still there and active.
        await using var second = await StartAsync(clock, allowedAfter);
        var admin = await second.AdminTokenAsync();
        var hook = await second.GetAsync($"{Hooks}/{hookId}", admin);
        Assert.Equal(url, hook.Str("payloadUrl"));
        Assert.True(hook.GetProperty("isActive").GetBoolean());

        await TouchAsync(second, admin, "after the restart");
        var pending = await WaitForNewestAsync(second, admin, hookId, d => d.GetProperty("id").GetInt64() != deliveredBefore && Is(d, 1, "pending"));
        var deliveryId = pending.GetProperty("id").GetInt64();
        clock.Advance(TimeSpan.FromSeconds(5));
        await WaitForNewestAsync(second, admin, hookId, d => d.GetProperty("id").GetInt64() == deliveryId && Is(d, 2, "failed"));

        // The delivery log: both attempts refused by the policy, no response.
        var refusal = $"Refused: '{host}' resolves only to loopback, private or link-local addresses.";
        var detail = await second.GetAsync($"{Hooks}/{hookId}/deliveries/{deliveryId}", admin);
        Assert.Contains("after the restart", detail.Str("payload"), StringComparison.Ordinal);
        var attempts = detail.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("number").GetInt32()));
        Assert.All(attempts, a =>
        {
            Assert.Equal(refusal, a.Str("error"));
            Assert.False(a.GetProperty("succeeded").GetBoolean());
            Assert.Equal(JsonValueKind.Null, a.GetProperty("responseStatus").ValueKind);
            Assert.Equal(JsonValueKind.Null, a.GetProperty("responseBody").ValueKind);
        });

        // notificationStatus (newest first): the two refused attempts, then the delivery made before the restart.
        var status = await second.GetAsync($"{Hooks}/{hookId}/notificationStatus", admin);
        Assert.Equal(3, status.GetProperty("total").GetInt64());
        var rows = status.GetProperty("WebhookStatus").EnumerateArray().ToArray();
        Assert.Equal([(deliveryId, 2), (deliveryId, 1), (deliveredBefore, 1)], rows.Select(r => (r.GetProperty("deliveryId").GetInt64(), r.GetProperty("attempt").GetInt32())));
        Assert.All(rows[..2], r =>
        {
            Assert.False(r.GetProperty("isInvoked").GetBoolean());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("statusCode").ValueKind);
            Assert.Equal(refusal, r.Str("error"));
            Assert.Equal(refusal, r.Str("responseText"));
        });
        Assert.True(rows[2].GetProperty("isInvoked").GetBoolean());

        // Nothing reached the receiver after the restart: no POST, and no GET either.
        Assert.Equal((posts, gets), (receiver.Posts.Count, receiver.Gets.Count));
    }

    private static async Task TouchAsync(GeohooksServer server, string token, string title) =>
        Assert.False(string.IsNullOrEmpty((await server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", token, ("title", title), ("type", "Web Map"))).Str("id")));

    private static bool Is(JsonElement delivery, int attempts, string status) =>
        delivery.GetProperty("attempts").GetInt32() == attempts && delivery.Str("status") == status;

    /// <summary>Polls the delivery log (bounded, real time) until <paramref name="done"/> holds for the webhook's newest delivery.</summary>
    private static async Task<JsonElement> WaitForNewestAsync(GeohooksServer server, string token, string hookId, Func<JsonElement, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        JsonElement last = default;
        while (!cts.IsCancellationRequested)
        {
            var deliveries = (await server.GetAsync($"{Hooks}/{hookId}/deliveries", token)).GetProperty("deliveries");
            if (deliveries.GetArrayLength() > 0)
            {
                last = deliveries[0];
                if (done(last))
                {
                    return last;
                }
            }

            await Task.Delay(25, CancellationToken.None);
        }

        Assert.Fail($"delivery never reached the expected state; last seen: {last}");
        return last;
    }
}

public sealed class SqliteConnectTimeEgressTests : ConnectTimeEgressTests, IDisposable
{
    private readonly TempDirectory data = new("geohooks-egress");

    public void Dispose() => data.Dispose();

    protected override Task<GeohooksServer> StartAsync(FakeTimeProvider clock, params string[] args) =>
        GeohooksServer.StartSqliteAsync(clock, ["--data", data.Path, .. args]);
}

public sealed class PostgresConnectTimeEgressTests : ConnectTimeEgressTests
{
    private readonly Lazy<Task<string>> database = new(async () => await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());

    protected override async Task<GeohooksServer> StartAsync(FakeTimeProvider clock, params string[] args) =>
        await GeohooksServer.StartOnPostgresAsync(await database.Value, clock, args);
}
