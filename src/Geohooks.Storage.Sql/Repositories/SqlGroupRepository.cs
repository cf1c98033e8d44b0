using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Search;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed partial class SqlGroupRepository(SqlContext db) : IGroupRepository
{
    private static readonly SearchTarget Target = new(
        GroupRows.Columns, "groups g", GroupSearch.Schema, GroupSearch.Visibility, GroupSearch.OrderBy);

    public Task<Group?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {GroupRows.Columns} FROM groups g WHERE g.id = @id",
            new SqlArgs { ["id"] = Keys.Of(id) },
            GroupRows.Read,
            cancellationToken);

    public Task InsertAsync(Group group, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(GroupRows.Insert, GroupRows.Args(group), $"Group '{group.Title}'", cancellationToken);

    public Task UpdateAsync(Group group, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(GroupRows.Update, GroupRows.Args(group), $"Group '{group.Title}'", cancellationToken);

    /// <summary>Memberships and item shares go with the group through ON DELETE CASCADE.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM groups WHERE id = @id", new SqlArgs { ["id"] = Keys.Of(id) }, cancellationToken);

    public async Task<int> CountOwnedByAsync(string username, CancellationToken cancellationToken) =>
        (int)await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM groups WHERE owner_key = @owner",
            new SqlArgs { ["owner"] = Keys.Of(username) },
            cancellationToken);

    public Task<Page<Group>> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        PagedQuery.SearchAsync(db, request, Target, GroupRows.Read, cancellationToken);
}
