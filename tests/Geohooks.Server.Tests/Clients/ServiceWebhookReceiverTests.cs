using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Webhooks;
using Geohooks.Server.Tests.Features;
using Geohooks.Server.Tests.Infrastructure;
using Geohooks.Server.Tests.Webhooks.Services;

namespace Geohooks.Server.Tests.Clients;

/// <summary>
/// Real service-webhook deliveries (both flavors) to a Node receiver written from the spec
/// (tests/clients/standard-webhooks/service-receiver.mjs): it answers the Online CRC, checks
/// <c>x-esriHook-Signature</c> over the raw payload field (form) or body (JSON), and checks the Standard Webhooks
/// signature with the unmodified <c>standardwebhooks</c> package.
/// </summary>
public sealed class ServiceWebhookReceiverTests
{
    private static readonly string[] FeatureEvents = ["FeaturesCreated", "FeaturesUpdated", "FeaturesDeleted"];

    [Fact]
    public async Task Online_form_and_Enterprise_json_deliveries_verify_with_a_receiver_written_from_the_spec()
    {
        var folder = NodeRunner.ClientsFolder("standard-webhooks");
        await NodeRunner.EnsurePackagesAsync(folder);

        // Punctuation that means something in a form body and a non-ASCII letter: the key is the UTF-8 bytes.
        var key = "k3y+/=&%ü-" + Guid.NewGuid().ToString("N")[..8];
        var standardSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

        await using var server = await GeohooksServer.StartSqliteAsync(null, "--hook-allow", "127.0.0.1", "--min-schedule-interval", "0");
        var token = await server.AdminTokenAsync();
        await using var receiver = await NodeReceiver.StartAsync(folder, "service-receiver.mjs", standardSecret, key);

        var service = Unique.Name("NodeHooked");
        await server.CreateServiceWithAsync(token, FeatureKit.Admin, service, capabilities: FeatureKit.Editing + ",ChangeTracking");
        var online = Hooks.Root(WebhookKinds.Online, service);
        var enterprise = Hooks.Root(WebhookKinds.Server, service);
        var immediate = $$$"""{"name":"","state":"enabled","startAt":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"recurrenceInfo":{"interval":0,"frequency":"second"}}""";

        // Online, form-encoded. Its name has the characters the form encoding must escape inside the JSON.
        const string onlineName = "online & co + 100%";
        var onlineHook = Hooks.Id(WebhookKinds.Online, await server.PostAsync(
            online + "/create", token, ("name", onlineName), ("hookUrl", $"{receiver.BaseUrl}/online"), ("signatureKey", key),
            ("contentType", "application/x-www-form-urlencoded"), ("active", "true"), ("scheduleInfo", immediate)));
        var crc = (await receiver.WaitForAsync(all => all.Any(l => l.Str("method") == "GET" && l.Str("path") == "/online")))
            .Single(l => l.Str("method") == "GET" && l.Str("path") == "/online");
        Assert.Matches("^[0-9a-f]{32}$", crc.Str("crcToken"));

        // Online with a key the receiver does not have: the CRC answer does not match, nothing is created.
        var refused = await server.PostAsync(
            online + "/create", token, ("name", "online wrong key"), ("hookUrl", $"{receiver.BaseUrl}/online-wrong"), ("signatureKey", key + "x"),
            ("contentType", "application/x-www-form-urlencoded"), ("active", "true"), ("scheduleInfo", immediate));
        refused.AssertClassicError(400, "does not match");
        Assert.Equal([onlineHook], (await server.GetAsync(online, token)).EnumerateArray().Select(h => h.Str("globalId")));
        Assert.Contains(await receiver.WaitForAsync(_ => true), l => l.Str("method") == "GET" && l.Str("path") == "/online-wrong");

        // Enterprise, JSON: one with the receiver's key, one with a wrong key (the receiver must refuse its deliveries).
        var enterpriseHook = Hooks.Id(WebhookKinds.Server, await server.PostAsync(
            enterprise + "/create", token, ("name", "enterprise"), ("hookUrl", $"{receiver.BaseUrl}/enterprise"), ("signatureKey", key),
            ("changeTypes", "*"), ("contentType", "application/json"), ("active", "true"), ("scheduleInfo", immediate)));
        Hooks.Id(WebhookKinds.Server, await server.PostAsync(
            enterprise + "/create", token, ("name", "enterprise wrong key"), ("hookUrl", $"{receiver.BaseUrl}/enterprise-wrong"), ("signatureKey", key + "x"),
            ("changeTypes", "*"), ("contentType", "application/json"), ("active", "true"), ("scheduleInfo", immediate)));

        // Edits: two adds, an update and a delete, each its own transaction.
        var first = Assert.Single(await server.AddAsync(token, service, 0, """[{"geometry":{"x":1,"y":2},"attributes":{"name":"a & b + 5%"}}]"""));
        var second = Assert.Single(await server.AddAsync(token, service, 0, """[{"geometry":{"x":3,"y":4},"attributes":{"name":"zwei ü"}}]"""));
        var updated = await server.ApplyEditsAsync(token, service, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{first}}},"name":"renamed"}}]"""));
        Assert.True(updated.GetProperty("updateResults")[0].GetProperty("success").GetBoolean(), updated.ToString());
        var deleted = await server.ApplyEditsAsync(token, service, 0, ("deletes", second.ToString(CultureInfo.InvariantCulture)));
        Assert.True(deleted.GetProperty("deleteResults")[0].GetProperty("success").GetBoolean(), deleted.ToString());

        // Wait (bounded) until both good webhooks have announced every feature change and the bad one was refused once.
        var lines = await receiver.WaitForAsync(all =>
            FeatureEvents.All(e => OnlineEvents(Posts(all, "/online")).Contains(e))
            && FeatureEvents.All(e => EnterpriseEvents(Posts(all, "/enterprise")).Contains(e))
            && Posts(all, "/enterprise-wrong").Length > 0);

        // Every delivery to the good webhooks was accepted, with every check passing.
        foreach (var path in new[] { "/online", "/enterprise" })
        {
            Assert.All(Posts(lines, path), l =>
            {
                Assert.Equal(200, l.GetProperty("status").GetInt32());
                Assert.True(l.GetProperty("ok").GetBoolean(), l.ToString());
                Assert.All(l.GetProperty("checks").EnumerateObject(), c => Assert.True(c.Value.GetBoolean(), l.ToString()));
                Assert.False(string.IsNullOrEmpty(l.Str("id")), l.ToString());
            });
        }

        var onlinePosts = Posts(lines, "/online");
        Assert.All(onlinePosts, l =>
        {
            Assert.Equal("application/x-www-form-urlencoded", l.Str("contentType"));
            Assert.Equal(["standard", "esriHeader", "esriField", "json"], l.GetProperty("checks").EnumerateObject().Select(c => c.Name));
            var payload = l.GetProperty("payload");
            Assert.Equal(JsonValueKind.Array, payload.ValueKind);
            Assert.All(payload.EnumerateArray(), n =>
            {
                Assert.Equal(onlineName, n.Str("name"));
                Assert.Equal(0, n.GetProperty("layerId").GetInt32());
                Assert.Equal(service, n.Str("serviceName"));
                Assert.False(string.IsNullOrEmpty(n.Str("orgId")), n.ToString());
                Assert.True(n.GetProperty("lastUpdatedTime").GetInt64() > 0, n.ToString());
                Assert.Contains("/extractChanges?serverGens=", n.Str("changesUrl"), StringComparison.Ordinal);
                Assert.StartsWith("http", n.Str("changesUrl"), StringComparison.Ordinal);
                Assert.NotEmpty(n.GetProperty("events").EnumerateArray());
                Assert.All(n.GetProperty("events").EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
            });
        });

        var enterprisePosts = Posts(lines, "/enterprise");
        Assert.All(enterprisePosts, l =>
        {
            Assert.Equal("application/json", l.Str("contentType"));
            Assert.Equal(["standard", "esriHeader", "json"], l.GetProperty("checks").EnumerateObject().Select(c => c.Name));
            var payload = l.GetProperty("payload");
            Assert.Equal(JsonValueKind.Object, payload.ValueKind);
            Assert.Equal("FeatureServer", payload.Str("serviceType"));
            Assert.Equal(enterpriseHook, payload.Str("id"));
            Assert.Equal("enterprise", payload.Str("name"));
            Assert.Equal(service, payload.Str("serviceName"));
            Assert.Equal("Hosted", payload.Str("folderName"));
            Assert.Contains("/extractChanges?serverGens=", payload.Str("changesUrl"), StringComparison.Ordinal);
            Assert.NotEmpty(payload.GetProperty("events").EnumerateArray());
            Assert.All(payload.GetProperty("events").EnumerateArray(), e =>
            {
                Assert.Equal(["eventType", "when"], e.EnumerateObject().Select(p => p.Name));
                Assert.False(string.IsNullOrEmpty(e.Str("eventType")), e.ToString());
                Assert.True(e.GetProperty("when").GetInt64() > 0, e.ToString());
            });
        });

        // The wrong key: the receiver's signature checks failed and it answered 401.
        Assert.All(Posts(lines, "/enterprise-wrong"), l =>
        {
            Assert.Equal(401, l.GetProperty("status").GetInt32());
            Assert.False(l.GetProperty("checks").GetProperty("standard").GetBoolean(), l.ToString());
            Assert.False(l.GetProperty("checks").GetProperty("esriHeader").GetBoolean(), l.ToString());
        });

        // The server saw the Online receiver's answers as successes too (every attempt, newest first).
        var status = await server.PostAsync($"{online}/{onlineHook}/notificationStatus", token);
        var attempts = status[0].GetProperty("webhookNotificationStatus").EnumerateArray().ToArray();
        Assert.Equal(onlinePosts.Length, attempts.Length);
        Assert.All(attempts, a => Assert.Equal("true", a.Str("invoked")));

        Assert.Equal(0, await receiver.StopAsync());
    }

    private static JsonElement[] Posts(JsonElement[] lines, string path) =>
        [.. lines.Where(l => l.Str("method") == "POST" && l.Str("path") == path)];

    private static HashSet<string> OnlineEvents(JsonElement[] posts) =>
        [.. posts.Where(p => p.GetProperty("payload").ValueKind == JsonValueKind.Array)
            .SelectMany(p => p.GetProperty("payload").EnumerateArray())
            .SelectMany(n => n.GetProperty("events").EnumerateArray().Select(e => e.GetString() ?? ""))];

    private static HashSet<string> EnterpriseEvents(JsonElement[] posts) =>
        [.. posts.Where(p => p.GetProperty("payload").ValueKind == JsonValueKind.Object)
            .SelectMany(p => p.GetProperty("payload").GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")))];
}
