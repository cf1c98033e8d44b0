using System.Runtime.InteropServices;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// Stops glibc from handing freed native memory back to the kernel after every SQLite statement.
/// </summary>
/// <remarks>
/// Inside a transaction every INSERT or UPDATE that may abort keeps a statement journal, which SQLite holds in malloc'd
/// chunks and frees when the statement ends. glibc then trims the top of the heap (brk/madvise) as soon as more than
/// 128 KiB is free there, and the next statement grows it again. On a virtual machine each trim is a TLB shootdown
/// across CPUs: measured on the 2-core benchmark VM, a one-row INSERT took ~100 µs with trimming and ~11 µs without.
/// Keeping up to 64 MiB of freed memory per arena ends the churn; large allocations still use mmap above 32 MiB.
/// Linux/glibc only; elsewhere (or on a libc without <c>mallopt</c>) this does nothing.
/// </remarks>
internal static class NativeHeap
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    private static int applied;

    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref applied, 1) == 1)
        {
            return;
        }

        try
        {
            _ = MallOpt(TrimThreshold, 64 << 20);
            _ = MallOpt(MmapThreshold, 32 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator has its own policy.
        }
    }

    // DllImport rather than LibraryImport: int in, int out needs no marshalling and no unsafe code.
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);
}
