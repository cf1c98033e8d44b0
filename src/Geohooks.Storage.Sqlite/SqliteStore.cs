using Geohooks.Core.Storage;
using Geohooks.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// The embedded store: <c>geohooks.db</c> in the data folder, WAL mode, one writer at a time, one process per folder.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private readonly FileStream folderLock;
    private readonly SqliteDialect dialect;
    private readonly string connectionString;

    public SqliteStore(string dataDirectory, ILoggerFactory loggerFactory)
        : this(Prepare(dataDirectory), loggerFactory)
    {
    }

    private SqliteStore(Prepared prepared, ILoggerFactory loggerFactory)
        : base(prepared.Dialect, loggerFactory.CreateLogger<SqliteStore>())
    {
        folderLock = prepared.FolderLock;
        dialect = prepared.Dialect;
        connectionString = prepared.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await dialect.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        folderLock.Dispose();
    }

    private static Prepared Prepare(string dataDirectory)
    {
        NativeHeap.KeepFreedMemory();
        SqliteLibrary.Configure();
        var folder = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(folder);
        var folderLock = FolderLock.Acquire(folder);
        try
        {
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(folder, "geohooks.db"),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            UseWal(connectionString);
            return new Prepared(folderLock, new SqliteDialect(connectionString), connectionString);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    // journal_mode is stored in the database file, so setting it once at open is enough.
    private static void UseWal(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }

    private sealed record Prepared(FileStream FolderLock, SqliteDialect Dialect, string ConnectionString);
}
