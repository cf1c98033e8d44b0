using Geohooks.Core.Errors;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>
/// A tool's input layer: a hosted feature layer of this server (see <see cref="GpInputParser"/>), narrowed by the
/// reference's <c>filter</c> and the task's where input. Read through the feature services as the caller, so a tool
/// sees exactly what the caller could query.
/// </summary>
internal sealed record LayerInput(string Service, int Layer, string? Where)
{
    public const string Parameter = "Input_Layer";
    public const string WhereParameter = "Where";

    public static GpParameter Definition => GpParameter.Input(
        Parameter,
        GpDataType.FeatureRecordSetLayer,
        "A hosted feature layer of this server you may query: {\"url\":\"<server>/rest/services/<name>/FeatureServer/<layerId>\"} or {\"serviceName\":\"<name>\",\"layerId\":0}; an optional \"filter\" (where clause) narrows it.");

    public static GpParameter WhereDefinition => GpParameter.Input(
        WhereParameter, GpDataType.String, "An optional where clause on the layer's fields, ANDed with the layer's filter.", required: false);

    public static LayerInput From(GpValues inputs)
    {
        var reference = inputs.Object(Parameter);
        var filter = reference["filter"]?.GetValue<string>();
        var where = inputs.String(WhereParameter);
        var combined = filter is null ? where : where is null ? filter : $"({filter}) AND ({where})";
        return new LayerInput(reference["serviceName"]!.GetValue<string>(), reference["layerId"]!.GetValue<int>(), combined);
    }

    /// <summary>
    /// The layer's definition, once the caller is shown to be able to query it with this where clause (a count
    /// query); anything wrong is an input error naming the layer parameter.
    /// </summary>
    public async Task<LayerDefinition> CheckAsync(FeatureQueries queries, Caller caller, CancellationToken ct)
    {
        try
        {
            var counted = await queries.QueryAsync(caller, Service, Layer, new FeatureQuery { Where = Where, ReturnCountOnly = true }, ct);
            return counted.Layer.Definition;
        }
        catch (ArcGisException e) when (e.Code == 400)
        {
            throw GpErrors.Input(Parameter, string.Join(" ", [e.Message, .. e.Details]));
        }
    }

    /// <summary>The matching features with all fields and shapes, at most <see cref="GpServiceInfo.MaximumRecords"/>.</summary>
    public Task<QueryResult> ReadAsync(FeatureQueries queries, Caller caller, CancellationToken ct) =>
        queries.QueryAsync(caller, Service, Layer, new FeatureQuery
        {
            Where = Where,
            OutFields = ["*"],
            ReturnGeometry = true,
            ResultType = "standard",
            ResultRecordCount = GpServiceInfo.MaximumRecords,
        }, ct);

    public static FieldDefinition Field(LayerDefinition layer, GpValues inputs, string parameter) =>
        layer.FindField(inputs.String(parameter)!) ?? throw GpErrors.Input(parameter, $"the layer has no field '{inputs.String(parameter)}'.");
}
