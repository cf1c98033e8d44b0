using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Clients;

/// <summary>
/// Real deliveries to a Node receiver (tests/clients/standard-webhooks/receiver.mjs) that accepts a POST only if the
/// unmodified npm <c>standardwebhooks</c> package verifies it and the <c>x-esriHook-Signature</c> check of Esri's
/// receiver samples passes.
/// </summary>
public sealed class StandardWebhooksTests
{
    private const string Hooks = "portals/self/webhooks";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>The key of both signatures is the secret's UTF-8 bytes, so punctuation and non-ASCII letters must work.</summary>
    [Theory]
    [InlineData("s3cr3t+/=&%")]
    [InlineData("s3cr3t+/=ü")]
    public async Task Deliveries_verify_with_the_standardwebhooks_package_and_the_esri_sample_check(string secretPrefix)
    {
        var folder = NodeRunner.ClientsFolder("standard-webhooks");
        await NodeRunner.EnsurePackagesAsync(folder);

        var secret = secretPrefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var expectedStandardSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

        await using var server = await GeohooksServer.StartSqliteAsync(null, "--hook-allow", "127.0.0.1");
        var token = await server.AdminTokenAsync();
        await using var receiver = await NodeReceiver.StartAsync(folder, "receiver.mjs", expectedStandardSecret, secret);

        var good = await CreateAsync(server, token, $"{receiver.BaseUrl}/hook", secret);
        var hook = await server.GetAsync($"{Hooks}/{good}", token);
        Assert.Equal(expectedStandardSecret, hook.Str("standardWebhooksSecret"));
        Assert.Equal(secret, hook.Str("secret"));

        // Same receiver, but signed with a secret it does not expect: both verifiers must reject it.
        var bad = await CreateAsync(server, token, $"{receiver.BaseUrl}/wrong-secret", secret + "x");

        for (var i = 0; i < 5; i++)
        {
            var added = await server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", token, ("title", $"sw {i}"), ("type", "Web Map"));
            Assert.True(added.GetProperty("success").GetBoolean(), added.ToString());
        }

        // Every delivery tried at least once; any that did not succeed is shown with its attempts.
        var deliveries = await WaitForLogAsync(server, token, good, list => list.Length >= 5 && list.All(d => d.GetProperty("attempts").GetInt32() >= 1));
        foreach (var d in deliveries.Where(d => d.Str("status") != "succeeded"))
        {
            Assert.Fail($"delivery not accepted by the receiver: {await server.GetAsync($"{Hooks}/{good}/deliveries/{d.GetProperty("id").GetInt64()}", token)}");
        }

        var lines = await receiver.WaitForAsync(all => all.Count(l => l.Str("path") == "/hook") >= 5);

        var goodLines = lines.Where(l => l.Str("path") == "/hook").ToArray();
        Assert.Equal(5, goodLines.Length);
        Assert.All(goodLines, l =>
        {
            Assert.True(l.GetProperty("standard").GetBoolean(), l.ToString());
            Assert.True(l.GetProperty("esri").GetBoolean(), l.ToString());
        });
        var ids = goodLines.Select(l => l.Str("id")).ToArray();
        Assert.Equal(5, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(5, deliveries.Length);
        Assert.All(deliveries, d => Assert.Equal("succeeded", d.Str("status")));
        Assert.Equal(
            deliveries.Select(d => d.Str("messageId")).Order(StringComparer.Ordinal),
            ids.Order(StringComparer.Ordinal));

        // The negative case: the receiver said 401 with both checks failed, and the log recorded that answer.
        var rejected = await receiver.WaitForAsync(all => all.Any(l => l.Str("path") == "/wrong-secret"));
        var first = rejected.First(l => l.Str("path") == "/wrong-secret");
        Assert.False(first.GetProperty("standard").GetBoolean(), first.ToString());
        Assert.False(first.GetProperty("esri").GetBoolean(), first.ToString());
        var failedOnce = await WaitForLogAsync(server, token, bad, list => list.Length > 0 && list.All(d => d.GetProperty("attempts").GetInt32() >= 1));
        Assert.DoesNotContain(failedOnce, d => d.Str("status") == "succeeded");
        var detail = await server.GetAsync($"{Hooks}/{bad}/deliveries/{failedOnce[0].GetProperty("id").GetInt64()}", token);
        var attempt = detail.GetProperty("attempts").EnumerateArray().First(a => a.GetProperty("number").GetInt32() == 1);
        Assert.Equal(401, attempt.GetProperty("responseStatus").GetInt32());
        Assert.False(attempt.GetProperty("succeeded").GetBoolean(), attempt.ToString());

        Assert.Equal(0, await receiver.StopAsync());
    }

    private static async Task<string> CreateAsync(GeohooksServer server, string token, string url, string secret)
    {
        var answer = await server.PostAsync(
            $"{Hooks}/createWebhook", token, ("name", Unique.Name("sw")), ("url", url), ("secret", secret), ("changes", "allChanges"));
        answer.AssertSuccess();
        return answer.Str("webhookId");
    }

    /// <summary>Polls the webhook's delivery log (bounded) until <paramref name="done"/> holds; returns the deliveries.</summary>
    private static async Task<JsonElement[]> WaitForLogAsync(GeohooksServer server, string token, string hookId, Func<JsonElement[], bool> done)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement[] last = [];
        while (deadline.Elapsed < Bound)
        {
            var list = await server.GetAsync($"{Hooks}/{hookId}/deliveries", token, ("num", "100"));
            last = [.. list.GetProperty("deliveries").EnumerateArray()];
            if (done(last))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"the delivery log of {hookId} never reached the expected state; last seen: [{string.Join(", ", last)}]");
        return last;
    }
}
