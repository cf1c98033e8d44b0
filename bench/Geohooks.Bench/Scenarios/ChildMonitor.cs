using System.Diagnostics;
using System.Globalization;

namespace Geohooks.Bench.Scenarios;

/// <summary>Echoes the engine child's progress lines and samples its resident set every 200 ms.</summary>
public sealed class ChildMonitor
{
    private readonly Process _child;
    private readonly string _name;
    private readonly TaskCompletionSource<Built> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private readonly Task _sampler;
    private double _commitSeconds = double.NaN;
    private long _committed;

    public ChildMonitor(Process child, string name)
    {
        _child = child;
        _name = name;
        _reader = Task.Run(ReadAsync);
        _sampler = Task.Run(SampleAsync);
    }

    /// <summary>Peak resident set so far (VmHWM), bytes.</summary>
    public long Peak { get; private set; }

    /// <summary>Resident set when the host had started, before any event (the idle server).</summary>
    public long ReadyRss { get; private set; }

    public Task<Built> WaitForBuiltAsync(CancellationToken ct) => _built.Task.WaitAsync(ct);

    public async Task WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _child.Kill(entireProcessTree: true);
        }

        await Task.WhenAll(_reader, _sampler);
    }

    private async Task ReadAsync()
    {
        while (await _child.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine($"  [{_name} engine] {line}  (RSS {ProcessMemory.Mb(ProcessMemory.Read(_child.Id)?.Rss ?? 0)})");
            var parts = line.Split(' ');
            if (parts[0] == "READY")
            {
                ReadyRss = ProcessMemory.Read(_child.Id)?.Rss ?? 0;
            }
            else if (parts[0] == "COMMITTED")
            {
                _committed = long.Parse(parts[1], CultureInfo.InvariantCulture);
                _commitSeconds = double.Parse(parts[2], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "BUILT")
            {
                Sample();
                _built.TrySetResult(new Built(_committed, _commitSeconds, long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }

        _built.TrySetException(new InvalidOperationException($"The {_name} engine process exited before the backlog was built."));
    }

    private async Task SampleAsync()
    {
        while (!_child.HasExited)
        {
            Sample();
            await Task.Delay(200);
        }
    }

    private void Sample()
    {
        if (ProcessMemory.Read(_child.Id) is { } memory)
        {
            Peak = Math.Max(Peak, memory.Peak);
        }
    }

    public sealed record Built(long Committed, double CommitSeconds, long Pending, double BuildSeconds);
}
