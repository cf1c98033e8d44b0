using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Geohooks.Server.Tests.Clients;

/// <summary>A Node receiver script of tests/clients (<c>node &lt;script&gt;</c>) as a child process; its stdout lines are collected as they come.</summary>
public sealed class NodeReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private NodeReceiver(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
    }

    public string BaseUrl { get; private set; } = "";

    public static async Task<NodeReceiver> StartAsync(string folder, string script, string standardSecret, string esriKey)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        start.Environment["PORT"] = "0";
        start.Environment["SW_SECRET"] = standardSecret;
        start.Environment["ESRI_KEY"] = esriKey;

        var receiver = new NodeReceiver(Process.Start(start) ?? throw new InvalidOperationException("Could not start node."));
        receiver._process.BeginOutputReadLine();
        receiver._process.BeginErrorReadLine();
        try
        {
            var listening = await receiver.WaitForLineAsync(line => line.StartsWith("LISTENING ", StringComparison.Ordinal));
            receiver.BaseUrl = "http://127.0.0.1:" + listening["LISTENING ".Length..].Trim();
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (bounded) until the JSON lines logged so far satisfy <paramref name="done"/>; returns them.</summary>
    public async Task<JsonElement[]> WaitForAsync(Func<JsonElement[], bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = _stdout.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
            if (done(lines))
            {
                return lines;
            }

            Assert.True(deadline.Elapsed < Bound, $"the receiver's log never reached the expected state.\n{Output()}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code (bounded wait).</summary>
    public async Task<int> StopAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            var pid = _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (code, output) = await NodeRunner.RunAsync(Path.GetTempPath(), "kill", ["-TERM", pid], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
            Assert.True(code == 0, $"kill -TERM {pid} failed: {output}");
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_stdout.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            Assert.True(!_process.HasExited && deadline.Elapsed < Bound, $"{_process.StartInfo.ArgumentList[0]} did not start listening.\n{Output()}");
            await Task.Delay(25, CancellationToken.None);
        }
    }

    private string Output() => $"stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}";
}
