using Geohooks.Core.Geoprocessing;

namespace Geohooks.Storage.Sql.Geoprocessing;

/// <summary>
/// The runners' protocol: claim queued jobs under a lease token, then write only while still holding it. PostgreSQL
/// adds <c>FOR UPDATE SKIP LOCKED</c>, so runners in several processes split the queue and never take one job twice;
/// on SQLite the single writer makes each claim exclusive.
/// </summary>
internal sealed partial class SqlGpJobRepository
{
    // The literal status predicates match the partial indexes of M0008, which both planners need to use them.
    private string ClaimSql => $"""
        UPDATE gp_jobs AS j SET status = '{GpJobStatus.Executing}', lease_token = @token, lease_expires_at = @expires, started = @now, updated = @now
        FROM (
            SELECT j2.id AS claim_id
            FROM gp_jobs j2
            WHERE j2.status = '{GpJobStatus.Submitted}'
            ORDER BY j2.submitted, j2.id
            LIMIT @limit
            {db.Dialect.RowLock("j2", skipLocked: true)}
        ) AS c
        WHERE j.id = c.claim_id
        RETURNING {GpJobRows.Columns}
        """;

    private string ExpiredSql => $"""
        SELECT {GpJobRows.Columns}
        FROM gp_jobs
        WHERE status IN ('{GpJobStatus.Executing}', '{GpJobStatus.Cancelling}') AND lease_expires_at <= @now
        ORDER BY lease_expires_at, id
        LIMIT @limit
        {db.Dialect.RowLock(null, skipLocked: true)}
        """;

    public async Task<IReadOnlyList<GpJob>> ClaimAsync(int limit, long now, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken)
    {
        var claimed = await db.ClaimAsync(ClaimSql, limit, now, leaseToken, leaseExpiresAt, GpJobRows.Read, cancellationToken);
        claimed.Sort((a, b) => (a.Submitted, a.Id).CompareTo((b.Submitted, b.Id)));
        return claimed;
    }

    public async Task<IReadOnlyList<GpJob>> ListExpiredAsync(int limit, long now, CancellationToken cancellationToken) =>
        await db.QueryAsync(ExpiredSql, new SqlArgs { ["now"] = now, ["limit"] = limit }, GpJobRows.Read, cancellationToken);

    public async Task<string?> HeartbeatAsync(
        string id, string leaseToken, long leaseExpiresAt, IReadOnlyList<GpMessage> messages, GpProgress? progress, long now, CancellationToken cancellationToken)
    {
        var statuses = await db.QueryAsync(
            """
            UPDATE gp_jobs SET messages = @messages, progress = @progress, lease_expires_at = @expires, updated = @now
            WHERE id = @id AND lease_token = @token
            RETURNING status
            """,
            new SqlArgs
            {
                ["id"] = id,
                ["token"] = leaseToken,
                ["expires"] = leaseExpiresAt,
                ["messages"] = GpJobJson.Messages(messages),
                ["progress"] = GpJobJson.Progress(progress),
                ["now"] = now,
            },
            r => r.Text(0),
            cancellationToken);
        return statuses.Count == 0 ? null : statuses[0];
    }
}
