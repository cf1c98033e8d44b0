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
    public async Task InsertAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < deliveries.Count; offset += DeliveryRows.InsertBatch)
        {
            var count = Math.Min(DeliveryRows.InsertBatch, deliveries.Count - offset);
            var args = new SqlArgs(count * 13);
            for (var row = 0; row < count; row++)
            {
                DeliveryRows.AddArgs(args, row, deliveries[offset + row]);
            }

            await db.ExecuteAsync(DeliveryRows.InsertSql(count), args, cancellationToken);
        }
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
        var sql = "SELECT COUNT(*) FROM deliveries WHERE status = @status";
        if (webhookId is not null)
        {
            args["webhook_id"] = Keys.Of(webhookId);
            sql += " AND webhook_id = @webhook_id";
        }

        return await db.ScalarAsync<long>(sql, args, cancellationToken);
    }
}
