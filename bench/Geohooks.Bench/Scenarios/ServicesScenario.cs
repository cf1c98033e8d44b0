using System.Diagnostics;
using Geohooks.Bench.Probes;
using Geohooks.Core.Webhooks;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// Feature-service webhooks end to end: single-point applyEdits adds through HTTP on a hosted feature service with
/// change tracking → immediate, signed service-webhook deliveries acknowledged by the receiver.
/// Latency: one webhook (Enterprise flavor with JSON, then Online flavor with form encoding, each on a fresh store),
/// adds sent at a steady open-loop rate; edit → delivery = receiver arrival − the moment the add's applyEdits request
/// was sent, the delivery matched to its add by the generation in its changesUrl. Warm-up adds (back to back, before
/// the steady stream, on the same server) are not measured.
/// Fan-out: 100 webhooks on one service (half of each flavor), adds sent one after another; deliveries per second from
/// the first add sent to the last delivery acknowledged, against the raw loop POSTing as many payloads of the same
/// shape and size, signed alike, at the same concurrency, in the same run. Runs alternate raw, sqlite, postgres; medians.
/// </summary>
public static class ServicesScenario
{
    /// <summary>applyEdits requests in flight at most; beyond it the open-loop sender waits (the achieved rate shows it).</summary>
    private const int MaxAddsInFlight = 32;

    public static async Task RunAsync(BenchOptions options, StoreTargets targets, Report report, CancellationToken ct)
    {
        var parts = options.Text("parts", "latency,fanout").Split(',', StringSplitOptions.TrimEntries);
        await using var receiver = await Receiver.StartAsync();
        if (parts.Contains("latency"))
        {
            await LatencyAsync(options, targets, receiver, report, ct);
        }

        if (parts.Contains("fanout"))
        {
            await FanOutAsync(options, targets, receiver, report, ct);
        }
    }

    private static async Task LatencyAsync(BenchOptions options, StoreTargets targets, Receiver receiver, Report report, CancellationToken ct)
    {
        var rate = options.Int("rate", 50);
        var edits = options.Int("edits", 1000);
        var warm = options.Int("warmup-edits", 200);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var store in options.Stores)
        {
            foreach (var kind in (string[])[WebhookKinds.Server, WebhookKinds.Online])
            {
                rows.Add(await MeasureLatencyAsync(targets, store, kind, receiver, warm, edits, rate, options.Concurrency, ct));
                Console.WriteLine($"latency {string.Join(", ", rows[^1])}");
            }
        }

