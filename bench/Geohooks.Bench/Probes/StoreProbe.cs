using System.Diagnostics;
using System.Globalization;

namespace Geohooks.Bench.Probes;

/// <summary>
/// Counters from <see cref="ProbedStore"/>: how many sessions the engine opens, how long write sessions hold the
/// store, and how large its claims are. Shared by every session of one host.
/// </summary>
public sealed class StoreProbe
{
    private long _readSessions;
    private long _writeSessions;
    private long _writeHeldTicks;
    private long _writeWaitTicks;
    private long _claims;
    private long _claimed;
    private long _emptyClaims;
    private long _completions;

    public void Reset()
    {
        _readSessions = _writeSessions = _writeHeldTicks = _writeWaitTicks = _claims = _claimed = _emptyClaims = _completions = 0;
        Array.Clear(_heldByKind);
        Array.Clear(_countByKind);
        Array.Clear(_cpuByKind);
        Array.Clear(_heldWithCpuByKind);
    }

    public void ReadOpened() => Interlocked.Increment(ref _readSessions);

    public void WriteOpened(long waitTicks)
    {
        Interlocked.Increment(ref _writeSessions);
        Interlocked.Add(ref _writeWaitTicks, waitTicks);
    }

    /// <summary>Write-session hold time and count by what the session did: events, dispatch, claim, complete, cycle, other.</summary>
    private readonly long[] _heldByKind = new long[Kinds.Length];
    private readonly long[] _countByKind = new long[Kinds.Length];
    private readonly long[] _cpuByKind = new long[Kinds.Length];
    private readonly long[] _heldWithCpuByKind = new long[Kinds.Length];

    public static readonly string[] Kinds = ["append events", "dispatch", "claim", "complete", "cycle (complete + claim)", "other"];

    /// <param name="cpuNanoseconds">The session thread's CPU time while open, or -1 when unknown (the session changed threads).</param>
    public void WriteClosed(long heldTicks, int kind, long cpuNanoseconds)
    {
        Interlocked.Add(ref _writeHeldTicks, heldTicks);
        Interlocked.Add(ref _heldByKind[kind], heldTicks);
        Interlocked.Increment(ref _countByKind[kind]);
        if (cpuNanoseconds >= 0)
        {
            Interlocked.Add(ref _cpuByKind[kind], cpuNanoseconds);
            Interlocked.Add(ref _heldWithCpuByKind[kind], heldTicks);
        }
    }

    public void Claimed(int rows)
    {
        Interlocked.Increment(ref _claims);
        Interlocked.Add(ref _claimed, rows);
        if (rows == 0)
        {
            Interlocked.Increment(ref _emptyClaims);
        }
    }

    public void Completed() => Interlocked.Increment(ref _completions);

    /// <summary>One line per measurement, normalized per delivered event.</summary>
    public string Describe(int delivered, double seconds)
    {
        var per = Math.Max(1, delivered);
        // The share of a kind's held time that its thread was on a CPU; the rest it waited for a core (or for I/O).
        string Cpu(int i) => _heldWithCpuByKind[i] == 0 ? "" : string.Create(
            CultureInfo.InvariantCulture, $" (on CPU {_cpuByKind[i] / 1e6 / Ms(_heldWithCpuByKind[i]):P0})");
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var kinds = string.Join(", ", Kinds.Select((k, i) => string.Create(
            CultureInfo.InvariantCulture,
            $"{k} {_countByKind[i]}× {Ms(_heldByKind[i]) / Math.Max(1, _countByKind[i]):0.00} ms = {Ms(_heldByKind[i]) / 1000 / seconds:P0}{Cpu(i)}")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"per delivery: {(double)_writeSessions / per:0.00} write + {(double)_readSessions / per:0.00} read sessions; " +
            $"claims {_claims} (avg {(double)_claimed / Math.Max(1, _claims - _emptyClaims):0.0} rows, {_emptyClaims} empty); completions {_completions}; " +
            $"write sessions held the store {Ms(_writeHeldTicks) / 1000 / seconds:P0} of wall time, avg {Ms(_writeHeldTicks) / Math.Max(1, _writeSessions):0.00} ms, " +
            $"avg wait to open {Ms(_writeWaitTicks) / Math.Max(1, _writeSessions):0.00} ms; held by kind: {kinds}");
    }
}
