using System.Diagnostics;
using System.Globalization;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// 1,000,000 deliveries pending to a receiver that is down, then the drain once it is back. The engine runs in a child
/// process (<see cref="BacklogEngine"/>) so its peak resident set (VmHWM) is the server's alone; this process holds
/// the receiver and samples the child's memory. "Down" is a receiver that accepts connections and never answers
/// (a hung upstream): with the ArcGIS retry limits (at most 5 attempts, at most 100 s apart) a refused connection or
/// a 503 would exhaust and fail every delivery within ~7 minutes, so they could not stay pending for a build-up this long.
/// </summary>
public static class BacklogScenario
{
    public static async Task RunAsync(BenchOptions options, StoreTargets targets, Report report, CancellationToken ct)
    {
        var events = options.Int("events", 1_000_000);
        var drainLimit = TimeSpan.FromMinutes(options.Int("drain-minutes", 10));
        await using var receiver = await Receiver.StartAsync();
        var rows = new List<string[]>();
        foreach (var store in options.Stores)
        {
            receiver.Reset(events);
            receiver.GoDown();
            var storeArgs = await targets.CreateAsync(store);
            using var child = Start(options, receiver, storeArgs);
            var monitor = new ChildMonitor(child, store);
            var built = await monitor.WaitForBuiltAsync(ct);
            var peakBuild = monitor.Peak;

            var drainStart = Stopwatch.GetTimestamp();
            receiver.ComeBack();
            var target = (int)Math.Min(built.Pending, events);
            var complete = await receiver.WaitForAsync(target, drainLimit, n => Console.WriteLine($"  {store}: drained {n}/{target}"));
            var arrivals = Enumerable.Range(0, events).Select(receiver.ArrivalOf).Where(a => a != 0).Order().ToArray();
            string At(double fraction) => arrivals.Length < (int)(target * fraction) || target == 0
                ? "-"
                : Report.F(EngineRun.Seconds(drainStart, arrivals[Math.Max(0, (int)(target * fraction) - 1)]), "0.0");

            await child.StandardInput.WriteLineAsync("exit");
            await monitor.WaitForExitAsync(TimeSpan.FromSeconds(60));
            rows.Add(
            [
                store, $"{built.Committed}", Report.F(built.Committed / built.CommitSeconds), $"{built.Pending}", Report.F(built.BuildSeconds, "0"),
                ProcessMemory.Mb(monitor.ReadyRss), ProcessMemory.Mb(peakBuild), ProcessMemory.Mb(monitor.Peak),
                At(0.99), complete ? At(1.0) : $"incomplete ({receiver.Delivered})",
                target == 0 ? "-" : Report.F(receiver.Delivered / EngineRun.Seconds(drainStart, arrivals.Length == 0 ? drainStart : arrivals[^1])),
            ]);
            Console.WriteLine(string.Join(" | ", rows[^1]));
        }

        report.Table(
            $"Backlog: {events} events to a receiver that does not answer, then the drain; engine in a child process, concurrency {options.Concurrency}",
            ["store", "events", "commit events/s", "pending at build end", "build s", "RSS idle", "peak RSS build", "peak RSS overall", "drain 99% s", "drain 100% s", "drain deliveries/s"],
            rows);
    }

    private static Process Start(BenchOptions options, Receiver receiver, string[] storeArgs)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BacklogScenario).Assembly.Location);
        }

        foreach (var arg in (string[])[
            "backlog-engine", "--receiver", receiver.Url.ToString(), "--events", options.Int("events", 1_000_000).ToString(CultureInfo.InvariantCulture),
            "--batch", options.Int("batch", 1000).ToString(CultureInfo.InvariantCulture), "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture),
            "--build-minutes", options.Int("build-minutes", 15).ToString(CultureInfo.InvariantCulture), .. storeArgs])
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The engine process did not start.");
    }
}
