using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>
/// The worker protocol: claim due rows under a lease token, then write results only while still holding it.
/// Every write after the claim is fenced by <c>lease_token</c>, so a worker whose lease expired and was taken over
/// cannot overwrite the new holder's state.
/// </summary>
internal sealed partial class SqlDeliveryRepository
{
    // Earliest due first, then oldest id: pending rows whose attempt is due, or in-flight rows whose lease ran out
    // (next_attempt_at is the due time of both; see M0004DueOrder). The literal "status IN (0, 1)" lets both
    // planners range-scan the partial index deliveries_due and stop after the limit. PostgreSQL adds FOR UPDATE
    // SKIP LOCKED so concurrent claimers split the queue; on SQLite the write gate makes the claim exclusive.
    private string ClaimSql => ClaimSqlWith(db.Dialect.RowLock("d2", skipLocked: true));

    /// <summary>The claim with the dialect's row-locking clause for the due rows it reads.</summary>
    private static string ClaimSqlWith(string rowLock) => $"""
        UPDATE deliveries AS d SET status = 1, lease_token = @token, lease_expires_at = @expires, next_attempt_at = @expires
        FROM (
            SELECT d2.id AS claim_id
            FROM deliveries d2
            JOIN webhooks w ON w.id = d2.webhook_id AND w.is_active = 1
            WHERE d2.status IN (0, 1) AND d2.next_attempt_at <= @now
            ORDER BY d2.next_attempt_at, d2.id
            LIMIT @limit
            {rowLock}
        ) AS c
        WHERE d.id = c.claim_id
        RETURNING {DeliveryRows.Columns}
        """;

    // Where writers are serialized (SQLite), the same rows are read and then leased one by one with a compiled
    // single-row UPDATE: no materialized subquery, no RETURNING buffer and no statement journal, which a multi-row
    // UPDATE ... FROM ... RETURNING costs there. Nothing can change the rows between the two steps.
    internal static readonly string SelectDueSql = $"""
        SELECT {DeliveryRows.ColumnsOf("d2")}
        FROM deliveries d2
        JOIN webhooks w ON w.id = d2.webhook_id AND w.is_active = 1
        WHERE d2.status IN (0, 1) AND d2.next_attempt_at <= @now
        ORDER BY d2.next_attempt_at, d2.id
        LIMIT @limit
        """;

    private const string LeaseOneSql =
        "UPDATE deliveries SET status = 1, lease_token = @token, lease_expires_at = @expires, next_attempt_at = @expires WHERE id = @id";

    public async Task<IReadOnlyList<Delivery>> ClaimAsync(int limit, long now, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken)
    {
        var claimed = db.Dialect.SerializedWriters
            ? await ClaimOneByOneAsync(limit, now, leaseToken, leaseExpiresAt, cancellationToken)
            : await db.ClaimAsync(ClaimSql, limit, now, leaseToken, leaseExpiresAt, DeliveryRows.Read, cancellationToken);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    private async Task<List<Delivery>> ClaimOneByOneAsync(int limit, long now, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken)
    {
        if (LeaseClaims.NothingToClaim(limit, leaseToken))
        {
            return [];
        }

        var due = await db.QueryAsync(SelectDueSql, new SqlArgs { ["now"] = now, ["limit"] = limit }, DeliveryRows.Read, cancellationToken);
        await db.ExecuteEachAsync(
            LeaseOneSql, due.Select(d => new SqlArgs { ["token"] = leaseToken, ["expires"] = leaseExpiresAt, ["id"] = d.Id }), cancellationToken);
        return due.ConvertAll(d => d with { Status = DeliveryStatus.InFlight, LeaseToken = leaseToken, LeaseExpiresAt = leaseExpiresAt, NextAttemptAt = leaseExpiresAt });
    }

    // One text for every outcome, so the statement is compiled once: COALESCE keeps the due time when none is given.
    // No RETURNING: the attempt names its webhook, and on SQLite RETURNING would cost a statement journal per row.
    private const string CompleteOneSql = """
        UPDATE deliveries SET status = @status, attempts = attempts + 1,
            next_attempt_at = COALESCE(CAST(@next AS BIGINT), next_attempt_at), completed_at = CAST(@completed_at AS BIGINT),
            lease_token = NULL, lease_expires_at = NULL
        WHERE id = @id AND lease_token = @token
        """;

    public Task<bool> CompleteAttemptAsync(long deliveryId, string leaseToken, DeliveryAttempt attempt, AttemptOutcome outcome, CancellationToken cancellationToken) =>
        CompleteAttemptAsync(deliveryId, leaseToken, attempt, outcome, new SqlArgs(5), null, cancellationToken);

    /// <summary>One completion, with argument sets the caller may reuse from row to row.</summary>
    private async Task<bool> CompleteAttemptAsync(
        long deliveryId, string leaseToken, DeliveryAttempt attempt, AttemptOutcome outcome, SqlArgs outcomeArgs, SqlArgs? attemptArgs, CancellationToken cancellationToken)
    {
        outcomeArgs["status"] = (int)outcome.Status;
        outcomeArgs["next"] = outcome.NextAttemptAt;
        outcomeArgs["completed_at"] = outcome.CompletedAt;
        outcomeArgs["id"] = deliveryId;
        outcomeArgs["token"] = leaseToken;
        if (await db.ExecuteAsync(CompleteOneSql, outcomeArgs, cancellationToken) == 0)
        {
            return false;
        }

        await db.ExecuteAsync(AttemptRows.Insert, AttemptRows.Args(deliveryId, attempt.WebhookId, attempt, attemptArgs), cancellationToken);
        return true;
    }

    public async Task<bool> ExtendLeaseAsync(long deliveryId, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE deliveries SET lease_expires_at = @expires, next_attempt_at = @expires WHERE id = @id AND lease_token = @token AND status = 1",
            new SqlArgs { ["id"] = deliveryId, ["token"] = leaseToken, ["expires"] = leaseExpiresAt },
            cancellationToken) == 1;
}
