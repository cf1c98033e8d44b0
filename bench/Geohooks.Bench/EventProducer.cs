using System.Diagnostics;
using Geohooks.Core.Storage;

namespace Geohooks.Bench;

/// <summary>
/// Commits bench events through the store exactly as the portal does (append + signal in one write session), a batch
/// per session, and notes the commit time of each event.
/// </summary>
public sealed class EventProducer(IStore store, string orgId, string userId, string username)
{
    /// <summary>Commits events <paramref name="first"/> .. first + count - 1; returns the Stopwatch timestamp of the commit.</summary>
    public async Task<long> CommitAsync(int first, int count, CancellationToken ct)
    {
        var when = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await using var session = await store.WriteAsync(ct);
        for (var i = first; i < first + count; i++)
        {
            await session.Events.AppendAsync(BenchEvents.Create(i, orgId, userId, username, when), ct);
        }

        session.Signal(Channels.Events);
        await session.CommitAsync(ct);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Commits events [first, first + total) in batches as fast as the store takes them.</summary>
    public async Task CommitAllAsync(int first, int total, int batch, long[]? commitTimes, CancellationToken ct)
    {
        for (var i = first; i < first + total; i += batch)
        {
            var count = Math.Min(batch, first + total - i);
            var committed = await CommitAsync(i, count, ct);
            commitTimes?.AsSpan(i, count).Fill(committed);
        }
    }
}
