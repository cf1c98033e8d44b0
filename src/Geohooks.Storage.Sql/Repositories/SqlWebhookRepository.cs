using System.Globalization;
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

    public async Task<IReadOnlyList<Webhook>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new List<Webhook>(ids.Count);
        foreach (var chunk in ids.Select(Keys.Of).Distinct(StringComparer.Ordinal).Chunk(FindManyChunk))
        {
            var args = new SqlArgs(chunk.Length);
            found.AddRange(await db.QueryAsync(
                $"SELECT {WebhookRows.Columns} FROM webhooks WHERE id IN ({Parameters("id", chunk, args)})", args, WebhookRows.Read, cancellationToken));
        }

        return found;
    }

    // Ids per statement: far below both backends' parameter limits, and a handful of statement texts in the cache.
    private const int FindManyChunk = 100;

    /// <summary>Binds <paramref name="values"/> as @name0, @name1, … and returns that list for an IN clause.</summary>
    private static string Parameters(string name, IReadOnlyList<string> values, SqlArgs args)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var key = name + i.ToString(CultureInfo.InvariantCulture);
            args[key] = values[i];
            names[i] = "@" + key;
        }

        return string.Join(", ", names);
    }

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

    public async Task<IReadOnlyList<Webhook>> ListActiveAsync(IReadOnlyList<string> kinds, CancellationToken cancellationToken)
    {
        if (kinds.Count == 0)
        {
            return [];
        }

        var args = new SqlArgs(kinds.Count);
        return await db.QueryAsync(
            $"SELECT {WebhookRows.Columns} FROM webhooks WHERE kind IN ({Parameters("kind", kinds, args)}) AND is_active = 1 ORDER BY created, id",
            args,
            WebhookRows.Read,
            cancellationToken);
    }
}
