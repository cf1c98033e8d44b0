using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Geohooks.Server.Tests.Webhooks;

/// <summary>A server allowed to deliver to loopback, a receiver, and an admin token; optionally on a fake clock.</summary>
public sealed class Harness : IAsyncDisposable
{
    private Harness(GeohooksServer server, Receiver receiver, string token, FakeTimeProvider? clock)
    {
        Server = server;
        Receiver = receiver;
        Token = token;
        Clock = clock;
    }

    public GeohooksServer Server { get; }

    public Receiver Receiver { get; }

    public string Token { get; }

    public FakeTimeProvider? Clock { get; }

    public static async Task<Harness> StartAsync(bool fakeClock = false, params string[] serverArgs)
    {
        var clock = fakeClock ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var server = await GeohooksServer.StartSqliteAsync(clock, ["--hook-allow", "127.0.0.1", .. serverArgs]);
        var receiver = await Receiver.StartAsync();
        return new Harness(server, receiver, await server.AdminTokenAsync(), clock);
    }

    public const string Hooks = "portals/self/webhooks";

    /// <summary>Creates a webhook to the receiver and returns its id.</summary>
    public async Task<string> CreateAsync(string secret = "s3cr3t", string changes = "allChanges", string? events = null, string? config = null, string? url = null)
    {
        var parameters = new List<(string, string)> { ("name", Unique.Name("hook")), ("url", url ?? Receiver.Url), ("secret", secret), ("changes", changes) };
        if (events is not null)
        {
            parameters.Add(("events", events));
        }

        if (config is not null)
        {
            parameters.Add(("config", config));
        }

        var answer = await Server.PostAsync($"{Hooks}/createWebhook", Token, [.. parameters]);
        answer.AssertSuccess();
        return answer.Str("webhookId");
    }

    public Task<JsonElement> SettingsAsync(params (string, string)[] settings) => Server.PostAsync($"{Hooks}/settings/update", Token, settings);

    /// <summary>Makes a portal change that every allChanges webhook hears; returns the item id.</summary>
    public async Task<string> TouchAsync(string title = "touched") =>
        (await Server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", Token, ("title", title), ("type", "Web Map"))).Str("id");

    public async Task<JsonElement> DeliveriesAsync(string hookId, params (string, string)[] filter) =>
        await Server.GetAsync($"{Hooks}/{hookId}/deliveries", Token, filter);

    public async Task<JsonElement> DeliveryAsync(string hookId, long deliveryId) =>
        await Server.GetAsync($"{Hooks}/{hookId}/deliveries/{deliveryId}", Token);

    /// <summary>Polls the log (bounded, real time) until <paramref name="done"/> holds for the webhook's newest delivery.</summary>
    public async Task<JsonElement> WaitForDeliveryAsync(string hookId, Func<JsonElement, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        JsonElement last = default;
        while (!cts.IsCancellationRequested)
        {
            var list = await DeliveriesAsync(hookId);
            if (list.GetProperty("deliveries").GetArrayLength() > 0)
            {
                last = list.GetProperty("deliveries")[0];
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

    /// <summary>Asserts nothing new arrives for a short, bounded real-time window.</summary>
    public async Task AssertQuietAsync(int expectedPosts)
    {
        await Task.Delay(400, CancellationToken.None);
        Assert.Equal(expectedPosts, Receiver.Posts.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Server.DisposeAsync();
    }
}
