using System.Globalization;
using SortKey = Geohooks.Core.Features.SortKey;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;
using Geohooks.Storage.Sql.Features.Where;

namespace Geohooks.Storage.Sql.Features;

internal sealed partial class SqlFeatureRepository
{
    private const string NoLimit = "9223372036854775807";

    private async Task<IReadOnlyList<FeatureRow>> SelectCoreAsync(FeatureLayer layer, FeatureSelect select, CancellationToken cancellationToken)
    {
        var d = layer.Definition;
        var (where, args) = Filter(layer, select.Filter);
        var fields = select.Fields.Where(f => f != d.ObjectIdField && f != d.GlobalIdField).ToList();
        var table = SqlNames.Quote(layer.TableName);
        if (select.Distinct)
        {
            var distinct = string.Join(", ", fields.Select(SqlNames.Quote));
            var order = OrderBy(layer, select.OrderBy.Count > 0 ? select.OrderBy : fields.Select(f => new SortKey(f, false)).ToList(), tieBreak: false);
            return await db.QueryAsync(
                // Ordered outside: PostgreSQL only orders a DISTINCT by expressions of its select list, and the sort adds a collation.
                $"SELECT * FROM (SELECT DISTINCT {distinct} FROM {table} WHERE {where}) d ORDER BY {order} {Page(select, args)}",
                args,
                r => ReadDistinct(r, fields),
                cancellationToken);
        }

        var columns = new List<string> { SqlNames.Quote(d.ObjectIdField) };
        if (d.GlobalIdField is { } gid)
        {
            columns.Add(SqlNames.Quote(gid));
        }

        columns.AddRange(fields.Select(SqlNames.Quote));
        var shape = select.Shape && !d.IsTable;
        var singles = d.Fields.Where(f => f.Type == FieldType.Single).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (shape)
        {
            columns.Add(ShapeColumns);
        }

        return await db.QueryAsync(
            $"SELECT {string.Join(", ", columns)} FROM {table} WHERE {where} ORDER BY {OrderBy(layer, select.OrderBy, tieBreak: true)} {Page(select, args)}",
            args,
            r => FeatureValues.ReadRow(r, fields, d.GlobalIdField is not null, shape, singles),
            cancellationToken);
    }

    private async Task<long> CountCoreAsync(FeatureLayer layer, FeatureFilter filter, CancellationToken cancellationToken)
    {
        var (where, args) = Filter(layer, filter);
        return await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {SqlNames.Quote(layer.TableName)} WHERE {where}", args, cancellationToken);
    }

