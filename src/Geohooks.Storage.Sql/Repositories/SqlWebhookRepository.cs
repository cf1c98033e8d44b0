using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Storage.Sql.Search;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>Webhook subscriptions; settings and cursors live in the other part of this class.</summary>
internal sealed partial class SqlWebhookRepository(SqlContext db) : IWebhookRepository
{
    public Task<Webhook?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {WebhookRows.Columns} FROM webhooks WHERE id = @id",
            new SqlArgs { ["id"] = Keys.Of(id) },
            WebhookRows.Read,
            cancellationToken);

    public Task<Webhook?> FindForUpdateAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {WebhookRows.Columns} FROM webhooks WHERE id = @id {db.Dialect.RowLock(null, skipLocked: false)}",
            new SqlArgs { ["id"] = Keys.Of(id) },
            WebhookRows.Read,
            cancellationToken);

    public Task InsertAsync(Webhook webhook, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(WebhookRows.Insert, WebhookRows.Args(webhook), "Webhook", cancellationToken);

    public Task UpdateAsync(Webhook webhook, CancellationToken cancellationToken) =>
        db.ExecuteAsync(WebhookRows.Update, WebhookRows.Args(webhook), cancellationToken);

    // Deliveries reference the webhook ON DELETE CASCADE, and their attempts reference them the same way.
    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM webhooks WHERE id = @id", new SqlArgs { ["id"] = Keys.Of(id) }, cancellationToken);

    public Task<Page<Webhook>> ListAsync(string orgId, string kind, int start, int num, CancellationToken cancellationToken)
    {
        var args = new QueryArgs();
        var where = $"org_id = {args.Add(orgId)} AND kind = {args.Add(kind)}";
        return PagedQuery.RunAsync(db, WebhookRows.Columns, "webhooks", where, "created, id", args, start, num, WebhookRows.Read, cancellationToken);
    }

    public async Task<IReadOnlyList<Webhook>> ListByScopeAsync(string scope, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {WebhookRows.Columns} FROM webhooks WHERE scope = @scope ORDER BY created, id",
            new SqlArgs { ["scope"] = scope },
            WebhookRows.Read,
            cancellationToken);

    public async Task<IReadOnlyList<Webhook>> ListActiveAsync(string kind, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {WebhookRows.Columns} FROM webhooks WHERE kind = @kind AND is_active = 1 ORDER BY created, id",
            new SqlArgs { ["kind"] = kind },
            WebhookRows.Read,
            cancellationToken);
}
