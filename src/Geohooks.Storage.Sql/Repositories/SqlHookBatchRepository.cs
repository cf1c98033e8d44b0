using System.Data.Common;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>Scheduled service webhooks' pending batches (migration 0007).</summary>
internal sealed class SqlHookBatchRepository(SqlContext db) : IHookBatchRepository
{
    private const string Columns = "webhook_id, layer_id, min_gen, max_gen, change_types, first_at, last_at, due_at";

    public Task<HookBatch?> FindForUpdateAsync(string webhookId, int layerId, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {Columns} FROM webhook_batches WHERE webhook_id = @webhook_id AND layer_id = @layer_id {db.Dialect.RowLock(null, skipLocked: false)}",
            new SqlArgs { ["webhook_id"] = Keys.Of(webhookId), ["layer_id"] = layerId },
            Read,
            cancellationToken);

    public Task UpsertAsync(HookBatch batch, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            $"""
            INSERT INTO webhook_batches ({Columns})
            VALUES (@webhook_id, @layer_id, @min_gen, @max_gen, @change_types, @first_at, @last_at, @due_at)
            ON CONFLICT (webhook_id, layer_id) DO UPDATE SET
                min_gen = excluded.min_gen, max_gen = excluded.max_gen, change_types = excluded.change_types,
                first_at = excluded.first_at, last_at = excluded.last_at, due_at = excluded.due_at
            """,
            new SqlArgs
            {
                ["webhook_id"] = Keys.Of(batch.WebhookId),
                ["layer_id"] = batch.LayerId,
                ["min_gen"] = batch.MinGen,
                ["max_gen"] = batch.MaxGen,
                ["change_types"] = Lists.ToJson(batch.ChangeTypes),
                ["first_at"] = batch.FirstAt,
                ["last_at"] = batch.LastAt,
                ["due_at"] = batch.DueAt,
            },
            cancellationToken);

    public async Task<IReadOnlyList<HookBatch>> ListDueAsync(long now, int limit, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"""
            SELECT {Columns} FROM webhook_batches WHERE due_at <= @now
            ORDER BY webhook_id, layer_id LIMIT @limit {db.Dialect.RowLock(null, skipLocked: true)}
            """,
            new SqlArgs { ["now"] = now, ["limit"] = limit },
            Read,
            cancellationToken);

    public Task DeleteAsync(string webhookId, int layerId, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "DELETE FROM webhook_batches WHERE webhook_id = @webhook_id AND layer_id = @layer_id",
            new SqlArgs { ["webhook_id"] = Keys.Of(webhookId), ["layer_id"] = layerId },
            cancellationToken);

    public Task DeleteAllAsync(string webhookId, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM webhook_batches WHERE webhook_id = @webhook_id", new SqlArgs { ["webhook_id"] = Keys.Of(webhookId) }, cancellationToken);

    public async Task<long?> NextDueAsync(CancellationToken cancellationToken) =>
        (await db.QueryAsync("SELECT MIN(due_at) FROM webhook_batches", null, r => r.LongOrNull(0), cancellationToken))[0];

    private static HookBatch Read(DbDataReader r) => new()
    {
        WebhookId = r.Text(0),
        LayerId = r.Int(1),
        MinGen = r.Long(2),
        MaxGen = r.Long(3),
        ChangeTypes = r.Strings(4),
        FirstAt = r.Long(5),
        LastAt = r.Long(6),
        DueAt = r.Long(7),
    };
}
