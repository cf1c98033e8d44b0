using System.Runtime.InteropServices;

namespace Geohooks.Bench;

/// <summary>The facts a reader needs to compare numbers across machines.</summary>
public static class MachineFacts
{
    public static string Describe()
    {
        var memory = ProcessMemory.MachineTotalBytes() is { } total ? $"{total / (1024.0 * 1024 * 1024):0.0} GiB" : "unknown";
        return $"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {memory} RAM, {RuntimeInformation.OSDescription}, " +
               $".NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, loopback only.";
    }

    /// <summary>The engine measured: the commit of the work tree, and whether src/ had uncommitted changes.</summary>
    public static string EngineVersion()
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in (string[])["log", "-1", "--format=%h %s"])
            {
                info.ArgumentList.Add(argument);
            }

            using var git = System.Diagnostics.Process.Start(info);
            var head = git?.StandardOutput.ReadToEnd().Trim();
            git?.WaitForExit();
            return string.IsNullOrEmpty(head) ? "unknown" : head;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }

    /// <summary>The 1/5/15-minute load averages: other work on the machine skews every number, the raw baseline included.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
