using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Search;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed partial class SqlItemRepository(SqlContext db) : IItemRepository
{
    private static readonly SearchTarget Target = new(
        ItemRows.Columns, "items i", ItemSearch.Schema, ItemSearch.Visibility, ItemSearch.OrderBy);

    public Task<Item?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {ItemRows.Columns} FROM items i WHERE i.id = @id",
            new SqlArgs { ["id"] = Keys.Of(id) },
            ItemRows.Read,
            cancellationToken);

    public Task InsertAsync(Item item, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(ItemRows.Insert, ItemRows.Args(item), $"Item '{item.Id}'", cancellationToken);

    public Task UpdateAsync(Item item, CancellationToken cancellationToken) =>
        db.ExecuteAsync(ItemRows.Update, ItemRows.Args(item), cancellationToken);

    /// <summary>Data and shares go with the item through ON DELETE CASCADE.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM items WHERE id = @id", new SqlArgs { ["id"] = Keys.Of(id) }, cancellationToken);

    public Task<Page<Item>> ListByOwnerAsync(string owner, string? folderId, int start, int num, CancellationToken cancellationToken)
    {
        var args = new QueryArgs();
        var where = $"i.owner_key = {args.Add(Keys.Of(owner))} AND " +
            (folderId is null ? "i.owner_folder IS NULL" : $"i.owner_folder = {args.Add(Keys.Of(folderId))}");
        return PagedQuery.RunAsync(
            db, ItemRows.Columns, "items i", where, "i.created DESC, i.id", args, start, num, ItemRows.Read, cancellationToken);
    }

    public async Task<int> CountOwnedByAsync(string username, CancellationToken cancellationToken) =>
        (int)await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM items WHERE owner_key = @owner",
            new SqlArgs { ["owner"] = Keys.Of(username) },
            cancellationToken);

    public Task<Page<Item>> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        PagedQuery.SearchAsync(db, request, Target, ItemRows.Read, cancellationToken);
}
