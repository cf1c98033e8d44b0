using System.Data.Common;

namespace Geohooks.Storage.Sql;

/// <summary>
/// A connection lent to one session by the dialect. Disposing it gives it back: an owned connection is closed, while
/// a kept one (SQLite's single writer connection) stays open with its compiled statements for the next session and
/// its turn passes to the next writer.
/// </summary>
public sealed class SessionConnection : IAsyncDisposable
{
    private readonly Func<ValueTask> giveBack;

    private SessionConnection(DbConnection connection, StatementCache? statements, Func<ValueTask> giveBack)
    {
        Connection = connection;
        Statements = statements;
        this.giveBack = giveBack;
    }

    public DbConnection Connection { get; }

    /// <summary>Commands to reuse across this connection's sessions, or null when every statement gets a new command.</summary>
    public StatementCache? Statements { get; }

    /// <summary>A connection this session owns: closed when the session ends.</summary>
    public static SessionConnection Owned(DbConnection connection) => new(connection, null, connection.DisposeAsync);

    /// <summary>A long-lived connection lent for one session; <paramref name="giveBack"/> ends the loan without closing it.</summary>
    public static SessionConnection Lent(DbConnection connection, StatementCache statements, Func<ValueTask> giveBack) =>
        new(connection, statements, giveBack);

    public ValueTask DisposeAsync() => giveBack();
}
