using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>The deliveries table's columns, the multi-row insert, and the row mapping.</summary>
internal static class DeliveryRows
{
    public const string Columns =
        "id, webhook_id, message_id, event_sequence, event_type, payload, content_type, status, attempts, " +
        "next_attempt_at, created, completed_at, lease_token, lease_expires_at";

    /// <summary><see cref="Columns"/> qualified with a table alias.</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    private const string InsertColumns =
        "webhook_id, message_id, event_sequence, event_type, payload, content_type, status, attempts, " +
        "next_attempt_at, created, completed_at, lease_token, lease_expires_at";

    private static readonly string[] Names = InsertColumns.Split(", ");

    /// <summary>Parameters per inserted row.</summary>
    public static int InsertParameters => Names.Length;

    // Statement texts by row count (at most the dialect's batch size) and RETURNING, built once: inserts run on every
    // worker cycle, and the statement caches look them up by text.
    private static readonly ConcurrentDictionary<(int Count, bool ReturningId), string> InsertTexts = new();

    /// <summary>The statement inserting <paramref name="count"/> rows, with <c>RETURNING id</c> when asked (remembered).</summary>
    public static string InsertSql(int count, bool returningId) =>
        InsertTexts.GetOrAdd((count, returningId), static key => InsertSql(key.Count) + (key.ReturningId ? " RETURNING id" : ""));

    /// <summary>One statement inserting <paramref name="count"/> rows; VALUES order is id order.</summary>
    private static string InsertSql(int count)
    {
        var sql = new StringBuilder($"INSERT INTO deliveries ({InsertColumns}) VALUES ");
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < Names.Length; column++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"{(column == 0 ? "" : ", ")}@{Names[column]}{row}");
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    /// <summary>
    /// The parameters of <paramref name="count"/> rows starting at <paramref name="offset"/>, for <see cref="InsertSql"/>;
    /// written into <paramref name="into"/> when given (one set reused for every full batch of an insert).
    /// </summary>
    public static SqlArgs Args(IReadOnlyList<Delivery> deliveries, int offset, int count, SqlArgs? into = null)
    {
        var args = into ?? new SqlArgs(count * Names.Length);
        for (var row = 0; row < count; row++)
        {
            AddArgs(args, row, deliveries[offset + row]);
        }

        return args;
    }

    private static void AddArgs(SqlArgs args, int row, Delivery delivery)
    {
        var names = RowNames(row);
        args[names[0]] = Keys.Of(delivery.WebhookId);
        args[names[1]] = delivery.MessageId;
        args[names[2]] = delivery.EventSequence;
        args[names[3]] = delivery.EventType;
        args[names[4]] = delivery.Payload;
        args[names[5]] = delivery.ContentType;
        args[names[6]] = (int)delivery.Status;
        args[names[7]] = delivery.Attempts;
        args[names[8]] = delivery.NextAttemptAt;
        args[names[9]] = delivery.Created;
        args[names[10]] = delivery.CompletedAt;
        args[names[11]] = delivery.LeaseToken;
        args[names[12]] = delivery.LeaseExpiresAt;
    }

    // The parameter names of a row place (column name + place), made once: every insert binds them.
    private static readonly string[]?[] NamesByRow = new string[]?[1024];

    private static string[] RowNames(int row)
    {
        if (row < NamesByRow.Length && NamesByRow[row] is { } known)
        {
            return known;
        }

        var suffix = row.ToString(CultureInfo.InvariantCulture);
        var names = Array.ConvertAll(Names, name => name + suffix);
        if (row < NamesByRow.Length)
        {
            NamesByRow[row] = names;
        }

        return names;
    }

    public static Delivery Read(DbDataReader r) => new()
    {
        Id = r.Long(0),
        WebhookId = r.Text(1),
        MessageId = r.Text(2),
        EventSequence = r.Long(3),
        EventType = r.Text(4),
        Payload = r.Bytes(5),
        ContentType = r.Text(6),
        Status = (DeliveryStatus)r.Int(7),
        Attempts = r.Int(8),
        NextAttemptAt = r.Long(9),
        Created = r.Long(10),
        CompletedAt = r.LongOrNull(11),
        LeaseToken = r.TextOrNull(12),
        LeaseExpiresAt = r.LongOrNull(13),
    };
}
