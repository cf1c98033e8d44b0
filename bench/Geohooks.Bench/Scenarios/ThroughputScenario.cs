using System.Diagnostics;
using Geohooks.Bench.Probes;
using Geohooks.Core.Webhooks;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// N events committed in batches as fast as the store takes them → deliveries per second from the first commit to the
/// last acknowledgement, against the raw loop measured in the same run. Runs alternate raw, sqlite, postgres so
/// drift on the machine hits all of them; medians are reported.
/// </summary>
public static class ThroughputScenario
{
    public static async Task RunAsync(BenchOptions options, StoreTargets targets, Report report, CancellationToken ct)
    {
        var events = options.Int("events", 20_000);
        var batch = options.Int("batch", 100);
        var limit = TimeSpan.FromSeconds(options.Int("run-seconds", 300));
        var concurrency = options.Concurrency;
        var first = EngineRun.WarmUp;
        await using var receiver = await Receiver.StartAsync();

        // Unmeasured rounds first: the engine's code path is far longer than the raw loop's, and 1,000 warm-up deliveries
        // per run left much of it unoptimized (tiered JIT) through the first measured runs on a busy 2-core machine. After
        // one unmeasured round the first measured run was still the slowest of its set, raw loop and engine alike.
        var warmups = options.Int("warmup-runs", 2);
        for (var round = 1; round <= warmups; round++)
        {
            receiver.Reset(first + events);
            await RawLoop.RunAsync(receiver, 0, first + events, concurrency, limit);
            foreach (var store in options.Stores)
            {
                var result = await MeasureAsync(targets, store, receiver, events, batch, concurrency, limit, withProbe: false, ct);
                Console.WriteLine($"warm-up {round}: {store} {Report.F(result.DeliveriesPerSecond)} deliveries/s (not counted)");
            }
        }

        var raw = new List<double>();
        var rawCpu = new List<double>();
        var engine = options.Stores.ToDictionary(s => s, _ => new List<Result>());
        for (var run = 1; run <= options.Runs; run++)
        {
            receiver.Reset(first + events);
            await RawLoop.RunAsync(receiver, 0, first, concurrency, limit);
            var cpuBefore = ProcessCpu();
            var gcBefore = GC.CollectionCount(0);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            raw.Add(await RawLoop.RunAsync(receiver, first, events, concurrency, limit));
            rawCpu.Add((ProcessCpu() - cpuBefore).TotalMicroseconds / events);
            Console.WriteLine($"run {run}: raw {Report.F(raw[^1])} req/s ({Report.F(rawCpu[^1], "0")} us CPU, " +
                              $"{Report.F((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / events, "0.0")} KiB allocated each, {GC.CollectionCount(0) - gcBefore} gen0 GCs)");
            foreach (var store in options.Stores)
            {
                var result = await MeasureAsync(targets, store, receiver, events, batch, concurrency, limit, options.Int("probe", 0) == 1, ct);
                engine[store].Add(result);
                Console.WriteLine($"run {run}: {store} {Report.F(result.DeliveriesPerSecond)} deliveries/s " +
                                  $"(commits {Report.F(result.CommitsPerSecond)} events/s, delivered {result.Delivered}/{events}, duplicates {result.Duplicates}, " +
                                  $"{Report.F(result.CpuMicroseconds, "0")} us CPU each)");
            }
        }

        var rawMedian = Stats.Median(raw);
        var rows = new List<string[]> { new[] { "raw loop (no store)", Report.F(rawMedian), string.Join(", ", raw.Select(r => Report.F(r))), "1.00", "1.00", "-", Report.F(Stats.Median(rawCpu), "0") } };
        rows.AddRange(engine.Select(kv =>
        {
            var median = Stats.Median(kv.Value.Select(r => r.DeliveriesPerSecond));
            var complete = kv.Value.All(r => r.Delivered == events) ? "" : " (incomplete)";
            return new[]
            {
                $"engine, {kv.Key}{complete}", Report.F(median), string.Join(", ", kv.Value.Select(r => Report.F(r.DeliveriesPerSecond))),
                // Each engine run against the raw run measured just before it, so drift between runs cancels out.
                Report.F(median / rawMedian, "0.00"), Report.F(Stats.Median(kv.Value.Select((r, i) => r.DeliveriesPerSecond / raw[i])), "0.00"),
                Report.F(Stats.Median(kv.Value.Select(r => r.CommitsPerSecond))),
                Report.F(Stats.Median(kv.Value.Select(r => r.CpuMicroseconds)), "0"),
            };
        }));
        report.Table(
            $"Throughput: {events} events (batches of {batch}), concurrency {concurrency}, {options.Runs} runs after {warmups} unmeasured",
            ["path", "median/s", "runs/s", "ratio to raw", "paired ratio", "commit events/s", "process CPU µs per delivery"],
            rows);
    }

    private static async Task<Result> MeasureAsync(
        StoreTargets targets, string store, Receiver receiver, int events, int batch, int concurrency, TimeSpan limit, bool withProbe, CancellationToken ct)
    {
        var first = EngineRun.WarmUp;
        receiver.Reset(first + events);
        var probe = withProbe ? new StoreProbe() : null;
        await using var run = await EngineRun.StartAsync(targets, store, receiver, concurrency, WebhookSettings.Default, ct, probe);
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = ProcessCpu();
        var gcBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        await run.Producer.CommitAllAsync(first, events, batch, null, ct);
        var committed = Stopwatch.GetTimestamp();
        await receiver.WaitForAsync(first + events, limit, n => Console.WriteLine($"  {store}: {n - first}/{events} delivered"));
        var cpu = (ProcessCpu() - cpuBefore).TotalMicroseconds / events;
        Console.WriteLine($"  {store}: {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / events:0.0} KiB allocated per delivery, {GC.CollectionCount(0) - gcBefore} gen0 GCs, paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:0} ms");
        var delivered = receiver.Delivered - first;
        var last = EngineRun.LastArrival(receiver, first, events);
        if (probe is not null)
        {
            Console.WriteLine($"  {store} probe: {probe.Describe(delivered, EngineRun.Seconds(started, last))}");
        }

        return new Result(
            delivered / EngineRun.Seconds(started, last), events / EngineRun.Seconds(started, committed), delivered, receiver.Duplicates, cpu);
    }

    /// <summary>CPU time of this whole process (load driver, receiver and engine alike) so far.</summary>
    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private sealed record Result(double DeliveriesPerSecond, double CommitsPerSecond, int Delivered, int Duplicates, double CpuMicroseconds);
}
