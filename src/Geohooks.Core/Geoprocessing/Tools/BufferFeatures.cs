using System.Text.Json.Nodes;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Portal;
using NetTopologySuite.Operation.Union;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>
/// Buffers the features of a hosted layer by a ground distance, giving polygons in the layer's spatial reference.
/// Distances are metres on the ground for 4326 and Web Mercator layers (buffered in Mercator, scaled by the latitude
/// of each feature, and projected back: see <see cref="DistanceBuffer"/>); other systems are buffered in their planar
/// units taken as metres.
/// </summary>
public sealed class BufferFeatures(FeatureQueries queries) : GpTool
{
    /// <summary>Beyond a thousand kilometres the Mercator approximation stops being a fair buffer.</summary>
    public const double MaxMeters = 1_000_000;

    private const string Distance = "Distance";
    private const string Dissolve = "Dissolve";

    private static readonly FieldDefinition ObjectId = new() { Name = "OBJECTID", Type = FieldType.Oid };
    private static readonly FieldDefinition OriginalId = new() { Name = "ORIG_FID", Type = FieldType.Integer };
    private static readonly FieldDefinition BufferDistance = new() { Name = "BUFF_DIST", Type = FieldType.Double };

    public override string Name => "BufferFeatures";

    public override string DisplayName => "Buffer Features";

    public override string Description => "Buffers the features of a hosted feature layer by a distance; the output keeps each input's attributes, its object id (ORIG_FID) and the distance in metres (BUFF_DIST).";

    public override IReadOnlyList<GpParameter> Parameters { get; } =
    [
        LayerInput.Definition,
        LayerInput.WhereDefinition,
        GpParameter.Input(Distance, GpDataType.LinearUnit, "How far to buffer, e.g. {\"distance\":100,\"units\":\"esriMeters\"}; more than 0, at most 1000 km.", defaultValue: new JsonObject { ["distance"] = 100, ["units"] = GpLinearUnits.Meters }),
        GpParameter.Input(Dissolve, GpDataType.Boolean, "Merge overlapping buffers into one feature.", required: false, defaultValue: false),
        GpParameter.Output("Output_Features", GpDataType.FeatureRecordSetLayer, "The buffer polygons."),
        GpParameter.Output("Feature_Count", GpDataType.Long, "How many polygons were made."),
    ];

    public override async Task ValidateAsync(Caller caller, GpValues inputs, CancellationToken ct)
    {
        Meters(inputs);
        var layer = await LayerInput.From(inputs).CheckAsync(queries, caller, ct);
        if (layer.IsTable)
        {
            throw GpErrors.Input(LayerInput.Parameter, $"'{layer.Name}' is a table; buffering needs a layer with shapes.");
        }
    }

    public override async Task<IReadOnlyDictionary<string, JsonNode?>> RunAsync(Caller caller, GpValues inputs, IGpJobContext context, CancellationToken ct)
    {
        var meters = Meters(inputs);
        await context.ProgressAsync("Reading features...", 0, ct);
        var found = await LayerInput.From(inputs).ReadAsync(queries, caller, ct);
        if (found.ExceededTransferLimit)
        {
            context.Message(GpMessageTypes.Warning, $"Only the first {GpServiceInfo.MaximumRecords} features were buffered.");
        }

        var buffers = new List<FeatureSetJson.Row>(found.Features.Count);
        var d = found.Layer.Definition;
        var copied = d.Fields.Where(f => f.Type is not (FieldType.Oid or FieldType.GlobalId) && !IsOutputName(f.Name)).ToList();
        foreach (var feature in found.Features)
        {
            ct.ThrowIfCancellationRequested();
            if (feature.Geometry is not { IsEmpty: false } shape)
            {
                continue;
            }

            var attributes = copied.ToDictionary(f => f.Name, f => feature.Attributes.GetValueOrDefault(f.Name));
            attributes[OriginalId.Name] = feature.Attributes.GetValueOrDefault(d.ObjectIdField);
            buffers.Add(new FeatureSetJson.Row(attributes, DistanceBuffer.Apply(shape, meters, found.OutSR)));
            if (buffers.Count % 100 == 0)
            {
                await context.ProgressAsync($"Buffered {buffers.Count} of {found.Features.Count} features...", buffers.Count * 100 / found.Features.Count, ct);
            }
        }

        IReadOnlyList<FieldDefinition> fields = [ObjectId, OriginalId, .. copied, BufferDistance];
        if (inputs.Boolean(Dissolve) && buffers.Count > 0)
        {
            var merged = UnaryUnionOp.Union(buffers.Select(b => b.Geometry!).ToList());
            buffers = [new FeatureSetJson.Row(new Dictionary<string, object?>(), merged)];
            fields = [ObjectId, BufferDistance];
        }

        var rows = buffers.Select((b, i) => b with { Attributes = Numbered(b.Attributes, i + 1, meters) }).ToList();
        context.Message(GpMessageTypes.Informative, $"Buffered {found.Features.Count} features into {rows.Count} polygons.");
        return new Dictionary<string, JsonNode?>
        {
            ["Output_Features"] = FeatureSetJson.Write(fields, rows, found.ExceededTransferLimit, GeometryType.Polygon, found.OutSR),
            ["Feature_Count"] = rows.Count,
        };
    }

    private static bool IsOutputName(string name) =>
        new[] { ObjectId.Name, OriginalId.Name, BufferDistance.Name }.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, object?> Numbered(IReadOnlyDictionary<string, object?> attributes, long objectId, double meters) =>
        new(attributes) { [ObjectId.Name] = objectId, [BufferDistance.Name] = meters };

    private static double Meters(GpValues inputs)
    {
        var (distance, units) = inputs.LinearUnit(Distance);
        var meters = GpLinearUnits.MetersPer(units) is { } per
            ? distance * per
            : throw GpErrors.Input(Distance, $"'{units}' is not a length; use esriMeters, esriKilometers, esriFeet, esriMiles or the like.");
        return meters is > 0 and <= MaxMeters ? meters : throw GpErrors.Input(Distance, "must be more than 0 and at most 1000 km.");
    }
}
