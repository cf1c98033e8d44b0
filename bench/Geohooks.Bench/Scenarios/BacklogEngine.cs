using System.Diagnostics;
using Geohooks.Core.Delivery;
using Geohooks.Core.Webhooks;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// The child process of the backlog scenario: the real server and a bounded producer (one batch of events in memory at a
/// time) and nothing else, so its resident set is the engine's. It reports on stdout and exits when stdin says so.
/// Retry settings that keep deliveries pending: notificationAttempts 5, notificationTimeOutInSeconds 60,
/// notificationElapsedTimeInSeconds 100 — with a receiver that does not answer, only the ~concurrency deliveries in
/// flight make an attempt per minute; all others stay pending and due.
/// </summary>
public static class BacklogEngine
{
    public static readonly WebhookSettings DownSettings = new(5, 60, 100, 10);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var events = options.Int("events", 1_000_000);
        var batch = options.Int("batch", 1000);
        var limit = TimeSpan.FromMinutes(options.Int("build-minutes", 15));
        string[] storeArgs = options.Optional("postgres") is { } pg ? ["--postgres", pg] : ["--data", options.Text("data", "./bench-data")];
        await using var host = await EngineHost.StartAsync(storeArgs, options.Concurrency, ct);
        var hook = await host.AddWebhookAsync(new Uri(options.Text("receiver", "")), DownSettings, Math.Min(64, options.Concurrency), ct);
        var producer = new EventProducer(host.Store, host.OrgId, host.UserId, EngineHost.Username);
        Console.WriteLine("READY");

        var started = Stopwatch.GetTimestamp();
        var committed = 0;
        while (committed < events && Stopwatch.GetElapsedTime(started) < limit)
        {
            var count = Math.Min(batch, events - committed);
            await producer.CommitAsync(committed, count, ct);
            committed += count;
            if (committed % 50_000 == 0)
            {
                Console.WriteLine($"PROGRESS committed {committed} events in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            }
        }

        Console.WriteLine($"COMMITTED {committed} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0}");
        long pending;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            await using var read = await host.Store.ReadAsync(ct);
            pending = await read.Deliveries.CountAsync(hook.Id, DeliveryStatus.Pending, ct) + await read.Deliveries.CountAsync(hook.Id, DeliveryStatus.InFlight, ct);
            Console.WriteLine($"PROGRESS {pending} deliveries pending or in flight after {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        }
        while (pending < committed && Stopwatch.GetElapsedTime(started) < limit + TimeSpan.FromMinutes(2));

        Console.WriteLine($"BUILT {pending} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0}");
        while (await Console.In.ReadLineAsync(ct) is { } line && line != "exit")
        {
        }
    }
}
