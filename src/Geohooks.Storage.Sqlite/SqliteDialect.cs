using System.Data;
using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql;
using Geohooks.Storage.Sql.Migrations;
using Microsoft.Data.Sqlite;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// SQLite: one writer at a time (the gate, one writer connection, BEGIN IMMEDIATE), readers in WAL mode alongside it.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : ISqlDialect, IAsyncDisposable
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private static readonly SchemaTypes SqliteTypes = new("BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT");

    private readonly SemaphoreSlim writeGate = new(1, 1);
    // The writer's statements run straight on SQLite (DirectCommand); readers use Microsoft.Data.Sqlite's commands.
    private readonly StatementCache writerStatements = new((connection, sql) => DirectCommand.For((SqliteConnection)connection, sql));
    private readonly WalCheckpointer checkpointer = new(connectionString);
    private SqliteConnection? writer;

    public StoreCapabilities Capabilities { get; } = new("sqlite", MultiProcess: false, SkipLocked: false, Notifications: false);

    public IReadOnlyList<MigrationScript> Migrations { get; } =
        MigrationCatalog.Render(SqliteTypes, MigrationCatalog.SqliteSteps);

    public string BinaryCollation => "COLLATE BINARY";

    public string? MigrationLockSql => null;

    public string? EventAppendLockSql => null;

    public Func<DbConnection, long>? LastInsertId { get; } = connection => SQLitePCL.raw.sqlite3_last_insert_rowid(((SqliteConnection)connection).Handle);

    // Writers take turns on one long-lived connection, so every statement a writer runs is compiled once per process
    // and re-bound afterwards. Readers open pooled connections of their own and run alongside in WAL mode.
    public async ValueTask<SessionConnection> ConnectAsync(bool write, CancellationToken cancellationToken)
    {
        if (!write)
        {
            return SessionConnection.Owned(await OpenAsync(cancellationToken));
        }

        await writeGate.WaitAsync(cancellationToken);
        try
        {
            writer ??= await OpenWriterAsync(cancellationToken);
            var turn = 0;
            return SessionConnection.Lent(writer, writerStatements, () =>
            {
                if (Interlocked.Exchange(ref turn, 1) == 0)
                {
                    writeGate.Release();
                    checkpointer.WriteEnded();
                }

                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            writeGate.Release();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        // The writer walks the unfinished deliveries and the tails of the queue and log tables on every cycle; a page
        // cache of 32 MiB (default 2 MiB) keeps them in memory instead of re-reading them from the WAL. Checkpoints are
        // the WalCheckpointer's job; the writer's own is a backstop, and the WAL file is cut back to 64 MiB after one.
        pragmas.CommandText = $"PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = {WalCheckpointer.BackstopPages}; PRAGMA journal_size_limit = {64 << 20};";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // SQLite's own lower()/upper() fold ASCII only; the backends must agree on case-insensitive search.
            SqliteWhereDialect.RegisterFunctions(connection);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask<DbTransaction> BeginAsync(DbConnection connection, bool write, CancellationToken cancellationToken) =>
        // Non-deferred is BEGIN IMMEDIATE: the write lock is taken now, not at the first write, so a
        // writer never fails half-way with SQLITE_BUSY on lock upgrade.
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: !write));

    // SQLite evaluates bad arithmetic to NULL rather than failing.
    public bool IsDataError(DbException exception) => false;

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    // The write gate serializes every writer, so nothing needs row locks or skipping.
    public string RowLock(string? table, bool skipLocked) => string.Empty;

    public bool SerializedWriters => true;

    public string? NotifySql => null;

    // In-process: no round trips to save, and a reused prepared single-row INSERT is SQLite's fastest bulk path.
    public int InsertBatchRows => 1;

    public Sql.Features.IFeatureSqlDialect Features => SqliteFeatureDialect.Instance;

    public async ValueTask DisposeAsync()
    {
        checkpointer.Dispose();
        // The writer's statements and connection are released only once no write session holds them (SQLite runs in
        // multi-thread mode: a connection must never be used by two threads at once). A session still running after
        // this wait keeps them; the process is ending.
        if (!await writeGate.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            return;
        }

        await writerStatements.DisposeAsync();
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }

        writeGate.Dispose();
    }
}
