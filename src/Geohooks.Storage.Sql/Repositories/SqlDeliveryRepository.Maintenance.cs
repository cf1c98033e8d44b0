using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>Redelivery, deactivation and retention: bulk state changes outside the worker's lease protocol.</summary>
internal sealed partial class SqlDeliveryRepository
{
    // Only finished deliveries are re-queued: touching an in-flight one would break its holder's lease.
    public async Task<int> RequeueAsync(string webhookId, long? deliveryId, DeliveryStatus? status, long? from, long? to, long now, CancellationToken cancellationToken)
    {
        var args = new SqlArgs { ["webhook_id"] = Keys.Of(webhookId), ["now"] = now };
        var where = "webhook_id = @webhook_id AND status IN (2, 3)";
        if (deliveryId is { } id)
        {
            args["id"] = id;
            where += " AND id = @id";
        }

        if (status is { } wanted)
        {
            // Literal values: "status = 3" lets both planners use the partial index deliveries_failed.
            where += wanted switch
            {
                DeliveryStatus.Failed => " AND status = 3",
                DeliveryStatus.Succeeded => " AND status = 2",
                _ => " AND 1 = 0", // only finished deliveries are re-queued
            };
        }

        if (from is { } fromTime)
        {
            args["from"] = fromTime;
            where += " AND created >= @from";
        }

        if (to is { } toTime)
        {
            args["to"] = toTime;
            where += " AND created <= @to";
        }

        return await db.ExecuteAsync(
            $"""
            UPDATE deliveries SET status = 0, attempts = 0, next_attempt_at = @now, completed_at = NULL,
                lease_token = NULL, lease_expires_at = NULL
            WHERE {where}
            """,
            args,
            cancellationToken);
    }

    // In-flight rows fail too: clearing the lease makes their holder's late result a no-op.
    public Task<int> FailPendingAsync(string webhookId, long now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            UPDATE deliveries SET status = 3, completed_at = @now, lease_token = NULL, lease_expires_at = NULL
            WHERE webhook_id = @webhook_id AND status IN (0, 1)
            """,
            new SqlArgs { ["webhook_id"] = Keys.Of(webhookId), ["now"] = now },
            cancellationToken);

    // One bounded batch per call, so retention never holds a long transaction; attempts go by cascade.
    public Task<int> PruneAsync(long before, int limit, CancellationToken cancellationToken) =>
        limit <= 0
            ? Task.FromResult(0)
            : db.ExecuteAsync(
                """
                DELETE FROM deliveries WHERE id IN (
                    SELECT id FROM deliveries WHERE status IN (2, 3) AND completed_at < @before LIMIT @limit)
                """,
                new SqlArgs { ["before"] = before, ["limit"] = limit },
                cancellationToken);
}
