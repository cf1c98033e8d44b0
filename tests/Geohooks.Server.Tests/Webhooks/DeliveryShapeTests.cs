using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;

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
}
