using System.Globalization;
using System.Text;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Storage.Sql.Features;

/// <summary>
/// Where clauses over rows that are not in the table (before-images from the change log): the rows become a VALUES
/// list cast to the table's column names and types, so the translated clause reads them exactly as it reads the
/// table — the same SQL, the same backend semantics, for every construct a query supports.
/// </summary>
internal sealed partial class SqlFeatureRepository
{
    // Bound values a statement: room beside a where clause's at most 10,000 literals under SQLite's 32,766.
    private const int MatchParameters = 20_000;

    // Rows a statement where binding dominates (SQLite looks named parameters up linearly): few, but not one each.
    private const int MinMatchRows = 16;

    // shape IS [NOT] NULL only asks whether there is a shape, so the bytes are not sent back.
    private static readonly byte[] ShapeMarker = [0];

    public async Task<IReadOnlySet<long>> MatchRowsAsync(FeatureLayer layer, IReadOnlyList<FeatureRow> rows, FeatureFilter filter, CancellationToken cancellationToken)
    {
        var candidates = rows.Where(r => Selects(filter, r)).ToList();
        var matched = new HashSet<long>();
        if (filter.Where is null)
        {
            matched.UnionWith(candidates.Select(r => r.ObjectId));
            return matched;
        }

        var whereArgs = new SqlArgs();
        var where = TranslateWhere(layer, filter, whereArgs);
        var columns = MatchColumns(layer);
        var perStatement = Math.Max(1, Math.Min(Math.Max(db.Dialect.InsertBatchRows, MinMatchRows), MatchParameters / columns.Count));
        foreach (var chunk in candidates.Chunk(perStatement))
        {
            await MatchAsync(layer, columns, chunk, where, whereArgs, matched, cancellationToken);
        }

        return matched;
    }

    /// <summary>Adds the matching rows of <paramref name="chunk"/>; when the data makes the clause fail, each row alone, so only the failing ones are lost.</summary>
    private async Task MatchAsync(
        FeatureLayer layer, List<MatchColumn> columns, FeatureRow[] chunk, string where, SqlArgs whereArgs, HashSet<long> matched,
        CancellationToken cancellationToken)
    {
        var args = new SqlArgs(whereArgs);
        var values = new StringBuilder();
        for (var r = 0; r < chunk.Length; r++)
        {
            values.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"m{r}_{c}");
                args[name] = columns[c].Value(chunk[r]);
                values.Append(c == 0 ? "" : ", ").Append("CAST(@").Append(name).Append(" AS ").Append(columns[c].Type).Append(')');
            }

            values.Append(')');
        }

        var names = string.Join(", ", columns.Select(c => SqlNames.Quote(c.Name)));
        var sql = $"WITH match_rows ({names}) AS (VALUES {values}) SELECT DISTINCT {SqlNames.Quote(layer.Definition.ObjectIdField)} FROM match_rows WHERE {where}";
        if (await db.QueryUnlessDataErrorAsync(sql, args, r => r.Long(0), cancellationToken) is { } found)
        {
            matched.UnionWith(found);
            return;
        }

        if (chunk.Length > 1)
        {
            foreach (var row in chunk)
            {
                await MatchAsync(layer, columns, [row], where, whereArgs, matched, cancellationToken);
            }
        }
    }

    /// <summary>The object ids and envelope of a filter, which need no SQL.</summary>
    private static bool Selects(FeatureFilter filter, FeatureRow row) =>
        (filter.ObjectIds is null || filter.ObjectIds.Contains(row.ObjectId))
        && (filter.Envelope is not { } box
            || (row.Shape is { } s && s.XMin <= box.XMax && s.XMax >= box.XMin && s.YMin <= box.YMax && s.YMax >= box.YMin));

    /// <summary>Every column a where clause can name, typed as in the layer's table, with how a row supplies it.</summary>
    private List<MatchColumn> MatchColumns(FeatureLayer layer)
    {
        var d = layer.Definition;
        var columns = new List<MatchColumn>(d.Fields.Count + 1);
        foreach (var field in d.Fields)
        {
            var name = field.Name;
            columns.Add(new MatchColumn(name, Dialect.ColumnType(field.Type), name == d.ObjectIdField ? r => r.ObjectId
                : name == d.GlobalIdField ? r => r.GlobalId
                // Rows read back carry a Single's shortest decimal; the table holds the float32 value, widened.
                : field.Type == FieldType.Single ? r => r.Attributes.GetValueOrDefault(name) is double x ? (double)(float)x : null
                : r => r.Attributes.GetValueOrDefault(name)));
        }

        if (!d.IsTable)
        {
            columns.Add(new MatchColumn("__shape", Dialect.ColumnType(FieldType.Blob), r => r.Shape is null ? null : ShapeMarker));
        }

        return columns;
    }

    private sealed record MatchColumn(string Name, string Type, Func<FeatureRow, object?> Value);
}
