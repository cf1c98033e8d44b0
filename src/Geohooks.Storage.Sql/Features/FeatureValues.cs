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
            float f => Shortest(f),
            double d => d,
            decimal m => (double)m,
            string s => s,
            byte[] bytes => bytes,
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };
    }

    private static double Shortest(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a row selected as <c>oid, [gid,] fields…, [__shape, __xmin, __ymin, __xmax, __ymax]</c>.
    /// </summary>
    /// <param name="singles">Fields of type Single: stored as a float32 widened to double, read back as the float's shortest decimal.</param>
    public static FeatureRow ReadRow(DbDataReader reader, IReadOnlyList<string> fields, bool hasGlobalId, bool shape, IReadOnlySet<string> singles)
    {
        var ordinal = 0;
        var oid = reader.Long(ordinal++);
        var globalId = hasGlobalId ? reader.TextOrNull(ordinal++) : null;
        var attributes = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = Read(reader, ordinal++);
            attributes[field] = value is double d && singles.Contains(field) ? Shortest((float)d) : value;
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
