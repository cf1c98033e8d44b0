using System.Diagnostics;
using Geohooks.Core.Webhooks;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// A steady open-loop rate (default 1,000 events/s for 20 s, a small batch every tick): latency from each event's
/// commit to its arrival at the receiver. The producer does not slow down when the engine lags.
/// </summary>
public static class LatencyScenario
{
    public static async Task RunAsync(BenchOptions options, StoreTargets targets, Report report, CancellationToken ct)
    {
        var rate = options.Int("rate", 1000);
        var seconds = options.Int("seconds", 20);
        var tickMs = options.Int("tick-ms", 10);
        var perTick = Math.Max(1, rate * tickMs / 1000);
        var events = rate * seconds;
        await using var receiver = await Receiver.StartAsync();
        var rows = new List<string[]>();
        foreach (var store in options.Stores)
        {
            var first = EngineRun.WarmUp;
            receiver.Reset(first + events);
            await using var run = await EngineRun.StartAsync(targets, store, receiver, options.Concurrency, WebhookSettings.Default, ct);
            var commits = new long[first + events];
            var started = Stopwatch.GetTimestamp();
            for (var k = 0; k * perTick < events; k++)
            {
                var wait = TimeSpan.FromMilliseconds(k * tickMs) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }

                var from = first + (k * perTick);
                var count = Math.Min(perTick, first + events - from);
                var committed = await run.Producer.CommitAsync(from, count, ct);
                commits.AsSpan(from, count).Fill(committed);
            }

            var produced = EngineRun.Seconds(started, Stopwatch.GetTimestamp());
            await receiver.WaitForAsync(first + events, TimeSpan.FromSeconds(60));
            var latencies = Enumerable.Range(first, events)
                .Where(i => receiver.ArrivalOf(i) != 0)
                .Select(i => Stopwatch.GetElapsedTime(commits[i], receiver.ArrivalOf(i)).TotalMilliseconds)
                .Order()
                .ToArray();
            rows.Add(
            [
                store, Report.F(events / produced), Report.F(Stats.Percentile(latencies, 50), "0.0"), Report.F(Stats.Percentile(latencies, 99), "0.0"),
                Report.F(latencies.Length == 0 ? double.NaN : latencies[^1], "0.0"), $"{latencies.Length}/{events}",
            ]);
            Console.WriteLine($"{store}: p50 {rows[^1][2]} ms, p99 {rows[^1][3]} ms, max {rows[^1][4]} ms");
        }

        report.Table(
            $"Latency: event commit → receiver arrival, {rate} events/s for {seconds} s ({perTick} events per {tickMs} ms commit), concurrency {options.Concurrency}",
            ["store", "achieved events/s", "p50 ms", "p99 ms", "max ms", "delivered"],
            rows);
    }
}
