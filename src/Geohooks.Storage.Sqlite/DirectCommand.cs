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
/// like Microsoft.Data.Sqlite where the store relies on it: several statements in one text run in order, a parameter the
/// statement uses must have a value (names it does not use are ignored), errors are <see cref="SqliteException"/>s with
/// SQLite's codes, and column values come back as long, double, string, byte[] or DBNull.
/// The command belongs to the writer connection and is used by one write session at a time.
/// </remarks>
internal sealed class DirectCommand(SqliteConnection connection, string sql) : DbCommand, IArgsCommand
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: the statement is kept and reused.

    private Statement[]? statements;

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

    public void Bind(IReadOnlyDictionary<string, object?>? args)
    {
        statements ??= Compile();
        foreach (var statement in statements)
        {
            statement.Bind(args);
        }
    }

    public override int ExecuteNonQuery()
    {
        var changes = -1;
        foreach (var statement in Prepared())
        {
            var ran = Run(statement);
            if (ran >= 0)
            {
                changes = Math.Max(changes, 0) + ran;
            }
        }

        return changes;
    }

    public override object? ExecuteScalar()
    {
        object? value = null;
        var found = false;
        foreach (var statement in Prepared())
        {
            if (found || raw.sqlite3_column_count(statement.Handle) == 0)
            {
                Run(statement);
                continue;
            }

            try
            {
                var rc = raw.sqlite3_step(statement.Handle);
                Check(rc);
                if (rc == raw.SQLITE_ROW)
                {
                    value = DirectReader.Value(statement.Handle, 0);
                }
            }
            finally
            {
                raw.sqlite3_reset(statement.Handle);
            }

            found = true;
        }

        return value;
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new DirectReader(this, Prepared());

    public override void Cancel()
    {
    }

    public override void Prepare() => statements ??= Compile();

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    /// <summary>Steps a statement to its end and resets it; the rows it changed, or -1 for a statement that writes nothing.</summary>
    internal int Run(Statement statement)
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(statement.Handle)) == raw.SQLITE_ROW)
            {
            }

            Check(rc);
            return raw.sqlite3_stmt_readonly(statement.Handle) == 0 ? raw.sqlite3_changes(Db) : -1;
        }
        finally
        {
            raw.sqlite3_reset(statement.Handle);
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
        if (disposing && statements is not null)
        {
            foreach (var statement in statements)
            {
                statement.Handle.Dispose();
            }

            statements = null;
        }

        base.Dispose(disposing);
    }

    private Statement[] Prepared() => statements ?? throw new InvalidOperationException("Bind the statement's values before running it.");

    private Statement[] Compile()
    {
        var prepared = new List<Statement>();
        ReadOnlySpan<byte> rest = Encoding.UTF8.GetBytes(sql);
        try
        {
            while (!rest.IsEmpty)
            {
                var rc = raw.sqlite3_prepare_v3(Db, rest, PreparePersistent, out var handle, out var tail);
                if (rc != raw.SQLITE_OK)
                {
                    handle?.Dispose();
                    SqliteException.ThrowExceptionForRC(rc, Db);
                }

                // Only white space or a comment was left: no statement.
                if (handle is null || handle.IsInvalid)
                {
                    handle?.Dispose();
                    break;
                }

                prepared.Add(new Statement(handle));
                rest = tail;
            }
        }
        catch
        {
            prepared.ForEach(s => s.Handle.Dispose());
            throw;
        }

        return [.. prepared];
    }

    /// <summary>One compiled statement and where its parameters are.</summary>
    internal sealed class Statement
    {
        private readonly Dictionary<string, int> positions = new(StringComparer.Ordinal);
        private readonly int count;

        public Statement(sqlite3_stmt handle)
        {
            Handle = handle;
            count = raw.sqlite3_bind_parameter_count(handle);
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
            foreach (var (name, value) in args ?? new Dictionary<string, object?>())
            {
                if (positions.TryGetValue(name, out var position))
                {
                    Check(BindValue(position, value), name);
                    bound++;
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

        private static void Check(int rc, string name)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new InvalidOperationException($"Binding @{name} failed with SQLite error {rc}.");
            }
        }
    }
}
