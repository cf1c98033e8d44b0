using System.Text.Json;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Infrastructure;
using Geohooks.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.ServiceDelivery.ServiceHookKit;

namespace Geohooks.Server.Tests.ServiceDelivery;

/// <summary>
/// What depends on time, on a fake clock: scheduleInfo batching (one delivery per interval bracketing exactly the
/// collected edits, durable across a restart), the periodic CRC re-check, Online's consecutive-failure deactivation.
/// </summary>
public sealed class ScheduledDeliveryTests
{
    private static readonly string[] Args = ["--hook-allow", "127.0.0.1"];

    [Fact]
    public async Task A_scheduled_webhook_gets_one_delivery_per_interval_covering_exactly_the_collected_edits()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await GeohooksServer.StartSqliteAsync(clock, Args);
        await using var receiver = await Receiver.StartAsync();
        var token = await server.AdminTokenAsync();
        var (name, item) = await server.TrackedServiceAsync(token);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var every20s = new ScheduleInfo("", true, now, 20, ScheduleInfo.Second);
        await server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, schedule: every20s, created: now);
        await server.HookAsync(WebhookKinds.Online, name, item, receiver.Url, schedule: every20s, created: now);
        var before = await server.ServerGenAsync(token, name, 0);

        var ids = await server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a"}},{"geometry":{"x":2,"y":2},"attributes":{"name":"b"}}]""");
        await server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{ids[0]}}},"name":"a2"}}]"""));
        await server.ApplyEditsAsync(token, name, 0, ("deletes", ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var after = await server.ServerGenAsync(token, name, 0);
        await WaitForBatchesAsync(server, 2);
        Assert.Empty(receiver.Posts);

        clock.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(300);
        Assert.Empty(receiver.Posts);
        clock.Advance(TimeSpan.FromSeconds(1));
        var posts = await receiver.WaitForAsync(2);
        var enterprise = posts.Select(Json).Single(p => p.ValueKind == JsonValueKind.Object);
        var online = posts.Select(Json).Single(p => p.ValueKind == JsonValueKind.Array);
        Assert.Equal(["FeaturesCreated", "FeaturesEdited", "FeaturesUpdated", "FeaturesDeleted"], enterprise.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        Assert.Contains($"serverGens=%5B{before}%2C{after}%5D", enterprise.Str("changesUrl"), StringComparison.Ordinal);
        var entry = Assert.Single(online.EnumerateArray());
        Assert.Contains($"serverGens=[{before},{after}]&async=true", entry.Str("changesUrl"), StringComparison.Ordinal);
        var changes = await server.FollowAsync(enterprise.Str("changesUrl"), token);
        Assert.Equal([ids[0]], Changed(changes, 0, "adds"));

        // The next interval starts empty: nothing more without edits, one more delivery after one.
        clock.Advance(TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.Equal(2, receiver.Posts.Count);
        await server.AddAsync(token, name, 0, """[{"geometry":{"x":3,"y":3},"attributes":{"name":"c"}}]""");
        await WaitForBatchesAsync(server, 2);
        clock.Advance(TimeSpan.FromSeconds(20));
        var later = (await receiver.WaitForAsync(4)).Skip(2).Select(Json).Single(p => p.ValueKind == JsonValueKind.Object);
        Assert.Contains($"serverGens=%5B{after}%2C{after + 1}%5D", later.Str("changesUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_survives_a_restart_inside_its_interval_and_a_disabled_schedule_delivers_nothing()
    {
        using var data = new TempDirectory("geohooks-batches");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await Receiver.StartAsync();
        string name;
        await using (var first = await GeohooksServer.StartSqliteAsync(clock, [.. Args, "--data", data.Path]))
        {
            var token = await first.AdminTokenAsync();
            (name, var item) = await first.TrackedServiceAsync(token);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await first.HookAsync(WebhookKinds.Server, name, item, receiver.Url, schedule: new ScheduleInfo("", true, now, 1, "minute"), created: now);
            await first.HookAsync(WebhookKinds.Server, name, item, receiver.Url, schedule: new ScheduleInfo("", false, now, 1, "minute"), created: now);
            await first.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"kept"}}]""");
            await WaitForBatchesAsync(first, 1);
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        await using var second = await GeohooksServer.StartSqliteAsync(clock, [.. Args, "--data", data.Path]);
        await Task.Delay(300);
        Assert.Empty(receiver.Posts);
        clock.Advance(TimeSpan.FromSeconds(30));
        var post = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal(["FeaturesCreated", "FeaturesEdited"], Json(post).GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(300);
        Assert.Single(receiver.Posts);
    }

    [Fact]
    public async Task An_online_receiver_that_fails_the_periodic_crc_check_stops_receiving_and_says_why()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await GeohooksServer.StartSqliteAsync(clock, [.. Args, "--min-schedule-interval", "0"]);
        await using var receiver = await Receiver.StartAsync();
        var answerCrc = true;
        receiver.RespondGet = async http =>
        {
            var token = http.Request.Query["crc_token"].ToString();
            await http.Response.WriteAsync(answerCrc ? $$"""{"response_token":"{{Crc.ResponseToken("crc-key", token)}}"}""" : "{}");
        };
        var admin = await server.AdminTokenAsync();
        var (name, item) = await server.TrackedServiceAsync(admin);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var hookId = await server.HookAsync(WebhookKinds.Online, name, item, receiver.Url, secret: "crc-key", created: now, crcCheckedAt: now);

        await server.AddAsync(admin, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a"}}]""");
        AssertSigned((await receiver.WaitForAsync(1))[0], "crc-key");

        // The check is repeated after a day: passed, it is recorded (and only then does the clock move on again).
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await WaitAsync(async () => ServiceHookSpec.FromConfig((await HookAsync(server, hookId)).Config).CrcCheckedAt > now);
        Assert.Single(receiver.Gets);
        Assert.True((await HookAsync(server, hookId)).IsActive);

        answerCrc = false;
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await WaitAsync(async () => !(await HookAsync(server, hookId)).IsActive);
        var hook = await HookAsync(server, hookId);
        Assert.StartsWith("CRC check failed: ", hook.DeactivationReason, StringComparison.Ordinal);
        Assert.Contains("response_token", hook.DeactivationReason, StringComparison.Ordinal);
        var fresh = await server.AdminTokenAsync();
        var status = await server.PostAsync($"{AdminSvc(name)}/WebHooks/{hookId}/notificationStatus", fresh);
        var first = status[0].GetProperty("webhookNotificationStatus")[0];
        Assert.Equal("false", first.Str("invoked"));
        Assert.StartsWith("Webhook deactivated: CRC check failed: ", first.Str("serverResponse"), StringComparison.Ordinal);
        Assert.False((await server.GetAsync($"{AdminSvc(name)}/WebHooks/{hookId}", fresh)).GetProperty("active").GetBoolean());
        await server.AddAsync(await server.AdminTokenAsync(), name, 0, """[{"geometry":{"x":2,"y":2},"attributes":{"name":"b"}}]""");
        await Task.Delay(300);
        Assert.Single(receiver.Posts);
    }

    [Fact]
    public async Task Online_deactivates_after_consecutive_failures_only_and_the_site_can_sign_in_hex()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await GeohooksServer.StartSqliteAsync(clock, [.. Args, "--min-schedule-interval", "0"]);
        await using var receiver = await Receiver.StartAsync();
        var admin = await server.AdminTokenAsync();
        var (name, item) = await server.TrackedServiceAsync(admin);
        string orgId;
        await using (var session = await server.Store.WriteAsync(CancellationToken.None))
        {
            orgId = (await session.Orgs.GetDefaultAsync(CancellationToken.None))!.Id;
            await session.Webhooks.SetSettingsAsync(
                WebhookSettingsScopes.For(orgId, WebhookKinds.Online), WebhookSettings.OnlineDefault with { DeactivationFailures = 2, HexSignatures = true }, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var hookId = await server.HookAsync(WebhookKinds.Online, name, item, receiver.Url, secret: "hex-key", created: now);
        receiver.Respond = (http, n) => { http.Response.StatusCode = n is 1 or 3 or 4 ? 500 : 200; return Task.CompletedTask; };

        async Task EditAndWaitAsync(int posts)
        {
            await server.AddAsync(admin, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a"}}]""");
            await receiver.WaitForAsync(posts);
            await Task.Delay(200);
        }

        await EditAndWaitAsync(1); // fails: 1 in a row
        AssertSigned(receiver.Posts.First(), "hex-key", hex: true);
        await EditAndWaitAsync(2); // succeeds: the run starts again
        Assert.Equal(0, (await HookAsync(server, hookId)).FailureCount);
        await EditAndWaitAsync(3); // fails: 1
        Assert.True((await HookAsync(server, hookId)).IsActive);
        await EditAndWaitAsync(4); // fails: 2 in a row → deactivated
        await WaitAsync(async () => !(await HookAsync(server, hookId)).IsActive);
    }

    private static async Task<Webhook> HookAsync(GeohooksServer server, string id)
    {
        await using var session = await server.Store.ReadAsync(CancellationToken.None);
        return (await session.Webhooks.FindAsync(id, CancellationToken.None))!;
    }

    /// <summary>Waits (bounded, real time) until the dispatcher has put the edits into <paramref name="count"/> batches.</summary>
    private static Task WaitForBatchesAsync(GeohooksServer server, int count) => WaitAsync(async () =>
    {
        await using var session = await server.Store.ReadAsync(CancellationToken.None);
        return (await session.HookBatches.ListDueAsync(long.MaxValue, 100, CancellationToken.None)).Count >= count;
    });

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.False(cts.IsCancellationRequested, "the condition never held");
            await Task.Delay(25, CancellationToken.None);
        }
    }
}
