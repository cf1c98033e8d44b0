using System.Globalization;

namespace Geohooks.Bench;

/// <summary>The command line: a scenario name, then <c>--name value</c> pairs. Every loop's bounds come from here.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(string scenario, Dictionary<string, string> values)
    {
        Scenario = scenario;
        _values = values;
    }

    public string Scenario { get; }

    /// <summary>sqlite, postgres, or both (comma-separated), in that order.</summary>
    public IReadOnlyList<string> Stores => Text("stores", "sqlite,postgres").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The engine's <c>--delivery-concurrency</c>; the raw loop runs at the same concurrency.</summary>
    public int Concurrency => Int("concurrency", 64);

    public int Runs => Int("runs", 3);

    public string ResultsFolder => Text("out", Path.Combine("bench", "results"));

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("Usage: Geohooks.Bench <throughput|latency|backlog|features|services|all> [--name value ...]");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"'{args[i]}': expected --name value.");
            }

            values[args[i][2..]] = args[++i];
        }

        return new BenchOptions(args[0], values);
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    /// <summary>The arguments as given, for the results file.</summary>
    public string CommandLine => string.Join(' ', new[] { Scenario }.Concat(_values.Select(kv => $"--{kv.Key} {kv.Value}")));
}
