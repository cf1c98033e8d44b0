using System.Data.Common;
using System.Globalization;

namespace Geohooks.Storage.Sql;

/// <summary>Column reads that behave the same whether the backend hands back INTEGER as Int32 or Int64.</summary>
internal static class RowReader
{
    public static long Long(this DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? LongOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.Long(ordinal);

    public static int Int(this DbDataReader reader, int ordinal) =>
        Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static int? IntOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.Int(ordinal);

    public static byte[] Bytes(this DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    public static bool Bool(this DbDataReader reader, int ordinal) => reader.Long(ordinal) != 0;

    public static string Text(this DbDataReader reader, int ordinal) => reader.GetString(ordinal);

    public static string? TextOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static IReadOnlyList<string> Strings(this DbDataReader reader, int ordinal) =>
        Lists.StringsFromJson(reader.GetString(ordinal));
}