    private async Task<Extent?> ExtentCoreAsync(FeatureLayer layer, FeatureFilter filter, CancellationToken cancellationToken)
    {
        if (layer.Definition.IsTable)
        {
            return null;
        }

        var (where, args) = Filter(layer, filter);
        var rows = await db.QueryAsync(
            $"SELECT MIN(__xmin), MIN(__ymin), MAX(__xmax), MAX(__ymax) FROM {SqlNames.Quote(layer.TableName)} WHERE {where} AND __xmin IS NOT NULL",
            args,
            r => r.IsDBNull(0) ? (Extent?)null : new Extent(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)),
            cancellationToken);
        return rows[0];
    }

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> StatisticsCoreAsync(FeatureLayer layer, FeatureStatisticsQuery query, CancellationToken cancellationToken)
    {
        var (where, args) = Filter(layer, query.Filter);
        var select = new List<string>(query.GroupBy.Select(SqlNames.Quote));
        foreach (var statistic in query.Statistics)
        {
            select.Add(Aggregate(statistic) + " AS " + SqlNames.Quote(statistic.OutName));
        }

        var groupBy = query.GroupBy.Count == 0 ? "" : " GROUP BY " + string.Join(", ", query.GroupBy.Select(SqlNames.Quote));
        var orderBy = query.OrderBy.Count == 0 ? "" : " ORDER BY " + string.Join(", ", query.OrderBy.Select(k => SqlNames.Quote(k.Field) + (k.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST")));
        var names = query.GroupBy.Concat(query.Statistics.Select(s => s.OutName)).ToList();
        var rows = await db.QueryAsync(
            $"SELECT {string.Join(", ", select)} FROM {SqlNames.Quote(layer.TableName)} WHERE {where}{groupBy}{orderBy}",
            args,
            r =>
            {
                var row = new Dictionary<string, object?>(names.Count, StringComparer.Ordinal);
                for (var i = 0; i < names.Count; i++)
                {
                    row[names[i]] = FeatureValues.Read(r, i);
                }

                return row;
            },
            cancellationToken);
        foreach (var statistic in query.Statistics.Where(s => s.Type == "stddev"))
        {
            foreach (var row in rows)
            {
                row[statistic.OutName] = row[statistic.OutName] is double variance ? Math.Sqrt(Math.Max(0, variance)) : null;
            }
        }

        return rows;
    }

    public Task<IReadOnlyList<FeatureRow>> SelectAsync(FeatureLayer layer, FeatureSelect select, CancellationToken cancellationToken) =>
        GuardAsync(() => SelectCoreAsync(layer, select, cancellationToken));

    public Task<long> CountAsync(FeatureLayer layer, FeatureFilter filter, CancellationToken cancellationToken) =>
        GuardAsync(() => CountCoreAsync(layer, filter, cancellationToken));

    public Task<Extent?> ExtentAsync(FeatureLayer layer, FeatureFilter filter, CancellationToken cancellationToken) =>
        GuardAsync(() => ExtentCoreAsync(layer, filter, cancellationToken));

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> StatisticsAsync(FeatureLayer layer, FeatureStatisticsQuery query, CancellationToken cancellationToken) =>
        GuardAsync(() => StatisticsCoreAsync(layer, query, cancellationToken));

    /// <summary>
    /// A where clause can fail on the data it meets (PostgreSQL raises overflow and bad casts where SQLite yields
    /// NULL): that is the client's query, so it is the query error envelope, not a server error.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (System.Data.Common.DbException e) when (db.Dialect.IsDataError(e))
        {
            throw FeatureErrors.InvalidQuery("where", "The where clause could not be evaluated on the layer's data (overflow, division or conversion error).");
        }
    }

    /// <summary>The WHERE text and its parameters for a filter; every value is a parameter or a formatted integer.</summary>
    private (string Sql, SqlArgs Args) Filter(FeatureLayer layer, FeatureFilter filter)
    {
        var conditions = new List<string>();
        var args = new SqlArgs();
        if (filter.ObjectIds is { } ids)
        {
            conditions.Add(ids.Count == 0
                ? "1 = 0"
                : SqlNames.Quote(layer.Definition.ObjectIdField) + " IN (" + string.Join(", ", ids.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture))) + ")");
        }

        if (filter.Envelope is { } box)
        {
            if (layer.Definition.IsTable)
            {
                conditions.Add("1 = 0");
            }
            else
            {
                conditions.Add(Dialect.EnvelopeIntersects(layer.TableName, layer.Definition.ObjectIdField));
                args["bxmin"] = box.XMin;
                args["bymin"] = box.YMin;
                args["bxmax"] = box.XMax;
                args["bymax"] = box.YMax;
            }
        }

        if (filter.Where is not null)
        {
            conditions.Add(TranslateWhere(layer, filter, args));
        }

        return (conditions.Count == 0 ? "1 = 1" : string.Join(" AND ", conditions), args);
    }

    /// <summary>The SQL of the filter's where clause over the layer's columns; its parameters (w0, w1 …) go into <paramref name="args"/>.</summary>
    private string TranslateWhere(FeatureLayer layer, FeatureFilter filter, SqlArgs args)
    {
        var translated = WhereTranslator.Translate(
            filter.Where!,
            Dialect.Where,
            new WhereTranslationOptions
            {
                NowEpochMs = filter.Now,
                CaseSensitive = filter.CaseSensitive,
                GeometryColumn = layer.Definition.IsTable ? null : "__shape",
                ParameterPrefix = "w",
            });
        foreach (var (name, value) in translated.Parameters)
        {
            args[name] = value;
        }

        return translated.Sql;
    }

    /// <summary>ORDER BY with nulls first ascending (as ArcGIS's SQL Server stores sort them) and text by code point.</summary>
    private string OrderBy(FeatureLayer layer, IReadOnlyList<SortKey> keys, bool tieBreak)
    {
        var parts = new List<string>();
        foreach (var key in keys)
        {
            var field = layer.Definition.FindField(key.Field);
            var collate = field is not null && field.Type.IsText() ? " " + db.Dialect.BinaryCollation : "";
            parts.Add(SqlNames.Quote(key.Field) + collate + (key.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST"));
        }

        if (tieBreak)
        {
            parts.Add(SqlNames.Quote(layer.Definition.ObjectIdField));
        }

        return string.Join(", ", parts);
    }

    private static string Page(FeatureSelect select, SqlArgs args)
    {
        if (select.Limit is null && select.Offset == 0)
        {
            return "";
        }

        args["page_offset"] = select.Offset;
        return "LIMIT " + (select.Limit is { } limit ? limit.ToString(CultureInfo.InvariantCulture) : NoLimit) + " OFFSET @page_offset";
    }

    private static string Aggregate(Statistic statistic)
    {
        var column = statistic.Field is null ? "*" : SqlNames.Quote(statistic.Field);
        var x = "CAST(" + column + " AS DOUBLE PRECISION)";
        return statistic.Type switch
        {
            "count" => $"COUNT({column})",
            "sum" => $"SUM({column})",
            "min" => $"MIN({column})",
            "max" => $"MAX({column})",
            "avg" => $"AVG({x})",
            // Sample variance from sums: SQLite has no variance aggregate, and both backends must agree.
            "var" or "stddev" => $"CASE WHEN COUNT({column}) > 1 THEN (SUM({x} * {x}) - SUM({x}) * SUM({x}) / COUNT({column})) / (COUNT({column}) - 1) END",
            _ => throw new ArgumentException($"Unknown statistic '{statistic.Type}'.", nameof(statistic)),
        };
    }

    private static FeatureRow ReadDistinct(System.Data.Common.DbDataReader reader, List<string> fields)
    {
        var attributes = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            attributes[fields[i]] = FeatureValues.Read(reader, i);
        }

        return new FeatureRow { ObjectId = 0, Attributes = attributes };
    }
}
