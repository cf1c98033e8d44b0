using System.Data;
using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql;
using Geohooks.Storage.Sql.Migrations;
using Npgsql;

namespace Geohooks.Storage.Postgres;

/// <summary>PostgreSQL: the database arbitrates writers; advisory locks order migrations and event appends.</summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : ISqlDialect
{
    // Arbitrary application-wide keys for pg_advisory_xact_lock; they only have to differ from each other.
    private const long MigrationLockKey = 0x6765_6f68_0001;
    private const long EventAppendLockKey = 0x6765_6f68_0002;

    private static readonly SchemaTypes PostgresTypes = new("BYTEA", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");

    public StoreCapabilities Capabilities { get; } = new("postgres", MultiProcess: true, SkipLocked: true, Notifications: true);

    public IReadOnlyList<MigrationScript> Migrations { get; } = MigrationCatalog.Render(PostgresTypes);

    public string BinaryCollation => "COLLATE \"C\"";

    public string? MigrationLockSql => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    public string? EventAppendLockSql => $"SELECT pg_advisory_xact_lock({EventAppendLockKey})";

    // The database arbitrates writers; every session has a pooled connection of its own.
    public async ValueTask<SessionConnection> ConnectAsync(bool write, CancellationToken cancellationToken) =>
        SessionConnection.Owned(await dataSource.OpenConnectionAsync(cancellationToken));

    // A read session sees one snapshot, so a search's count and its page agree.
    public async ValueTask<DbTransaction> BeginAsync(DbConnection connection, bool write, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(write ? IsolationLevel.ReadCommitted : IsolationLevel.RepeatableRead, cancellationToken);

    public Func<DbConnection, long>? LastInsertId => null;

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Class 22, data exceptions: overflow, division by zero, bad casts in an expression a client wrote.
    public bool IsDataError(DbException exception) =>
        exception is PostgresException { SqlState: [ '2', '2', .. ] };

    public string RowLock(string? table, bool skipLocked) =>
        "FOR UPDATE" + (table is null ? string.Empty : " OF " + table) + (skipLocked ? " SKIP LOCKED" : string.Empty);

    // NOTIFY is transactional: it is delivered when (and only if) the transaction commits.
    public string? NotifySql => "SELECT pg_notify(@channel, @origin)";

    // 13 parameters a row. Measured: 100 rows a statement beats 500 (binding and parsing grow faster than
    // linearly with the parameter count) and 10 (round trips).
    public int InsertBatchRows => 100;

    public bool SerializedWriters => false;

    public Sql.Features.IFeatureSqlDialect Features => PostgresFeatureDialect.Instance;
}
