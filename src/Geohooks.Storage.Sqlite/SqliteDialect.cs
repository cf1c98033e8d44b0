using System.Data;
using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql;
using Geohooks.Storage.Sql.Migrations;
using Microsoft.Data.Sqlite;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// SQLite: one writer at a time (the gate plus BEGIN IMMEDIATE), readers in WAL mode alongside it.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : ISqlDialect, IDisposable
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private static readonly SchemaTypes SqliteTypes = new("BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT");

    private readonly SemaphoreSlim writeGate = new(1, 1);

    public StoreCapabilities Capabilities { get; } = new("sqlite", MultiProcess: false, SkipLocked: false, Notifications: false);

    public IReadOnlyList<MigrationScript> Migrations { get; } = MigrationCatalog.Render(SqliteTypes);

    public string BinaryCollation => "COLLATE BINARY";

    public string? MigrationLockSql => null;

    public string? EventAppendLockSql => null;

    public async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        return new GateLease(writeGate);
    }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
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

    public string? NotifySql => null;

    // In-process: no round trips to save, and a reused prepared single-row INSERT is SQLite's fastest bulk path.
    public int InsertBatchRows => 1;

    public Sql.Features.IFeatureSqlDialect Features => SqliteFeatureDialect.Instance;

    public void Dispose() => writeGate.Dispose();

    private sealed class GateLease(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
