using System.Collections;
using System.Data.Common;
using System.Globalization;
using SQLitePCL;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// The rows of a <see cref="DirectCommand"/>'s statement, read straight from it. A statement without columns (an UPDATE
/// without RETURNING) runs to its end when the reader opens; the statement is reset when the reader closes. Values come
/// back as long, double, string, byte[] or DBNull, by the value's own type.
/// </summary>
internal sealed class DirectReader : DbDataReader
{
    private readonly DirectCommand command;
    private readonly sqlite3_stmt statement;
    private readonly bool hasColumns;
    private readonly int recordsAffected = -1;
    private bool onRow;
    private bool ended;
    private bool closed;

    public DirectReader(DirectCommand command, sqlite3_stmt statement)
    {
        this.command = command;
        this.statement = statement;
        hasColumns = raw.sqlite3_column_count(statement) > 0;
        if (!hasColumns)
        {
            recordsAffected = command.Run();
            ended = true;
        }
    }

    private sqlite3_stmt Handle => hasColumns ? statement : throw new InvalidOperationException("The statement returns no rows.");

    public override int FieldCount => hasColumns ? raw.sqlite3_column_count(statement) : 0;

    public override bool HasRows => throw new NotSupportedException("Read the rows instead.");

    public override bool IsClosed => closed;

    public override int RecordsAffected => recordsAffected;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>A column of the current row as its own type (INTEGER long, REAL double, TEXT string, BLOB byte[], NULL DBNull).</summary>
    internal static object Value(sqlite3_stmt statement, int ordinal) => raw.sqlite3_column_type(statement, ordinal) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, ordinal),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, ordinal),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, ordinal).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, ordinal).ToArray(),
        _ => DBNull.Value,
    };

    public override bool Read()
    {
        // Stepping a finished statement would start it again (and an UPDATE … RETURNING would write twice).
        if (closed || ended)
        {
            return false;
        }

        int rc;
        try
        {
            rc = raw.sqlite3_step(statement);
            command.Check(rc);
        }
        catch
        {
            onRow = false;
            ended = true;
            throw;
        }

        onRow = rc == raw.SQLITE_ROW;
        ended = !onRow;
        return onRow;
    }

    // One statement, one result set.
    public override bool NextResult()
    {
        raw.sqlite3_reset(statement);
        onRow = false;
        ended = true;
        return false;
    }

    public override void Close()
    {
        if (!closed)
        {
            closed = true;
            onRow = false;
            raw.sqlite3_reset(statement);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(Row(), ordinal) == raw.SQLITE_NULL;

    public override object GetValue(int ordinal) => Value(Row(), ordinal);

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(NotNull(ordinal), ordinal);

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override double GetDouble(int ordinal) => raw.sqlite3_column_double(NotNull(ordinal), ordinal);

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override string GetString(int ordinal) => raw.sqlite3_column_text(NotNull(ordinal), ordinal).utf8_to_string();

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override T GetFieldValue<T>(int ordinal)
    {
        if (typeof(T) == typeof(byte[]))
        {
            return (T)(object)raw.sqlite3_column_blob(NotNull(ordinal), ordinal).ToArray();
        }

        var value = GetValue(ordinal);
        if (value is T typed)
        {
            return typed;
        }

        return value is DBNull
            ? throw new InvalidCastException($"Column {ordinal} is NULL.")
            : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var blob = raw.sqlite3_column_blob(NotNull(ordinal), ordinal);
        if (buffer is null)
        {
            return blob.Length;
        }

        var available = (int)Math.Max(0, Math.Min(length, blob.Length - dataOffset));
        blob.Slice((int)dataOffset, available).CopyTo(buffer.AsSpan(bufferOffset));
        return available;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var available = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.AsSpan((int)dataOffset, available).CopyTo(buffer.AsSpan(bufferOffset));
        return available;
    }

    public override string GetName(int ordinal) => raw.sqlite3_column_name(Handle, ordinal).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "No column has this name.");
    }

    public override string GetDataTypeName(int ordinal) => raw.sqlite3_column_decltype(Handle, ordinal).utf8_to_string() ?? "BLOB";

    public override Type GetFieldType(int ordinal) => (onRow ? raw.sqlite3_column_type(Handle, ordinal) : raw.SQLITE_NULL) switch
    {
        raw.SQLITE_INTEGER => typeof(long),
        raw.SQLITE_FLOAT => typeof(double),
        raw.SQLITE_TEXT => typeof(string),
        raw.SQLITE_BLOB => typeof(byte[]),
        _ => typeof(object),
    };

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    private sqlite3_stmt Row() => onRow ? Handle : throw new InvalidOperationException("The reader is not on a row.");

    /// <summary>The current row's statement, when the column holds a value (typed reads of NULL fail as they do in Microsoft.Data.Sqlite).</summary>
    private sqlite3_stmt NotNull(int ordinal)
    {
        var row = Row();
        return raw.sqlite3_column_type(row, ordinal) == raw.SQLITE_NULL
            ? throw new InvalidCastException($"Column {ordinal} is NULL.")
            : row;
    }
}