        report.Table(
            $"Edit → delivery, one immediate feature-service webhook (signed): {edits} single-point adds at {rate}/s through applyEdits after {warm} unmeasured back to back, concurrency {options.Concurrency}",
            ["store", "flavor", "achieved adds/s", "applyEdits p50 ms", "p50 ms", "p99 ms", "max ms", "delivered", "duplicates"],
            rows);
    }

    private static async Task<string[]> MeasureLatencyAsync(
        StoreTargets targets, string store, string kind, Receiver receiver, int warm, int edits, int rate, int concurrency, CancellationToken ct)
    {
        var total = warm + edits;
        await using var run = await ServiceRun.StartAsync(targets, store, concurrency, total, ct);
        await run.AddHooksAsync([kind], receiver.Url, ct);
        receiver.Reset(total, run.Slots(total));
        await run.WarmUpAsync(receiver, 1, warm, ct);
        var sent = new long[total];
        var answered = new long[total];
        var objectIds = new long[total];
        var limit = TimeSpan.FromSeconds((edits / (double)rate) + 30);
        using var gate = new SemaphoreSlim(MaxAddsInFlight);
        var adds = new List<Task>(edits);
        var started = Stopwatch.GetTimestamp();
        for (var i = warm; i < total && Stopwatch.GetElapsedTime(started) < limit; i++)
        {
            var wait = TimeSpan.FromSeconds((i - warm) / (double)rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            await gate.WaitAsync(ct);
            adds.Add(AddAsync(i));
        }

        await Task.WhenAll(adds);
        var count = adds.Count;
        await receiver.WaitForAsync(warm + count, TimeSpan.FromSeconds(60));
        var order = await run.CommitOrderAsync(ct);
        var measured = Enumerable.Range(warm, count).ToList();
        var latencies = measured
            .Select(i => (Sent: sent[i], Arrived: receiver.ArrivalOf(order[objectIds[i]])))
            .Where(x => x.Arrived != 0)
            .Select(x => Stopwatch.GetElapsedTime(x.Sent, x.Arrived).TotalMilliseconds)
            .Order()
            .ToArray();
        var roundTrips = measured.Select(i => Stopwatch.GetElapsedTime(sent[i], answered[i]).TotalMilliseconds);
        return
        [
            store, ServiceHooks.Flavor(kind), Report.F((count - 1) / EngineRun.Seconds(sent[warm], sent[warm + count - 1]), "0.0"), Report.F(Stats.Median(roundTrips), "0.0"),
            Report.F(Stats.Percentile(latencies, 50), "0.0"), Report.F(Stats.Percentile(latencies, 99), "0.0"),
            Report.F(latencies.Length == 0 ? double.NaN : latencies[^1], "0.0"), $"{latencies.Length}/{edits}", Report.F(receiver.Duplicates),
        ];

        async Task AddAsync(int i)
        {
            try
            {
                sent[i] = Stopwatch.GetTimestamp();
                objectIds[i] = await run.AddAsync(i, ct);
                answered[i] = Stopwatch.GetTimestamp();
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static async Task FanOutAsync(BenchOptions options, StoreTargets targets, Receiver receiver, Report report, CancellationToken ct)
    {
        var hooks = options.Int("hooks", 100);
        var edits = options.Int("fanout-edits", 100);
        var limit = TimeSpan.FromSeconds(options.Int("run-seconds", 120));
        var kinds = Enumerable.Range(0, hooks).Select(k => k < hooks / 2 ? WebhookKinds.Server : WebhookKinds.Online).ToList();
        var setup = new FanOutSetup(
            targets, receiver, kinds, options.Int("fanout-warmup-edits", 10), edits, options.Concurrency, limit, options.Int("probe", 0) == 1);

        for (var round = 1; round <= options.Int("warmup-runs", 1); round++)
        {
            Console.WriteLine($"warm-up {round}: raw {Report.F((await RawFanOutAsync(setup)).DeliveriesPerSecond)}/s (not counted)");
            foreach (var store in options.Stores)
            {
                Console.WriteLine($"warm-up {round}: {store} {Report.F((await MeasureFanOutAsync(setup, store, ct)).DeliveriesPerSecond)} deliveries/s (not counted)");
            }
        }

        var raw = new List<FanOut>();
        var engine = options.Stores.ToDictionary(s => s, _ => new List<FanOut>());
        for (var run = 1; run <= options.Runs; run++)
        {
            raw.Add(await RawFanOutAsync(setup));
            Console.WriteLine($"run {run}: raw {Report.F(raw[^1].DeliveriesPerSecond)} req/s");
            foreach (var store in options.Stores)
            {
                var result = await MeasureFanOutAsync(setup, store, ct);
                engine[store].Add(result);
                Console.WriteLine($"run {run}: {store} {Report.F(result.DeliveriesPerSecond)} deliveries/s (adds {Report.F(result.AddsPerSecond, "0.0")}/s, " +
                                  $"delivered {result.Delivered}/{hooks * edits}, duplicates {result.Duplicates})");
            }
        }

        var rawMedian = Stats.Median(raw.Select(r => r.DeliveriesPerSecond));
        var rows = new List<IReadOnlyList<string>> { Row("raw loop (no store)", raw, rawMedian, hooks * edits) };
        rows.AddRange(engine.Select(kv => Row($"engine, {kv.Key}", kv.Value, rawMedian, hooks * edits)));
        report.Table(
            $"Fan-out: {edits} single-point adds (one after another, after {setup.Warm} unmeasured) to {hooks} immediate webhooks on one service " +
            $"({hooks / 2} Enterprise JSON, {hooks - (hooks / 2)} Online form, all signed) = {hooks * edits} deliveries, concurrency {options.Concurrency}, " +
            $"{options.Runs} runs after {options.Int("warmup-runs", 1)} unmeasured",
            ["path", "median deliveries/s", "runs/s", "ratio to raw", "applyEdits adds/s", "bytes per delivery", "delivered, duplicates"],
            rows);
    }

    private static string[] Row(string path, List<FanOut> runs, double rawMedian, int expected)
    {
        var median = Stats.Median(runs.Select(r => r.DeliveriesPerSecond));
        return
        [
            path, Report.F(median), string.Join(", ", runs.Select(r => Report.F(r.DeliveriesPerSecond))), Report.F(median / rawMedian, "0.00"),
            runs.All(r => double.IsNaN(r.AddsPerSecond)) ? "-" : Report.F(Stats.Median(runs.Select(r => r.AddsPerSecond)), "0.0"),
            Report.F(Stats.Median(runs.Select(r => r.BytesPerDelivery))),
            $"{string.Join(", ", runs.Select(r => r.Delivered))} of {expected}; {runs.Sum(r => r.Duplicates)}",
        ];
    }

    /// <summary>The raw loop: what the webhooks would receive for the measured adds, POSTed with no store.</summary>
    private static async Task<FanOut> RawFanOutAsync(FanOutSetup setup)
    {
        // About the generations the engine's measured adds commit (a fresh service, then the warm-up adds), for equal sizes.
        var genBase = setup.Warm + 1;
        var posts = ServiceHooks.RawPosts(setup.Kinds, setup.Receiver.Url, genBase, setup.Edits);
        setup.Receiver.Reset(posts.Count, ServiceHooks.Slots(genBase, setup.Edits));
        var perSecond = await RawLoop.RunAsync(posts, setup.Concurrency, setup.Limit);
        var receiver = setup.Receiver;
        return new FanOut(perSecond, double.NaN, receiver.Delivered, receiver.Duplicates, receiver.BodyBytes / (double)receiver.Requests);
    }

    private static async Task<FanOut> MeasureFanOutAsync(FanOutSetup setup, string store, CancellationToken ct)
    {
        var (_, receiver, kinds, warm, edits, concurrency, limit, withProbe) = setup;
        var perHook = warm + edits;
        var probe = withProbe ? new StoreProbe() : null;
        await using var run = await ServiceRun.StartAsync(setup.Targets, store, concurrency, perHook, ct, probe);
        await run.AddHooksAsync(kinds, receiver.Url, ct);
        receiver.Reset(kinds.Count * perHook, run.Slots(perHook));
        await run.WarmUpAsync(receiver, kinds.Count, warm, ct);
        probe?.Reset();
        var (bytes, requests) = (receiver.BodyBytes, receiver.Requests);
        var started = Stopwatch.GetTimestamp();
        for (var i = warm; i < perHook && Stopwatch.GetElapsedTime(started) < limit; i++)
        {
            await run.AddAsync(i, ct);
        }

        var added = Stopwatch.GetTimestamp();
        await receiver.WaitForAsync(kinds.Count * perHook, limit, n => Console.WriteLine($"  {store}: {n}/{kinds.Count * perHook} delivered"));
        var delivered = receiver.Delivered - (kinds.Count * warm);
        var last = Enumerable.Range(0, kinds.Count).Max(k => EngineRun.LastArrival(receiver, (k * perHook) + warm, edits));
        if (probe is not null)
        {
            Console.WriteLine($"  {store} probe: {probe.Describe(delivered, EngineRun.Seconds(started, last))}");
        }

        return new FanOut(
            delivered / EngineRun.Seconds(started, last), edits / EngineRun.Seconds(started, added), delivered, receiver.Duplicates,
            (receiver.BodyBytes - bytes) / (double)(receiver.Requests - requests));
    }

    private sealed record FanOutSetup(
        StoreTargets Targets, Receiver Receiver, IReadOnlyList<string> Kinds, int Warm, int Edits, int Concurrency, TimeSpan Limit, bool WithProbe);

    private sealed record FanOut(double DeliveriesPerSecond, double AddsPerSecond, int Delivered, int Duplicates, double BytesPerDelivery);
}
