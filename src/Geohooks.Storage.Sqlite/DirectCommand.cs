using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Geohooks.Storage.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// One statement text of the writer's cache, compiled once and run straight on SQLite through SQLitePCL.raw — the
/// binding Microsoft.Data.Sqlite is itself built on — instead of through the ADO.NET command.
/// </summary>
/// <remarks>
/// Every write in the store goes through the one writer connection, and there the ADO.NET layer cost more than some
/// statements themselves: per execution it looked every statement parameter up by name, made a binder object and a
/// UTF-8 copy of every text value, and a reader with its own state machine. Here parameter positions are looked up once
/// per statement, text is bound from the string's own characters, and values are read straight from the row. Behaves
/// like Microsoft.Data.Sqlite where the store relies on it: a parameter the statement uses must have a value (names it
/// does not use are ignored), errors are <see cref="SqliteException"/>s with SQLite's codes, and column values come back
/// as long, double, string, byte[] or DBNull. Only single statements run here: a text holding several (whose later
/// statements may depend on what the earlier ones create) gets Microsoft.Data.Sqlite's command from <see cref="For"/>.
/// The command belongs to the writer connection and is used by one write session at a time.
/// </remarks>
internal sealed class DirectCommand : DbCommand, IArgsCommand
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: the statement is kept and reused.

    private readonly SqliteConnection connection;
    private readonly string sql;
    private Statement? statement;

    private DirectCommand(SqliteConnection connection, string sql, Statement statement)
    {
        this.connection = connection;
        this.sql = sql;
        this.statement = statement;
    }

    /// <summary>
    /// The command for <paramref name="sql"/> on the writer connection: direct for one statement, Microsoft.Data.Sqlite's
    /// for several. Compiles now, so a text SQLite cannot compile fails here with SQLite's error.
    /// </summary>
    public static DbCommand For(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The writer connection is closed.");
        ReadOnlySpan<byte> text = Encoding.UTF8.GetBytes(sql);
        var rc = raw.sqlite3_prepare_v3(db, text, PreparePersistent, out var handle, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            handle?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        // Anything after the first statement but white space and semicolons is left to Microsoft.Data.Sqlite, which
        // compiles each statement only once the ones before it have run.
        if (handle is not null && !handle.IsInvalid && tail.Trim(" \t\r\n;"u8).IsEmpty)
        {
            return new DirectCommand(connection, sql, new Statement(handle, db));
        }

        handle?.Dispose();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    [AllowNull]
    public override string CommandText
    {
        get => sql;
        set => throw new NotSupportedException("A kept statement's text does not change.");
    }

    public override int CommandTimeout { get; set; }

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A kept statement belongs to its connection.");
    }

    protected override DbParameterCollection DbParameterCollection =>
        throw new NotSupportedException("Values are bound with IArgsCommand.Bind.");

    // The transaction is the connection's: SQLite has one per connection.
    protected override DbTransaction? DbTransaction { get; set; }

    private sqlite3 Db => connection.Handle ?? throw new InvalidOperationException("The writer connection is closed.");

    public void Bind(IReadOnlyDictionary<string, object?>? args) => Prepared().Bind(args);

    public override int ExecuteNonQuery() => Run();

    public override object? ExecuteScalar()
    {
        var handle = Prepared().Handle;
        if (raw.sqlite3_column_count(handle) == 0)
        {
            Run();
            return null;
        }

        try
        {
            var rc = raw.sqlite3_step(handle);
            Check(rc);
            return rc == raw.SQLITE_ROW ? DirectReader.Value(handle, 0) : null;
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new DirectReader(this, Prepared().Handle);

    public override void Cancel()
    {
    }

    // Compiled when made.
    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    /// <summary>Steps the statement to its end and resets it; the rows it changed, or -1 for a statement that writes nothing.</summary>
    internal int Run()
    {
        var handle = Prepared().Handle;
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(handle)) == raw.SQLITE_ROW)
            {
            }

            Check(rc);
            return raw.sqlite3_stmt_readonly(handle) == 0 ? raw.sqlite3_changes(Db) : -1;
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }
    }

    /// <summary>Throws SQLite's error for a result code other than OK, ROW and DONE.</summary>
    internal void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, Db);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            statement?.Handle.Dispose();
            statement = null;
        }

        base.Dispose(disposing);
    }

    private Statement Prepared() => statement ?? throw new ObjectDisposedException(nameof(DirectCommand));

    /// <summary>One compiled statement and where its parameters are.</summary>
    private sealed class Statement
    {
        private readonly Dictionary<string, int> positions = new(StringComparer.Ordinal);
        private readonly sqlite3 db;

        public Statement(sqlite3_stmt handle, sqlite3 db)
        {
            Handle = handle;
            this.db = db;
            var count = raw.sqlite3_bind_parameter_count(handle);
            for (var i = 1; i <= count; i++)
            {
                var name = raw.sqlite3_bind_parameter_name(handle, i).utf8_to_string();
                if (!string.IsNullOrEmpty(name))
                {
                    // Named as @name, :name or $name in the text; the arguments name them without the prefix.
                    positions[name[1..]] = i;
                }
            }
        }

        public sqlite3_stmt Handle { get; }

        public void Bind(IReadOnlyDictionary<string, object?>? args)
        {
            raw.sqlite3_clear_bindings(Handle);
            var bound = 0;
            if (args is not null)
            {
                foreach (var (name, value) in args)
                {
                    if (positions.TryGetValue(name, out var position))
                    {
                        var rc = BindValue(position, value);
                        if (rc != raw.SQLITE_OK)
                        {
                            SqliteException.ThrowExceptionForRC(rc, db);
                        }

                        bound++;
                    }
                }
            }

            if (bound < positions.Count)
            {
                var missing = positions.Keys.Where(n => args is null || !args.ContainsKey(n)).Select(n => "@" + n);
                throw new InvalidOperationException($"Must add values for the following parameters: {string.Join(", ", missing)}");
            }
        }

        private int BindValue(int position, object? value) => value switch
        {
            null or DBNull => raw.sqlite3_bind_null(Handle, position),
            long n => raw.sqlite3_bind_int64(Handle, position, n),
            int n => raw.sqlite3_bind_int64(Handle, position, n),
            short n => raw.sqlite3_bind_int64(Handle, position, n),
            byte n => raw.sqlite3_bind_int64(Handle, position, n),
            bool flag => raw.sqlite3_bind_int64(Handle, position, flag ? 1 : 0),
            double d => raw.sqlite3_bind_double(Handle, position, d),
            float f => raw.sqlite3_bind_double(Handle, position, f),
            // A zero-length span would reach SQLite as a null pointer, which binds NULL: empty values are bound apart.
            string { Length: 0 } => raw.sqlite3_bind_text(Handle, position, string.Empty),
            string text => raw.sqlite3_bind_text16(Handle, position, text.AsSpan()),
            byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(Handle, position, 0),
            byte[] bytes => raw.sqlite3_bind_blob(Handle, position, bytes),
            _ => throw new NotSupportedException($"A value of type {value.GetType().Name} cannot be bound to a statement."),
        };
    }
}
