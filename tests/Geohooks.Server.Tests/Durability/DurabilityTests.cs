using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Delivery;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;
using Geohooks.Server.Tests.Hosting;
using Geohooks.Storage.Postgres;
using Geohooks.Storage.Sqlite;
using Geohooks.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Geohooks.Server.Tests.Durability;

/// <summary>The process-killing tests run alone: they measure a burst and must not share two cores with other suites.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurabilityCollection
{
    public const string Name = "Durability";
}

/// <summary>
/// "Nothing lost" and "scale-out", proven against real server processes killed with SIGKILL mid-burst.
/// The proof reads the server's own event log afterwards (in this process, through the store), so changes whose
/// HTTP call died with the server count too when they committed: every burst event in the log reached the receiver,
/// every acknowledged change is in the log, nothing arrived that is not in the log, each event made exactly one
/// delivery (one message id), and a message id arrives twice only when its delivery was in flight in the killed
/// process (its lease had to expire), at most as many as that process's <c>--delivery-concurrency</c>.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class DurabilityTests(ITestOutputHelper output)
{
    public const string Admin = "admin";
    private const string Password = "Admin-pass-1234";
    private const int Changes = 10_000;
    private const int KillAfter = 4_000;

    /// <summary>Each process's <c>--delivery-concurrency</c> and the webhook's maxConcurrency: the most a kill can leave in flight.</summary>
    private const int Concurrency = 16;

    /// <summary>Changes sent at once; also the most calls a kill can fail.</summary>
    private const int Workers = 16;

    /// <summary>
    /// Above the worker's margin (send timeout 10 s + 10 s), so a fresh claim is sent without first extending its lease
    /// (a write per delivery); short enough that a dead process's claims are taken over well inside the test.
    /// </summary>
    private const int LeaseSeconds = 25;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);
    /// <summary>How long the receiver holds each request until the kill, so that some are mid-request when it comes.</summary>
    private static readonly TimeSpan HeldBeforeKill = TimeSpan.FromMilliseconds(100);

    private static readonly string[] EngineArgs =
    [
        "--admin-user", Admin, "--admin-password", Password, "--hook-allow", "127.0.0.1",
        "--delivery-concurrency", Concurrency.ToString(CultureInfo.InvariantCulture),
        "--lease-seconds", LeaseSeconds.ToString(CultureInfo.InvariantCulture),
    ];

    [Fact]
    public async Task Sqlite_server_killed_mid_burst_loses_nothing_after_restart()
    {
        Assert.True(SocketOwners.Supported, "This test finds the server's process id in /proc (Linux only).");
        var clock = Stopwatch.StartNew();
        using var data = new TempDirectory("geohooks-durability");
        await using var receiver = await Recorder.StartAsync();
        using var burst = new Burst(Changes, "burst-");
        string[] args = ["--data", data.Path, .. EngineArgs];
        ServerProcess? first = null;
        ServerProcess? second = null;
        try
        {
            first = await StartAsync(args);
            var token = await TokenAsync(first.Port);
            var hookId = await CreateWebhookAsync(first.Port, token, receiver.Url);

            // Phase 1: the burst, killed once KillAfter changes are acknowledged and a delivery is mid-request.
            var target = new Target("first", first.Port, token);
            using var process = Process.GetProcessById(new SocketOwners().Track(first.Port));
            receiver.Delay = HeldBeforeKill;
            var run = burst.RunAsync([target], Workers);
            var kill = await KillMidBurstAsync(burst, run, receiver, target, process, _ => true, null);
            await run;
            await first.DisposeAsync();
            first = null;
            var killedAt = clock.Elapsed;

            // What the dead process held: read from the folder it left (its lock died with it).
            StoreView atKill;
            await using (var store = new SqliteStore(data.Path, NullLoggerFactory.Instance))
            {
                atKill = await StoreView.ReadAsync(store, hookId, withEvents: false);
            }

            // Phase 2: the same folder, the same arguments; the burst goes on to the end.
            second = await StartAsync(args);
            var restartedAt = clock.Elapsed;
            await burst.RunAsync([new Target("second", second.Port, token)], Workers);
            var burstDoneAt = clock.Elapsed;
            var port = second.Port;
            await WaitUntilAsync(
                async () => burst.Acked.Keys.All(receiver.HasTitle) && await OpenDeliveriesAsync(port, token, hookId) == 0,
                () => $"{receiver.Count} deliveries received; {burst.Acked.Keys.Count(t => !receiver.HasTitle(t))} acknowledged changes not yet");
            var drainedAt = clock.Elapsed;

            await second.DisposeAsync();
            second = null;
            StoreView final;
            await using (var store = new SqliteStore(data.Path, NullLoggerFactory.Instance))
            {
                final = await StoreView.ReadAsync(store, hookId, withEvents: true);
            }

            var report = Verify(final, atKill, burst, receiver, Concurrency);
            output.WriteLine(
                $"SQLite: killed at {killedAt.TotalSeconds:F1}s with {kill.Acked} changes acknowledged, {kill.ChangesInFlight} in flight, " +
                $"{kill.Delivered} delivered, {kill.Holding} deliveries mid-request; the store had {atKill.InFlight.Count} deliveries in flight, " +
                $"{atKill.Pending} pending; restarted at {restartedAt.TotalSeconds:F1}s; burst done at {burstDoneAt.TotalSeconds:F1}s; drained at {drainedAt.TotalSeconds:F1}s.");
            output.WriteLine(report.ToString());
            Assert.True(report.ExtraCopies >= 1, "the process died mid-request, so that delivery must arrive twice");
        }
        finally
        {
            if (first is not null)
            {
                output.WriteLine(first.Output);
                await first.DisposeAsync();
            }

            if (second is not null)
            {
                output.WriteLine(second.Output);
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Two_postgres_processes_share_the_work_and_the_survivor_takes_over_a_killed_ones_leases()
    {
        Assert.True(SocketOwners.Supported, "This test reads /proc to tell which process sent a delivery (Linux only).");
        var clock = Stopwatch.StartNew();
        var postgres = await PostgresServer.SharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var receiver = await Recorder.StartAsync();
        await using var store = new PostgresStore(connectionString, NullLoggerFactory.Instance);
        using var burst = new Burst(Changes, "burst-");
        using var sampling = new CancellationTokenSource();
        var owners = new SocketOwners();
        string[] args = ["--postgres", connectionString, .. EngineArgs];
        ServerProcess? a = null;
        ServerProcess? b = null;
        Task? sampler = null;
        try
        {
            // A first (it creates the organization), then B on the same database.
            a = await StartAsync(args);
            var token = await TokenAsync(a.Port);
            var hookId = await CreateWebhookAsync(a.Port, token, receiver.Url);
            b = await StartAsync(args);
            var (portA, portB) = (a.Port, b.Port);
            using var processA = Process.GetProcessById(owners.Track(portA));
            owners.Track(portB);
            sampler = owners.SampleUntilAsync(receiver.Port, TimeSpan.FromMilliseconds(100), sampling.Token);

            // Changes go to both; slow answers keep both processes' delivery slots busy until A is killed mid-request.
            var ta = new Target("A", portA, token);
            receiver.Delay = HeldBeforeKill;
            var run = burst.RunAsync([ta, new Target("B", portB, token)], Workers);
            var kill = await KillMidBurstAsync(burst, run, receiver, ta, processA, p => owners.Owner(p) == portA, () => owners.Sample(receiver.Port));
            await a.DisposeAsync();
            a = null;
            var killedAt = clock.Elapsed;
            var atKill = await StoreView.ReadAsync(store, hookId, withEvents: false);

            await run;
            var burstDoneAt = clock.Elapsed;
            await WaitUntilAsync(
                async () => burst.Acked.Keys.All(receiver.HasTitle) && (await StoreView.ReadAsync(store, hookId, withEvents: false)).Open == 0,
                () => $"{receiver.Count} deliveries received; {burst.Acked.Keys.Count(t => !receiver.HasTitle(t))} acknowledged changes not yet");
            var drainedAt = clock.Elapsed;
            await sampling.CancelAsync();
            await sampler;

            var final = await StoreView.ReadAsync(store, hookId, withEvents: true);
            var report = Verify(final, atKill, burst, receiver, Concurrency);

            // Shared: both processes delivered before the kill (told apart by the connection each request came on).
            var beforeKill = receiver.Arrivals.Where(x => x.Order <= kill.Delivered).ToArray();
            var byA = beforeKill.Count(x => owners.Owner(x.RemotePort) == portA);
            var byB = beforeKill.Count(x => owners.Owner(x.RemotePort) == portB);
            var afterKillByA = receiver.Arrivals.Count(x => x.Order > kill.Delivered && owners.Owner(x.RemotePort) == portA);

            // Duplicates: the first copy from A (killed before it could record the answer), the next after A's lease expired.
            var firstCopies = receiver.Arrivals.GroupBy(x => x.MessageId).Where(g => g.Count() > 1).Select(g => g.MinBy(x => x.Order)!).ToArray();
            var duplicatesFirstSentByA = firstCopies.Count(x => owners.Owner(x.RemotePort) == portA);

            // Takeover: deliveries in flight at the kill whose successful attempt started only after their lease expired.
            var takenOver = 0;
            await using (var session = await store.ReadAsync(CancellationToken.None))
            {
                foreach (var d in atKill.InFlight)
                {
                    var attempts = await session.Deliveries.ListAttemptsAsync(d.Id, CancellationToken.None);
                    if (attempts.Any(x => x.Succeeded && x.StartedAt >= d.LeaseExpiresAt))
                    {
                        takenOver++;
                    }
                }
            }

            output.WriteLine(
                $"PostgreSQL: A killed at {killedAt.TotalSeconds:F1}s with {kill.Acked} changes acknowledged, {kill.ChangesInFlight} in flight to A, " +
                $"{kill.Delivered} delivered, {kill.Holding} of A's deliveries mid-request; the store had {atKill.InFlight.Count} deliveries in flight (A's and B's), " +
                $"{atKill.Pending} pending; burst done at {burstDoneAt.TotalSeconds:F1}s; drained at {drainedAt.TotalSeconds:F1}s.");
            output.WriteLine(
                $"Before the kill A delivered {byA}, B delivered {byB} (unattributed {beforeKill.Length - byA - byB}); A's requests arriving after: {afterKillByA}; " +
                $"taken over after lease expiry: {takenOver}; duplicates first sent by A: {duplicatesFirstSentByA} of {firstCopies.Length}.");
            output.WriteLine(report.ToString());

            Assert.True(byA > 0 && byB > 0, $"both processes must deliver before the kill: A {byA}, B {byB}");
            Assert.True(afterKillByA <= Concurrency, $"A was dead; only its requests already on the wire may arrive late, got {afterKillByA}");
            Assert.True(report.ExtraCopies >= 1, "A died mid-request, so that delivery must arrive twice");
            Assert.Equal(firstCopies.Length, duplicatesFirstSentByA);
            Assert.True(takenOver >= 1 && takenOver <= Concurrency, $"B must take over A's expired leases (at most A's {Concurrency}); took over {takenOver}");
        }
        finally
        {
            await sampling.CancelAsync();
            if (sampler is not null)
            {
                await sampler;
            }

            if (a is not null)
            {
                output.WriteLine(a.Output);
                await a.DisposeAsync();
            }

            if (b is not null)
            {
                await b.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Waits (bounded) until <see cref="KillAfter"/> changes are acknowledged and the receiver is holding a request
    /// from the victim, then SIGKILLs it: changes and at least one delivery are in flight. New changes stop going to
    /// it and the receiver answers at once from then on.
    /// </summary>
    private static async Task<KillPoint> KillMidBurstAsync(
        Burst burst, Task run, Recorder receiver, Target target, Process process, Func<int, bool> fromVictim, Action? beforeKill)
    {
        using var cts = new CancellationTokenSource(DrainTimeout);
        while (true)
        {
            Assert.False(run.IsCompleted, "the burst ended before the kill");
            Assert.False(cts.IsCancellationRequested, $"no moment to kill within {DrainTimeout.TotalSeconds}s: {burst.AckedCount} acknowledged");
            if (burst.AckedCount >= KillAfter)
            {
                beforeKill?.Invoke();
                var holding = receiver.HoldingPorts.Count(fromVictim);
                if (holding > 0)
                {
                    var point = new KillPoint(burst.AckedCount, target.InFlight, receiver.Count, holding);
                    process.Kill(); // SIGKILL
                    target.MarkDead();
                    receiver.Delay = TimeSpan.Zero;
                    return point;
                }
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }

    private sealed record KillPoint(int Acked, int ChangesInFlight, long Delivered, int Holding);

    /// <summary>The checks both tests share; returns the counts for the test output.</summary>
    private static Report Verify(StoreView final, StoreView atKill, Burst burst, Recorder receiver, int maxDuplicates)
    {
        // Every burst change in the server's event log, by item id.
        var logged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in final.Events.Where(e => e.Source == EventSources.Item && e.Operation == "add"))
        {
            var title = JsonDocument.Parse(e.Properties).RootElement.GetProperty("title").GetString() ?? "";
            if (title.StartsWith(burst.Prefix, StringComparison.Ordinal))
            {
                Assert.True(logged.TryAdd(e.TargetId, title), $"item {e.TargetId} has two add events");
            }
        }

        // Committed with the change: every acknowledged change is in the log; nothing else but calls that failed.
        Assert.True(burst.Failed.Count <= Workers, $"only calls in flight at the kill may fail, {burst.Failed.Count} did: {string.Join(", ", burst.Failed.Take(20))}");
        Assert.Equal(burst.Total, burst.Acked.Count + burst.Failed.Count);
        var missingFromLog = burst.Acked.Where(x => !logged.ContainsKey(x.Value)).Select(x => x.Key).ToArray();
        Assert.True(missingFromLog.Length == 0, $"acknowledged changes missing from the event log: {string.Join(", ", missingFromLog.Take(20))}");
        var failed = burst.Failed.ToHashSet(StringComparer.Ordinal);
        Assert.All(logged.Values, title => Assert.True(burst.Acked.ContainsKey(title) || failed.Contains(title), $"{title} was never sent"));

        // Nothing lost, nothing invented: the receiver got exactly the logged burst events.
        var arrivals = receiver.Arrivals.Where(x => x.Operation == "add" && x.Title.StartsWith(burst.Prefix, StringComparison.Ordinal)).ToArray();
        var received = arrivals.Select(x => x.ItemId).ToHashSet(StringComparer.Ordinal);
        var lost = logged.Keys.Where(id => !received.Contains(id)).ToArray();
        Assert.True(lost.Length == 0, $"{lost.Length} logged events never reached the receiver, e.g. {string.Join(", ", lost.Take(10).Select(id => logged[id]))}");
        var invented = received.Where(id => !logged.ContainsKey(id)).ToArray();
        Assert.True(invented.Length == 0, $"{invented.Length} deliveries carry events not in the log: {string.Join(", ", invented.Take(10))}");

        // One delivery (one message id) per event; a message id repeats only for deliveries in flight at the kill.
        var twoDeliveries = arrivals.GroupBy(x => x.ItemId).Where(g => g.Select(x => x.MessageId).Distinct().Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(twoDeliveries.Length == 0, $"events matched twice (two message ids): {string.Join(", ", twoDeliveries.Take(10))}");
        var repeats = arrivals.GroupBy(x => x.MessageId).Where(g => g.Count() > 1).ToArray();
        var extraCopies = repeats.Sum(g => g.Count() - 1);
        var heldAtKill = atKill.InFlight.Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
        var unexplained = repeats.Where(g => !heldAtKill.Contains(g.Key)).Select(g => g.Key).ToArray();
        Assert.True(unexplained.Length == 0, $"duplicates of deliveries that were not in flight at the kill: {string.Join(", ", unexplained.Take(10))}");
        Assert.True(extraCopies <= maxDuplicates, $"{extraCopies} duplicate copies; at most {maxDuplicates} deliveries were in flight in the killed process");

        // Every delivery finished successfully: none pending, in flight or failed.
        Assert.Equal(0, final.Open);
        Assert.Equal(0, final.Failed);
        return new Report(burst.Acked.Count, burst.Failed.Count, logged.Count, received.Count, arrivals.Length, repeats.Length, extraCopies, final.Succeeded);
    }

    private sealed record Report(int Acknowledged, int FailedCalls, int Logged, int DistinctReceived, int Received, int DuplicatedIds, int ExtraCopies, long Succeeded)
    {
        public override string ToString() =>
            $"acknowledged {Acknowledged}, failed calls {FailedCalls}, events logged {Logged}, events received {DistinctReceived}, " +
            $"requests received {Received}, duplicated message ids {DuplicatedIds} ({ExtraCopies} extra copies), deliveries succeeded {Succeeded}";
    }

    /// <summary>What the store says: the event log (optionally), the deliveries in flight, and counts by status.</summary>
    private sealed record StoreView(IReadOnlyList<PortalEvent> Events, IReadOnlyList<Delivery> InFlight, long Pending, long Failed, long Succeeded)
    {
        public long Open => Pending + InFlight.Count;

        public static async Task<StoreView> ReadAsync(IStore store, string hookId, bool withEvents)
        {
            var ct = CancellationToken.None;
            await using var session = await store.ReadAsync(ct);
            var events = new List<PortalEvent>();
            for (var batch = withEvents ? await session.Events.ReadAfterAsync(0, 2000, ct) : []; batch.Count > 0; batch = await session.Events.ReadAfterAsync(batch[^1].Sequence, 2000, ct))
            {
                events.AddRange(batch);
            }

            var inFlight = await session.Deliveries.ListAsync(new DeliveryFilter(hookId, DeliveryStatus.InFlight), 1, 10_000, ct);
            return new StoreView(
                events,
                inFlight.Results,
                await session.Deliveries.CountAsync(hookId, DeliveryStatus.Pending, ct),
                await session.Deliveries.CountAsync(hookId, DeliveryStatus.Failed, ct),
                await session.Deliveries.CountAsync(hookId, DeliveryStatus.Succeeded, ct));
        }
    }

    private async Task<ServerProcess> StartAsync(string[] args)
    {
        var server = ServerProcess.Start(args);
        if (!await server.WaitForAsync("Now listening", StartTimeout))
        {
            var text = server.Output;
            await server.DisposeAsync();
            output.WriteLine(text);
            Assert.Fail($"server did not start:\n{text}");
        }

        return server;
    }

    /// <summary>Polls (bounded, real time) until <paramref name="done"/>; the condition decides, the clock only bounds.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> done, Func<string> describe)
    {
        using var cts = new CancellationTokenSource(DrainTimeout);
        while (!await done())
        {
            Assert.False(cts.IsCancellationRequested, $"not drained within {DrainTimeout.TotalSeconds}s: {describe()}");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<JsonElement> CallAsync(int port, string path, string? token, params (string Name, string Value)[] fields)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var all = fields.Append(("f", "json")).Concat(token is null ? [] : [("token", token)]).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2));
        using var form = new FormUrlEncodedContent(all);
        using var response = await http.PostAsync($"http://127.0.0.1:{port}/arcgis/sharing/rest/{path}", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode} from {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> TokenAsync(int port)
    {
        var answer = await CallAsync(port, "generateToken", null, ("username", Admin), ("password", Password), ("expiration", "60"));
        return answer.TryGetProperty("token", out var token) ? token.GetString()! : throw new InvalidOperationException($"no token: {answer}");
    }

    private static async Task<string> CreateWebhookAsync(int port, string token, string url)
    {
        var config = $$"""{"maxConcurrency":{{Concurrency}}}""";
        var answer = await CallAsync(
            port, "portals/self/webhooks/createWebhook", token,
            ("name", "durability"), ("url", url), ("secret", "s3cr3t"), ("changes", "allChanges"), ("config", config));
        Assert.True(answer.TryGetProperty("webhookId", out var id), answer.ToString());
        return id.GetString()!;
    }

    /// <summary>Deliveries not finished yet (pending or in flight), from the delivery log API.</summary>
    private static async Task<long> OpenDeliveriesAsync(int port, string token, string hookId)
    {
        long open = 0;
        foreach (var status in (string[])["pending", "inFlight"])
        {
            var page = await CallAsync(port, $"portals/self/webhooks/{hookId}/deliveries", token, ("status", status), ("num", "1"));
            open += page.GetProperty("total").GetInt64();
        }

        return open;
    }
}
