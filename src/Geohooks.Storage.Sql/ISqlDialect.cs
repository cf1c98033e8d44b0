using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Migrations;

namespace Geohooks.Storage.Sql;

/// <summary>
/// Everything that differs between the relational backends. The repositories, the search translation and
/// the migrations are shared; a dialect only knows how to connect, lock and name its types.
/// </summary>
public interface ISqlDialect
{
    StoreCapabilities Capabilities { get; }

    /// <summary>The ordered, forward-only migrations of this dialect.</summary>
    IReadOnlyList<MigrationScript> Migrations { get; }

    /// <summary>Appended to text expressions in ORDER BY so both backends sort by code point.</summary>
    string BinaryCollation { get; }

    /// <summary>
    /// A connection for one session. For a write session the dialect also serializes writers where the database
    /// cannot (SQLite's single writer: the call waits for its turn, which lasts until the connection is given back).
    /// </summary>
    ValueTask<SessionConnection> ConnectAsync(bool write, CancellationToken cancellationToken);

    /// <summary>A write transaction takes the write lock up front; a read one sees a stable snapshot.</summary>
    ValueTask<DbTransaction> BeginAsync(DbConnection connection, bool write, CancellationToken cancellationToken);

    /// <summary>Run first inside the migration transaction so concurrent migrators queue up; null if not needed.</summary>
    string? MigrationLockSql { get; }

    /// <summary>
    /// Run before appending a portal event; null if not needed. Held until commit, it makes sequence order equal
    /// commit order, so a reader that remembers the last sequence it saw never skips a late-committing event.
    /// </summary>
    string? EventAppendLockSql { get; }

    /// <summary>
    /// Reads the key the last INSERT on a connection generated, without a statement; null where the
    /// INSERT itself hands it back with <c>RETURNING</c>. (On SQLite RETURNING makes every row keep a statement journal.)
    /// </summary>
    Func<DbConnection, long>? LastInsertId { get; }

    bool IsUniqueViolation(DbException exception);

    /// <summary>True for an error caused by the data an expression met (overflow, bad cast), not by the server.</summary>
    bool IsDataError(DbException exception);

    /// <summary>
    /// The row-locking clause appended to a SELECT (<c>FOR UPDATE [OF table] [SKIP LOCKED]</c>), or empty where the
    /// write gate already serializes writers.
    /// </summary>
    string RowLock(string? table, bool skipLocked);

    /// <summary>
    /// True where write sessions never overlap (SQLite's write gate): rows a write session reads cannot change before
    /// it writes them, so a claim may read due rows and then lease them one by one without row locks.
    /// </summary>
    bool SerializedWriters { get; }

    /// <summary>
    /// Run inside a committing transaction to wake other processes (parameters <c>@channel</c>, <c>@origin</c>);
    /// null when the backend has no cross-process notifications.
    /// </summary>
    string? NotifySql { get; }

    /// <summary>
    /// Rows per statement in bulk writes (multi-row INSERTs, set-based completions): many where every statement is a
    /// network round trip, one where binding dominates (SQLite looks named parameters up linearly, so huge statements
    /// bind in quadratic time, and a compiled single-row statement re-bound per row is its fastest bulk path).
    /// </summary>
    int InsertBatchRows { get; }

    /// <summary>Column types and the spatial index of feature tables.</summary>
    Features.IFeatureSqlDialect Features { get; }
}
