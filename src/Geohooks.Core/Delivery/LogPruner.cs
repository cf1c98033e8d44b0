using Geohooks.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>Deletes finished deliveries older than the retention, in bounded batches, each in its own transaction.</summary>
public sealed partial class LogPruner(IStore store, TimeProvider time, IOptions<DeliveryOptions> options, ILogger<LogPruner> logger)
{
    public const int Batch = 1000;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    public Task RunAsync(CancellationToken ct) =>
        Periodic.RunAsync(async c => { await PruneAsync(c); return false; }, Interval, time, e => Log.PruneFailed(logger, e), ct);

    /// <summary>Prunes everything past retention; returns how many deliveries were removed.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow().Subtract(options.Value.Retention).ToUnixTimeMilliseconds();
        var total = 0;
        int removed;
        do
        {
            await using var session = await store.WriteAsync(ct);
            removed = await session.Deliveries.PruneAsync(before, Batch, ct);
            await session.CommitAsync(ct);
            total += removed;
        }
        while (removed == Batch && !ct.IsCancellationRequested);

        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Error, "Pruning the delivery log failed; retrying later")]
        public static partial void PruneFailed(ILogger logger, Exception exception);
    }
}
