using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Features;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// Hosted feature services, end to end through HTTP, each against a storage-only baseline measured in the same run:
/// applyEdits of 1,000-point batches with change tracking on (baseline: the same rows inserted straight through the
/// storage contract, no HTTP, validation, change log or events), then as many batches of updates of those points; a bounding-box query returning about 1,000 of
/// 1,000,000 features (baseline: the same envelope read through the storage contract); extractChanges over 10,000
/// changes (baseline: reading the same change-log rows).
/// </summary>
public static class FeaturesScenario
{
    private const int BatchSize = 1000;

    public static async Task RunAsync(BenchOptions options, StoreTargets targets, Report report, CancellationToken ct)
    {
        var batches = options.Int("batches", 20);
        var layerSize = options.Int("features", 1_000_000);
        var queries = options.Int("queries", 200);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var kind in options.Stores)
        {
            await using var host = await EngineHost.StartAsync(await targets.CreateAsync(kind), 4, ct);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var client = await FeatureClient.CreateAsync(http, host.BaseUrl, ct);
            var service = "bench_" + kind;
            await client.CreateServiceAsync(service, ct);
            var layer = await LayerAsync(host, service, ct);

            // applyEdits: API vs storage-only, alternating so noise hits both alike.
            var api = new List<double>();
            var raw = new List<double>();
            var random = new Random(42);
            var gen0 = layer.ServerGen;
            for (var b = 0; b < batches; b++)
            {
                api.Add(BatchSize / await client.TimeAsync(client.AddsBody(random, BatchSize), service, ct));
                var features = Enumerable.Range(0, BatchSize).Select(_ => Feature(random)).ToList();
                raw.Add(BatchSize / await TimeStorageInsertAsync(host, service, features, ct));
            }

            layer = await LayerAsync(host, service, ct);
            var extract = await client.TimeExtractAsync(service, gen0, gen0 + 10, 5, ct);
            var extractRaw = await TimeReadChangesAsync(host, service, gen0, gen0 + 10, 5, ct);

            // applyEdits of updates (each keeps the row before it in the change log), over the points added above.
            var updates = new List<double>();
            for (var b = 0; b < batches; b++)
            {
                var ids = Enumerable.Range(0, BatchSize).Select(_ => (long)random.Next(1, (batches * BatchSize) + 1)).Distinct().ToList();
                updates.Add(ids.Count / await client.TimeUpdatesAsync(FeatureClient.UpdatesBody(random, ids), service, ct));
            }

            // Fill to the layer size through storage (fast path), then time bounding-box queries.
            var count = await CountAsync(host, service, ct);
            while (count < layerSize)
            {
                var n = (int)Math.Min(50_000, layerSize - count);
                await TimeStorageInsertAsync(host, service, [.. Enumerable.Range(0, n).Select(_ => Feature(random))], ct);
                count += n;
            }

            var (p50, p99, returned) = await client.TimeQueriesAsync(service, queries, layerSize, ct);
            var (rawP50, rawP99) = await TimeStorageQueriesAsync(host, service, queries, layerSize, ct);
            rows.Add([kind, Report.F(Stats.Median(api)), Report.F(Stats.Median(raw)), Report.F(Stats.Median(api) / Stats.Median(raw), "0.00"), Report.F(Stats.Median(updates)),
                Report.F(p50, "0.0"), Report.F(p99, "0.0"), Report.F(returned), Report.F(rawP50, "0.0"), Report.F(rawP99, "0.0"),
                Report.F(extract, "0"), Report.F(extractRaw, "0")]);
        }

        report.Table(
            $"Feature services: applyEdits ({batches} × {BatchSize} points, change tracking on; then {batches} × up to {BatchSize} updates), bbox query on {layerSize:N0} features ({queries} queries), extractChanges over 10,000 changes",
            ["store", "applyEdits features/s", "storage-only features/s", "ratio", "applyEdits updates/s", "query p50 ms", "query p99 ms", "features/query", "storage query p50 ms", "storage query p99 ms", "extractChanges ms", "change-log read ms"],
            rows);
    }

    /// <summary>A random point in a 100 × 100 km square around (-118, 34), in 4326.</summary>
    internal static (double X, double Y) Point(Random random) => (-118.5 + random.NextDouble(), 33.5 + random.NextDouble());

    private static FeatureRow Feature(Random random)
    {
        var (x, y) = Point(random);
        var shape = Core.Features.Editing.FeatureShapes.Store(new NetTopologySuite.Geometries.Point(x, y));
        return new FeatureRow
        {
            ObjectId = 0,
            GlobalId = GlobalIds.New(),
            Attributes = new Dictionary<string, object?> { ["name"] = "p" + random.Next(), ["value"] = random.NextDouble() * 100 },
            Shape = shape,
        };
    }

    private static async Task<FeatureLayer> LayerAsync(EngineHost host, string service, CancellationToken ct)
    {
        await using var session = await host.Store.ReadAsync(ct);
        var found = await session.Features.FindByNameAsync(host.OrgId, service, ct) ?? throw new InvalidOperationException("No service.");
        return found.Layers[0];
    }

    private static async Task<long> CountAsync(EngineHost host, string service, CancellationToken ct)
    {
        await using var session = await host.Store.ReadAsync(ct);
        return await session.Features.CountAsync(await LayerAsync(host, service, ct), FeatureFilter.All, ct);
    }

    private static async Task<double> TimeStorageInsertAsync(EngineHost host, string service, List<FeatureRow> features, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var session = await host.Store.WriteAsync(ct);
        var layer = (await session.Features.FindForUpdateAsync((await session.Features.FindByNameAsync(host.OrgId, service, ct))!.ItemId, ct))!.Layers[0];
        var first = await session.Features.AllocateObjectIdsAsync(layer, features.Count, ct);
        await session.Features.InsertFeaturesAsync(layer, [.. features.Select((f, i) => f with { ObjectId = first + i })], ct);
        await session.CommitAsync(ct);
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeReadChangesAsync(EngineHost host, string service, long from, long to, int runs, CancellationToken ct)
    {
        var times = new List<double>();
        var layer = await LayerAsync(host, service, ct);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var session = await host.Store.ReadAsync(ct);
            var changes = await session.Features.ReadChangesAsync(layer, from, to, ct);
            await session.Features.GetFeaturesAsync(layer, [.. changes.Select(c => c.ObjectId)], ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Stats.Median(times);
    }

    private static async Task<(double P50, double P99)> TimeStorageQueriesAsync(EngineHost host, string service, int queries, int layerSize, CancellationToken ct)
    {
        var layer = await LayerAsync(host, service, ct);
        var random = new Random(7);
        var times = new List<double>();
        for (var i = 0; i < queries; i++)
        {
            var box = FeatureClient.Box(random, layerSize);
            var watch = Stopwatch.StartNew();
            await using var session = await host.Store.ReadAsync(ct);
            await session.Features.SelectAsync(
                layer,
                new FeatureSelect { Filter = new FeatureFilter { Envelope = new Extent(box.XMin, box.YMin, box.XMax, box.YMax) }, Fields = ["name", "value"], Shape = true, Limit = 2001 },
                ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var sorted = times.Order().ToArray();
        return (Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99));
    }
}
