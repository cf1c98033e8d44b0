using Geohooks.Bench;
using Geohooks.Bench.Scenarios;

// The end-to-end load driver. Scenarios: throughput, latency, backlog, features, services, all (throughput + latency).
// backlog-engine is the backlog scenario's child process, not for direct use.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    // A usage mistake: say what was wrong, without a stack trace (options: bench/README.md).
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Scenarios and options: bench/README.md");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (options.Scenario == "backlog-engine")
{
    await BacklogEngine.RunAsync(options, stop.Token);
    return 0;
}

var report = new Report(options);
Console.WriteLine(MachineFacts.Describe());
await using (var targets = new StoreTargets())
{
    switch (options.Scenario)
    {
        case "throughput":
            await ThroughputScenario.RunAsync(options, targets, report, stop.Token);
            break;
        case "latency":
            await LatencyScenario.RunAsync(options, targets, report, stop.Token);
            break;
        case "features":
            await FeaturesScenario.RunAsync(options, targets, report, stop.Token);
            break;
        case "services":
            await ServicesScenario.RunAsync(options, targets, report, stop.Token);
            break;
        case "backlog":
            await BacklogScenario.RunAsync(options, targets, report, stop.Token);
            break;
        case "all":
            await ThroughputScenario.RunAsync(options, targets, report, stop.Token);
            await LatencyScenario.RunAsync(options, targets, report, stop.Token);
            break;
        default:
            Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'. Use throughput, latency, backlog, features, services or all.");
            return 2;
    }
}

Console.WriteLine($"Results written to {await report.SaveAsync()}");
return 0;
