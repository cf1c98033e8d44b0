using System.Globalization;
using System.Text;

namespace Geohooks.Bench;

/// <summary>Collects result tables; prints each to stdout as it is finished and writes them all as markdown at the end.</summary>
public sealed class Report(BenchOptions options)
{
    private readonly StringBuilder _markdown = new();
    private readonly string _startLoad = MachineFacts.Load();

    public static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public void Line(string text)
    {
        Console.WriteLine(text);
        _markdown.AppendLine(text);
    }

    public void Table(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        }

        _markdown.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### {title}").AppendLine();
        _markdown.AppendLine("| " + string.Join(" | ", header) + " |");
        _markdown.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in all)
        {
            _markdown.AppendLine("| " + string.Join(" | ", row) + " |");
        }
    }

    /// <summary>Writes <c>&lt;out&gt;/&lt;date&gt;-&lt;scenario&gt;.md</c> with the machine facts and the command; returns its path.</summary>
    public async Task<string> SaveAsync()
    {
        var now = TimeProvider.System.GetLocalNow();
        Directory.CreateDirectory(options.ResultsFolder);
        var path = Path.Combine(options.ResultsFolder, $"{now:yyyy-MM-dd}-{options.Scenario}.md");
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"## Geohooks end-to-end benchmark: {options.Scenario} ({now:yyyy-MM-dd HH:mm})")
            .AppendLine()
            .AppendLine(MachineFacts.Describe())
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Engine: commit {MachineFacts.EngineVersion()} (plus any uncommitted changes in the work tree at run time).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) at start: {_startLoad}; at end: {MachineFacts.Load()}.")
            .AppendLine()
            .AppendLine("```")
            .AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project bench/Geohooks.Bench -- {options.CommandLine}")
            .AppendLine("```")
            .Append(_markdown);
        await File.WriteAllTextAsync(path, text.ToString());
        return path;
    }
}
