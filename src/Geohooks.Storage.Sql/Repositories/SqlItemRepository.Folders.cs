using System.Data.Common;
using Geohooks.Core.Portal;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed partial class SqlItemRepository
{
    private const string FolderColumns = "id, username, title, created";

    public Task<Folder?> FindFolderAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {FolderColumns} FROM folders WHERE id = @id",
            new SqlArgs { ["id"] = Keys.Of(id) },
            ReadFolder,
            cancellationToken);

    public async Task<IReadOnlyList<Folder>> ListFoldersAsync(string username, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {FolderColumns} FROM folders WHERE username_key = @username_key ORDER BY title_key {db.Dialect.BinaryCollation}, id",
            new SqlArgs { ["username_key"] = Keys.Of(username) },
            ReadFolder,
            cancellationToken);

    public Task InsertFolderAsync(Folder folder, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(
            """
            INSERT INTO folders (id, username, username_key, title, title_key, created)
            VALUES (@id, @username, @username_key, @title, @title_key, @created)
            """,
            new SqlArgs
            {
                ["id"] = Keys.Of(folder.Id),
                ["username"] = folder.Username,
                ["username_key"] = Keys.Of(folder.Username),
                ["title"] = folder.Title,
                ["title_key"] = Keys.Of(folder.Title),
                ["created"] = folder.Created,
            },
            $"Folder '{folder.Title}'",
            cancellationToken);

    /// <summary>Items still in the folder move to the owner's root rather than point at a folder that is gone.</summary>
    public async Task DeleteFolderAsync(string id, CancellationToken cancellationToken)
    {
        var args = new SqlArgs { ["id"] = Keys.Of(id) };
        await db.ExecuteAsync("UPDATE items SET owner_folder = NULL WHERE owner_folder = @id", args, cancellationToken);
        await db.ExecuteAsync("DELETE FROM folders WHERE id = @id", args, cancellationToken);
    }

    private static Folder ReadFolder(DbDataReader r) => new(r.Text(0), r.Text(1), r.Text(2), r.Long(3));
}
