using System.Text.Json.Nodes;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>
/// Groups a hosted layer's features by a field: how many in each group (FREQUENCY, as ArcGIS's Summary Statistics
/// names it) and optionally the sum of a numeric field (SUM_&lt;field&gt;), one row per group in value order.
/// </summary>
public sealed class SummarizeByField(FeatureQueries queries) : GpTool
{
    private const string Field = "Field";
    private const string SumField = "Sum_Field";
    private const string Frequency = "FREQUENCY";

    public override string Name => "SummarizeByField";

    public override string DisplayName => "Summarize By Field";

    public override string Description => "Counts a hosted layer's features per value of a field, and optionally sums a numeric field per group.";

    public override IReadOnlyList<GpParameter> Parameters { get; } =
    [
        LayerInput.Definition,
        LayerInput.WhereDefinition,
        GpParameter.Input(Field, GpDataType.String, "The field to group by."),
        GpParameter.Input(SumField, GpDataType.String, "An optional numeric field to sum per group.", required: false),
        GpParameter.Output("Output_Table", GpDataType.RecordSet, "One row per group: the group's value, FREQUENCY and SUM_<field>."),
        GpParameter.Output("Group_Count", GpDataType.Long, "How many groups there are."),
    ];

    public override async Task ValidateAsync(Caller caller, GpValues inputs, CancellationToken ct)
    {
        var layer = await LayerInput.From(inputs).CheckAsync(queries, caller, ct);
        var field = LayerInput.Field(layer, inputs, Field);
        if (field.Type is FieldType.Blob or FieldType.Xml || string.Equals(field.Name, Frequency, StringComparison.OrdinalIgnoreCase))
        {
            throw GpErrors.Input(Field, $"'{field.Name}' cannot be grouped by.");
        }

        if (inputs.String(SumField) is not null && LayerInput.Field(layer, inputs, SumField) is { } sum && !sum.Type.IsNumeric())
        {
            throw GpErrors.Input(SumField, $"'{sum.Name}' is {sum.Type.WireName()}, not a numeric field.");
        }
    }

    public override async Task<IReadOnlyDictionary<string, JsonNode?>> RunAsync(Caller caller, GpValues inputs, IGpJobContext context, CancellationToken ct)
    {
        await context.ProgressAsync("Summarizing...", 0, ct);
        var layer = LayerInput.From(inputs);
        List<Statistic> statistics = [new Statistic("count", null, Frequency)];
        if (inputs.String(SumField) is { } sum)
        {
            statistics.Add(new Statistic("sum", sum, "SUM_" + sum));
        }

        var group = inputs.String(Field)!;
        var query = new FeatureQuery
        {
            Where = layer.Where,
            OutStatistics = statistics,
            GroupByFieldsForStatistics = [group],
            OrderBy = [new SortKey(group, Descending: false)],
        };
        var result = await queries.QueryAsync(caller, layer.Service, layer.Layer, query, ct);
        var rows = result.StatisticsRows;
        var exceeded = rows.Count > GpServiceInfo.MaximumRecords;
        context.Message(GpMessageTypes.Informative, $"Found {rows.Count} groups.");
        return new Dictionary<string, JsonNode?>
        {
            ["Output_Table"] = FeatureSetJson.Write(result.Fields, rows.Take(GpServiceInfo.MaximumRecords).Select(r => new FeatureSetJson.Row(r)), exceeded),
            ["Group_Count"] = rows.Count,
        };
    }
}
