using System.Data.Common;
using System.Globalization;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

/// <summary>
/// Reading feature rows back in the CLR types the domain uses whatever the backend returns: whole numbers as long,
/// floats as double (a PostgreSQL real comes back as its shortest decimal, not widened noise), text, bytes, null.
/// </summary>
internal static class FeatureValues
{
    public static object? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetValue(ordinal) switch
        {
            long n => n,
            int n => (long)n,
            short n => (long)n,
            float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            double d => d,
            decimal m => (double)m,
            string s => s,
            byte[] bytes => bytes,
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Reads a row selected as <c>oid, [gid,] fields…, [__shape, __xmin, __ymin, __xmax, __ymax]</c>.
    /// </summary>
    public static FeatureRow ReadRow(DbDataReader reader, IReadOnlyList<string> fields, bool hasGlobalId, bool shape)
    {
        var ordinal = 0;
        var oid = reader.Long(ordinal++);
        var globalId = hasGlobalId ? reader.TextOrNull(ordinal++) : null;
        var attributes = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var field in fields)
        {
            attributes[field] = Read(reader, ordinal++);
        }

        StoredShape? stored = null;
        if (shape && !reader.IsDBNull(ordinal))
        {
            stored = new StoredShape(
                reader.Bytes(ordinal),
                reader.GetDouble(ordinal + 1),
                reader.GetDouble(ordinal + 2),
                reader.GetDouble(ordinal + 3),
                reader.GetDouble(ordinal + 4));
        }

        return new FeatureRow { ObjectId = oid, GlobalId = globalId, Attributes = attributes, Shape = stored };
    }
}
