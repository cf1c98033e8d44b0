using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql.Geoprocessing;

/// <summary>
/// Geoprocessing jobs. Inserting, reading and finishing live here; the runners' lease protocol (claim, heartbeat,
/// expired leases) in the other part of this class.
/// </summary>
internal sealed partial class SqlGpJobRepository(SqlContext db) : IGpJobRepository
{
    public Task InsertAsync(GpJob job, CancellationToken cancellationToken) =>
        db.ExecuteAsync(GpJobRows.Insert, GpJobRows.Args(job), cancellationToken);

    public Task<GpJob?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync($"SELECT {GpJobRows.Columns} FROM gp_jobs WHERE id = @id", new SqlArgs { ["id"] = id }, GpJobRows.Read, cancellationToken);

    public async Task<string?> FindResultsAsync(string id, CancellationToken cancellationToken) =>
        (await db.QueryAsync("SELECT results FROM gp_jobs WHERE id = @id", new SqlArgs { ["id"] = id }, r => r.TextOrNull(0), cancellationToken)).FirstOrDefault();

    public async Task<bool> RequestCancelAsync(string id, long now, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            $"UPDATE gp_jobs SET status = '{GpJobStatus.Cancelling}', updated = @now WHERE id = @id AND status = '{GpJobStatus.Executing}'",
            new SqlArgs { ["id"] = id, ["now"] = now },
            cancellationToken) == 1;

    // Fenced by the runner's lease, or — for a queued job cancelled before any runner took it — by its still being queued.
    public async Task<bool> FinishAsync(GpJob job, string? results, string? leaseToken, CancellationToken cancellationToken)
    {
        var fence = leaseToken is null ? $"status = '{GpJobStatus.Submitted}' AND lease_token IS NULL" : "lease_token = @token";
        return await db.ExecuteAsync(
            $"""
            UPDATE gp_jobs SET status = @status, messages = @messages, progress = NULL, results = @results, completed = @completed,
                updated = @updated, lease_token = NULL, lease_expires_at = NULL
            WHERE id = @id AND {fence}
            """,
            new SqlArgs
            {
                ["id"] = job.Id,
                ["status"] = job.Status,
                ["messages"] = GpJobJson.Messages(job.Messages),
                ["results"] = results,
                ["completed"] = job.Completed,
                ["updated"] = job.Updated,
                ["token"] = leaseToken,
            },
            cancellationToken) == 1;
    }
}
