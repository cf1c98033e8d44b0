using Geohooks.Core.Features.Schema;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Features.Querying;

public sealed partial class FeatureQueries
{
    private static readonly HashSet<string> StatisticTypes = new(StringComparer.OrdinalIgnoreCase) { "count", "sum", "min", "max", "avg", "stddev", "var" };

    /// <summary><c>outStatistics</c>, grouped by <c>groupByFieldsForStatistics</c> (spec resources §4.2 "Statistics").</summary>
    private static async Task<QueryResult> StatisticsAsync(
        IStoreSession session, FeatureLayer layer, FeatureFilter filter, FeatureQuery query, IReadOnlyList<Statistic> requested, QueryResult result, CancellationToken ct)
    {
        var d = layer.Definition;
        var groupBy = query.GroupByFieldsForStatistics
            .Select(name => d.FindField(name) ?? throw FeatureErrors.InvalidQuery("groupByFieldsForStatistics", $"Unknown field '{name}'."))
            .ToList();
        var statistics = new List<Statistic>();
        var fields = new List<FieldDefinition>(groupBy);
        foreach (var statistic in requested)
        {
            var type = statistic.Type.ToLowerInvariant();
            if (!StatisticTypes.Contains(type))
            {
                throw FeatureErrors.InvalidQuery("outStatistics", $"'{statistic.Type}' is not a supported statisticType (count, sum, min, max, avg, stddev, var).");
            }

            var source = statistic.Field is null or "*" ? null : d.FindField(statistic.Field)
                ?? throw FeatureErrors.InvalidQuery("outStatistics", $"Unknown field '{statistic.Field}'.");
            if (source is null && type != "count")
            {
                throw FeatureErrors.InvalidQuery("outStatistics", $"'{type}' needs an onStatisticField.");
            }

            if (source is not null && type is not ("count" or "min" or "max") && !source.Type.IsNumeric())
            {
                throw FeatureErrors.InvalidQuery("outStatistics", $"'{type}' needs a numeric field; '{source.Name}' is {source.Type.WireName()}.");
            }

            var outName = string.IsNullOrEmpty(statistic.OutName) ? $"{type.ToUpperInvariant()}_{source?.Name ?? "ALL"}" : statistic.OutName;
            if (!FieldNames.IsValid(outName) || fields.Any(f => string.Equals(f.Name, outName, StringComparison.OrdinalIgnoreCase)))
            {
                throw FeatureErrors.InvalidQuery("outStatistics", $"'{outName}' is not a valid, unique outStatisticFieldName.");
            }

            statistics.Add(new Statistic(type, source?.Name, outName));
            fields.Add(new FieldDefinition
            {
                Name = outName,
                Alias = outName,
                Type = type switch
                {
                    "count" => FieldType.Integer,
                    "avg" or "stddev" or "var" => FieldType.Double,
                    _ => source!.Type,
                },
            });
        }

        var order = query.OrderBy
            .Select(k => fields.FirstOrDefault(f => string.Equals(f.Name, k.Field, StringComparison.OrdinalIgnoreCase)) is { } f
                ? new SortKey(f.Name, k.Descending)
                : throw FeatureErrors.InvalidQuery("orderByFields", $"'{k.Field}' is neither a group-by field nor a statistic."))
            .ToList();
        var rows = await session.Features.StatisticsAsync(
            layer,
            new FeatureStatisticsQuery { Filter = filter, GroupBy = [.. groupBy.Select(g => g.Name)], Statistics = statistics, OrderBy = order },
            ct);
        return result with { Kind = QueryResultKind.Statistics, Fields = fields, StatisticsRows = rows };
    }
}
