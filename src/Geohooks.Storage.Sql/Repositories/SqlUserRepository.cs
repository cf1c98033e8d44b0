using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Search;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed class SqlUserRepository(SqlContext db) : IUserRepository
{
    private static readonly SearchTarget Target = new(
        UserRows.Columns, "users u", UserSearch.Schema, UserSearch.Visibility, UserSearch.OrderBy);

    public Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {UserRows.Columns} FROM users u WHERE u.username_key = @key",
            new SqlArgs { ["key"] = Keys.Of(username) },
            UserRows.Read,
            cancellationToken);

    public Task<User?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {UserRows.Columns} FROM users u WHERE u.id = @id",
            new SqlArgs { ["id"] = Keys.Of(id) },
            UserRows.Read,
            cancellationToken);

    public Task InsertAsync(User user, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(UserRows.Insert, UserRows.Args(user), $"User '{user.Username}'", cancellationToken);

    public Task UpdateAsync(User user, CancellationToken cancellationToken) =>
        db.ExecuteAsync(UserRows.Update, UserRows.Args(user), cancellationToken);

    /// <summary>Removes the user with the memberships, folders and tokens that only make sense while the user exists.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var args = new SqlArgs { ["id"] = Keys.Of(id) };
        const string usernameKey = "(SELECT username_key FROM users WHERE id = @id)";
        await db.ExecuteAsync($"DELETE FROM group_members WHERE username_key = {usernameKey}", args, cancellationToken);
        await db.ExecuteAsync($"DELETE FROM folders WHERE username_key = {usernameKey}", args, cancellationToken);
        await db.ExecuteAsync("DELETE FROM tokens WHERE user_id = @id", args, cancellationToken);
        await db.ExecuteAsync("DELETE FROM users WHERE id = @id", args, cancellationToken);
    }

    public async Task<int> CountByRoleAsync(string orgId, string role, bool includeDisabled, CancellationToken cancellationToken) =>
        (int)await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM users WHERE org_id = @org_id AND role = @role" + (includeDisabled ? string.Empty : " AND disabled = 0"),
            new SqlArgs { ["org_id"] = orgId, ["role"] = role },
            cancellationToken);

    public Task<Page<User>> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        PagedQuery.SearchAsync(db, request, Target, UserRows.Read, cancellationToken);
}
