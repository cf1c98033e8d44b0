using System.Diagnostics;
using System.Text;

namespace Geohooks.Server.Tests.Clients;

/// <summary>Runs npm and node for the client-compatibility tests in tests/clients, with a bounded time.</summary>
public static class NodeRunner
{
    // One install per folder at a time: test classes on both stores need the same packages at once, and two
    // concurrent `npm ci` runs in one folder delete each other's files.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Installs = new(StringComparer.Ordinal);

    public static string ClientsFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "clients", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/clients/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Installs the folder's locked packages unless the lock file's packages are already there.</summary>
    public static async Task EnsurePackagesAsync(string folder)
    {
        var gate = Installs.GetOrAdd(Path.GetFullPath(folder), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            var marker = Path.Combine(folder, "node_modules", ".package-lock.json");
            if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(Path.Combine(folder, "package-lock.json")))
            {
                return;
            }

            var (code, output) = await RunAsync(folder, "npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"npm ci failed in {folder}:\n{output}");
        }
        finally
        {
            gate.Release();
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string folder, string command, IEnumerable<string> args, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            output.AppendLine($"[killed after {timeout}]");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
