using Geohooks.Core.Geoprocessing;

namespace Geohooks.Core.Storage;

/// <summary>
/// Durable geoprocessing jobs. Runners claim queued jobs under a lease (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so
/// processes sharing a database never claim one job twice); every later write of the runner is fenced by its lease
/// token, so a runner whose lease was taken over writes nothing.
/// </summary>
public interface IGpJobRepository
{
    Task InsertAsync(GpJob job, CancellationToken cancellationToken);

    /// <summary>The job without its results.</summary>
    Task<GpJob?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The results JSON object of a finished job (null when it has none).</summary>
    Task<string?> FindResultsAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> submitted jobs, oldest first, skipping rows another session holds: they
    /// become Executing under the lease, with <c>Started</c> set. The claim commits with the session.
    /// </summary>
    Task<IReadOnlyList<GpJob>> ClaimAsync(int limit, long now, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Executing or cancelling jobs whose lease expired before <paramref name="now"/> (their runner died), locked for
    /// this session and skipping rows another session holds, oldest lease first.
    /// </summary>
    Task<IReadOnlyList<GpJob>> ListExpiredAsync(int limit, long now, CancellationToken cancellationToken);

    /// <summary>
    /// The runner's heartbeat: stores messages and progress and extends the lease, only while it is held under
    /// <paramref name="leaseToken"/>. Returns the job's status (Cancelling when a cancel was asked), or null when the
    /// lease was lost.
    /// </summary>
    Task<string?> HeartbeatAsync(string id, string leaseToken, long leaseExpiresAt, IReadOnlyList<GpMessage> messages, GpProgress? progress, long now, CancellationToken cancellationToken);

    /// <summary>Executing → Cancelling; false when the job was not executing.</summary>
    Task<bool> RequestCancelAsync(string id, long now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a finished job (status, messages, completion, results; progress and lease cleared). With a lease token,
    /// only while that lease is held; without one, only while the job is still queued (a queued job cancelled). False
    /// when the condition failed and nothing was written.
    /// </summary>
    Task<bool> FinishAsync(GpJob job, string? results, string? leaseToken, CancellationToken cancellationToken);
}
