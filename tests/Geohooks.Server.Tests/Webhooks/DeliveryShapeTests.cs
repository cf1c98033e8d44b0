using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Geohooks.Server.Tests.Webhooks;

/// <summary>What a receiver gets (spec webhooks §2.11 + the Geohooks signatures).</summary>
public sealed class DeliveryShapeTests
{
    [Fact]
    public async Task A_portal_change_is_delivered_signed_with_the_documented_payload()
    {
        await using var h = await Harness.StartAsync();
        var hookId = await h.CreateAsync(secret: "s3cr3t");
        var itemId = await h.TouchAsync("Signed");

        var post = (await h.Receiver.WaitForAsync(1))[0];
        Assert.Equal("application/json", post.Header("Content-Type"));
        Assert.Equal("s3cr3t", post.Header("secret"));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cr3t"), post.Body);
        Assert.Equal("sha256=" + Convert.ToBase64String(mac), post.Header("x-esriHook-Signature"));

        var id = post.Header("webhook-id");
        var timestamp = post.Header("webhook-timestamp");
        Assert.StartsWith("msg_", id, StringComparison.Ordinal);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(post.Body).ToArray();
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cr3t"), signed)), post.Header("webhook-signature"));

        var body = JsonDocument.Parse(post.Body).RootElement;
        var info = body.GetProperty("info");
        Assert.Equal(hookId, info.Str("webhookId"));
        Assert.Equal(h.Server.BaseUrl + "/", info.Str("portalURL"));
        Assert.True(info.GetProperty("when").GetInt64() > 0);
        var e = Assert.Single(body.GetProperty("events").EnumerateArray());
        Assert.Equal(("item", "add", itemId, GeohooksServer.AdminUser), (e.Str("source"), e.Str("operation"), e.Str("id"), e.Str("username")));
        Assert.Equal(32, e.Str("userId").Length);
        Assert.Equal("Signed", e.GetProperty("properties").Str("title"));
        Assert.Equal(["username", "userId", "when", "operation", "source", "id", "properties"], e.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Without_a_secret_no_secret_or_signature_headers_are_sent()
    {
        await using var h = await Harness.StartAsync();
        await h.CreateAsync(secret: "");
        await h.TouchAsync();
        var post = (await h.Receiver.WaitForAsync(1))[0];
        Assert.False(post.Headers.ContainsKey("secret"));
        Assert.False(post.Headers.ContainsKey("x-esriHook-Signature"));
        Assert.False(post.Headers.ContainsKey("webhook-signature"));
        Assert.StartsWith("msg_", post.Header("webhook-id"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manual_changes_deliver_only_the_listed_triggers()
    {
        await using var h = await Harness.StartAsync();
        await h.CreateAsync(changes: "manualChanges", events: "/items/share,/groups/add");
        var item = await h.TouchAsync();
        await h.AssertQuietAsync(0);
        var group = (await h.Server.PostAsync("community/createGroup", h.Token, ("title", Unique.Name("G")))).GetProperty("group").Str("id");
        await h.Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/items/{item}/share", h.Token, ("groups", group));

        var posts = await h.Receiver.WaitForAsync(2);
        var operations = posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events")[0].Str("operation")).ToArray();
        Assert.Equal(["add", "share"], operations);
        Assert.Contains(group, posts[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_max_concurrency_one_deliveries_arrive_in_event_order()
    {
        await using var h = await Harness.StartAsync();
        await h.CreateAsync(config: """{"maxConcurrency":1}""");
        for (var i = 0; i < 15; i++)
        {
            await h.TouchAsync($"ordered {i:00}");
        }

        var titles = (await h.Receiver.WaitForAsync(15)).Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events")[0].GetProperty("properties").Str("title")).ToArray();
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"ordered {i:00}"), titles);
    }

    /// <summary>
    /// New events become deliveries when the worker has room, leased at creation; an event that matches more webhooks
    /// than there is room for leaves the rest pending, and those go out before any later event of their webhook.
    /// </summary>
    [Fact]
    public async Task Events_matching_more_webhooks_than_the_worker_has_room_for_reach_every_webhook_in_order()
    {
        await using var h = await Harness.StartAsync(serverArgs: ["--delivery-concurrency", "2"]);
        const int Hooks = 5, Events = 12;
        for (var n = 0; n < Hooks; n++)
        {
            await h.CreateAsync(config: """{"maxConcurrency":1}""", url: $"{h.Receiver.Url}/hook{n}");
        }

        for (var i = 0; i < Events; i++)
        {
            await h.TouchAsync($"fan {i:00}");
        }

        var posts = await h.Receiver.WaitForAsync(Hooks * Events);
        for (var n = 0; n < Hooks; n++)
        {
            var titles = posts.Where(p => p.Path.EndsWith($"/hook{n}", StringComparison.Ordinal))
                .Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events")[0].GetProperty("properties").Str("title"));
            Assert.Equal(Enumerable.Range(0, Events).Select(i => $"fan {i:00}"), titles);
        }

        await h.AssertQuietAsync(Hooks * Events);
    }

    /// <summary>
    /// While every slot is taken, new events wait after the cursor; a webhook created meanwhile does not hear of the
    /// changes made before it existed.
    /// </summary>
    [Fact]
    public async Task A_webhook_does_not_hear_of_changes_made_before_it_was_created_that_were_still_waiting_for_room()
    {
        await using var h = await Harness.StartAsync(serverArgs: ["--delivery-concurrency", "1"]);
        var release = new TaskCompletionSource();
        h.Receiver.Respond = async (http, _) =>
        {
            if (http.Request.Path.Value!.EndsWith("/held", StringComparison.Ordinal))
            {
                await release.Task;
            }

            await http.Response.WriteAsync("""{"success":"true"}""");
        };
        await h.CreateAsync(url: $"{h.Receiver.Url}/held");
        await h.TouchAsync("first");
        await h.Receiver.WaitForAsync(1);
        await h.TouchAsync("before");
        await h.CreateAsync(url: $"{h.Receiver.Url}/late");
        await h.TouchAsync("after");
        release.SetResult();

        var posts = await h.Receiver.WaitForAsync(4);
        string[] Titles(string path) => [.. posts.Where(p => p.Path.EndsWith(path, StringComparison.Ordinal))
            .Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events")[0].GetProperty("properties").Str("title"))];
        Assert.Equal(["first", "before", "after"], Titles("/held"));
        Assert.Equal(["after"], Titles("/late"));
        await h.AssertQuietAsync(4);
    }

    /// <summary>
    /// A worker whose every slot has been taken for a poll interval (here: a receiver that does not answer) dispatches
    /// new events without leasing them, so their deliveries show in the log as pending while they wait.
    /// </summary>
    [Fact]
    public async Task While_every_slot_is_taken_new_events_become_pending_deliveries_after_a_poll_interval()
    {
        await using var h = await Harness.StartAsync(fakeClock: true, serverArgs: ["--delivery-concurrency", "1"]);
        var release = new TaskCompletionSource();
        h.Receiver.Respond = async (http, _) =>
        {
            await release.Task;
            await http.Response.WriteAsync("""{"success":"true"}""");
        };
        var hookId = await h.CreateAsync();
        await h.TouchAsync("first");
        await h.Receiver.WaitForAsync(1);
        await h.TouchAsync("second");
        await h.TouchAsync("third");
        await h.AssertQuietAsync(1);
        Assert.Equal(1, (await h.DeliveriesAsync(hookId)).GetProperty("deliveries").GetArrayLength());

        h.Clock!.Advance(TimeSpan.FromSeconds(2));
        var statuses = Array.Empty<string>();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (statuses.Length < 3)
            {
                await Task.Delay(50, cts.Token);
                statuses = [.. (await h.DeliveriesAsync(hookId)).GetProperty("deliveries").EnumerateArray().Select(d => d.Str("status"))];
            }
        }

        Assert.Equal(2, statuses.Count(s => s == "pending"));
        release.SetResult();
        var titles = (await h.Receiver.WaitForAsync(3)).Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events")[0].GetProperty("properties").Str("title"));
        Assert.Equal(["first", "second", "third"], titles);
    }
}
