using System.Runtime.InteropServices;

namespace Geohooks.Bench.Probes;

/// <summary>
/// CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)), so the probe can tell a write
/// session's CPU from the time its thread spent waiting for a core. 0 where unavailable.
/// </summary>
internal static class ThreadCpu
{
    private const int ThreadCpuClock = 3;

    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        return ClockGetTime(ThreadCpuClock, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
