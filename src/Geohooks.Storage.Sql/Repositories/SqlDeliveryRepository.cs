using Geohooks.Core.Delivery;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Search;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>
/// The durable delivery queue and its log. Inserting and reading live here; the worker's lease protocol and the
/// maintenance operations live in the other parts of this class.
/// </summary>
internal sealed partial class SqlDeliveryRepository(SqlContext db) : IDeliveryRepository
{
    public async Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        var ids = new long[deliveries.Count];
        if (db.Dialect.LastInsertId is not null)
        {
            // SQLite: the compiled single-row statement, one reused argument set, the key read without a statement.
            var args = new SqlArgs(DeliveryRows.InsertParameters);
            for (var i = 0; i < deliveries.Count; i++)
            {
                await db.ExecuteAsync(DeliveryRows.InsertSql(1, returningId: false), DeliveryRows.Args(deliveries, i, 1, args), cancellationToken);
                ids[i] = db.LastInsertId()!.Value;
            }

            return ids;
        }

        // Multi-row statements; one INSERT draws its keys from the sequence in VALUES order, so the returned keys,
        // sorted, are the rows' keys in list order.
        var size = Math.Max(1, db.Dialect.InsertBatchRows);
        var reused = new SqlArgs(size * DeliveryRows.InsertParameters);
        for (var offset = 0; offset < deliveries.Count; offset += size)
        {
            var count = Math.Min(size, deliveries.Count - offset);
            var args = DeliveryRows.Args(deliveries, offset, count, count == size ? reused : null);
            var keys = await db.QueryAsync(DeliveryRows.InsertSql(count, returningId: true), args, r => r.Long(0), cancellationToken);
            keys.Sort();
            keys.CopyTo(ids, offset);
        }

        return ids;
    }

    public Task<Delivery?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync($"SELECT {DeliveryRows.Columns} FROM deliveries WHERE id = @id", new SqlArgs { ["id"] = id }, DeliveryRows.Read, cancellationToken);

    public Task<Page<Delivery>> ListAsync(DeliveryFilter filter, int start, int num, CancellationToken cancellationToken)
    {
        var args = new QueryArgs();
        var where = $"webhook_id = {args.Add(Keys.Of(filter.WebhookId))}";
        if (filter.Status is { } status)
        {
            where += $" AND status = {args.Add((int)status)}";
        }

        if (filter.From is { } from)
        {
            where += $" AND created >= {args.Add(from)}";
        }

        if (filter.To is { } to)
        {
            where += $" AND created <= {args.Add(to)}";
        }

        if (filter.EventType is { } eventType)
        {
            where += $" AND event_type = {args.Add(eventType)}";
        }

        return PagedQuery.RunAsync(db, DeliveryRows.Columns, "deliveries", where, "id DESC", args, start, num, DeliveryRows.Read, cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(long deliveryId, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {AttemptRows.Columns} FROM delivery_attempts WHERE delivery_id = @id ORDER BY number, id",
            new SqlArgs { ["id"] = deliveryId },
            AttemptRows.Read,
            cancellationToken);

    public Task<Page<DeliveryAttempt>> ListAttemptsByWebhookAsync(string webhookId, int start, int num, CancellationToken cancellationToken)
    {
        var args = new QueryArgs();
        var where = $"webhook_id = {args.Add(Keys.Of(webhookId))}";
        return PagedQuery.RunAsync(db, AttemptRows.Columns, "delivery_attempts", where, "id DESC", args, start, num, AttemptRows.Read, cancellationToken);
    }

    public async Task<long> CountAsync(string? webhookId, DeliveryStatus status, CancellationToken cancellationToken)
    {
        var args = new SqlArgs { ["status"] = (int)status };
        // The literal predicate lets a backend count over the matching partial index.
        var partial = status is DeliveryStatus.Pending or DeliveryStatus.InFlight ? "status IN (0, 1)" : "status IN (2, 3)";
        var sql = $"SELECT COUNT(*) FROM deliveries WHERE {partial} AND status = @status";
        if (webhookId is not null)
        {
            args["webhook_id"] = Keys.Of(webhookId);
            sql += " AND webhook_id = @webhook_id";
        }

        return await db.ScalarAsync<long>(sql, args, cancellationToken);
    }
}
