using System.Diagnostics;
using Geohooks.Bench.Probes;
using Geohooks.Core.Webhooks;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// One engine measurement on a fresh store: start the real host, add the webhook, warm up with a few deliveries
/// (JIT, connection pools), then hand the prepared host to the measurement.
/// </summary>
public sealed class EngineRun : IAsyncDisposable
{
    public const int WarmUp = 1000;

    private EngineRun(EngineHost host, EventProducer producer)
    {
        Host = host;
        Producer = producer;
    }

    public EngineHost Host { get; }

    public EventProducer Producer { get; }

    /// <summary>Starts a warmed-up engine delivering to <paramref name="receiver"/>; events 0..<see cref="WarmUp"/> are used.</summary>
    public static async Task<EngineRun> StartAsync(
        StoreTargets targets, string store, Receiver receiver, int concurrency, WebhookSettings settings, CancellationToken ct, StoreProbe? probe = null)
    {
        var host = await EngineHost.StartAsync(await targets.CreateAsync(store), concurrency, ct, probe);
        try
        {
            await host.AddWebhookAsync(receiver.Url, settings, Math.Min(64, concurrency), ct);
            var producer = new EventProducer(host.Store, host.OrgId, host.UserId, EngineHost.Username);
            await producer.CommitAllAsync(0, WarmUp, 100, null, ct);
            if (!await receiver.WaitForAsync(WarmUp, TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException($"Warm-up: only {receiver.Delivered} of {WarmUp} deliveries arrived within 60 s.");
            }

            probe?.Reset();
            return new EngineRun(host, producer);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The latest arrival among events [first, first + count), as a Stopwatch timestamp.</summary>
    public static long LastArrival(Receiver receiver, int first, int count)
    {
        var last = 0L;
        for (var i = first; i < first + count; i++)
        {
            last = Math.Max(last, receiver.ArrivalOf(i));
        }

        return last;
    }

    public static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
