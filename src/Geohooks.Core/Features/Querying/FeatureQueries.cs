using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Features.Where;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Querying;

/// <summary>
/// Layer queries (spec resources §4): the where clause is parsed against the layer's fields and handed to storage
/// as a syntax tree; a query geometry narrows candidates through the spatial index and is then tested exactly with
/// NetTopologySuite; pages are cut in the database, in a stable order.
/// </summary>
public sealed partial class FeatureQueries(IStore store, TimeProvider time, FeatureQueryOptions options)
{
    public const int StandardMaxRecordCount = 32000;

    public async Task<QueryResult> QueryAsync(Caller? caller, string serviceName, int layerId, FeatureQuery query, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var (service, _) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: false, ct);
        var layer = FeatureServices.FindLayer(service, layerId);
        if (!(layer.Definition.Capabilities ?? service.Definition.Capabilities).Query)
        {
            throw FeatureErrors.NotSupported("The Query capability is not enabled on this layer.");
        }

        var filter = await ResolveFilterAsync(session, caller, layer, query, ct);
        var outSR = query.OutSR ?? FeatureShapes.LayerSpatialReference(layer.Definition);
        var result = new QueryResult { Kind = QueryResultKind.Count, Service = service, Layer = layer, OutSR = outSR };
        if (query.OutStatistics is { Count: > 0 } statistics)
        {
            return await StatisticsAsync(session, layer, filter, query, statistics, result, ct);
        }

        if (query.ReturnCountOnly && !query.ReturnExtentOnly && !query.ReturnDistinctValues)
        {
            return result with { Count = await session.Features.CountAsync(layer, filter, ct) };
        }

        if (query.ReturnExtentOnly)
        {
            var extent = await session.Features.ExtentAsync(layer, filter, ct);
            var envelope = extent is { } e ? Project(new NetTopologySuite.Geometries.Envelope(e.XMin, e.XMax, e.YMin, e.YMax), layer, outSR) : null;
            return result with { Kind = QueryResultKind.Extent, Count = await session.Features.CountAsync(layer, filter, ct), Extent = envelope };
        }

        var order = ResolveOrder(layer.Definition, query.OrderBy);
        if (query.ReturnIdsOnly && !query.ReturnDistinctValues)
        {
            var rows = await session.Features.SelectAsync(layer, new FeatureSelect { Filter = filter, OrderBy = order }, ct);
            return result with { Kind = QueryResultKind.Ids, ObjectIds = [.. rows.Select(r => r.ObjectId)] };
        }

        return await FeaturesAsync(session, layer, filter, query, order, result, ct);
    }

    /// <summary>
    /// The object ids a deleteFeatures call names by <c>where</c> and/or geometry, found inside the edit's own
    /// transaction.
    /// </summary>
    public Func<IStoreSession, FeatureLayer, CancellationToken, Task<IReadOnlyList<long>>> DeleteQuery(Caller? caller, FeatureQuery query) =>
        async (session, layer, ct) =>
        {
            var filter = await ResolveFilterAsync(session, caller, layer, query, ct);
            return [.. (await session.Features.SelectAsync(layer, new FeatureSelect { Filter = filter }, ct)).Select(r => r.ObjectId)];
        };

    private static async Task<QueryResult> FeaturesAsync(
        IStoreSession session, FeatureLayer layer, FeatureFilter filter, FeatureQuery query, IReadOnlyList<SortKey> order, QueryResult result, CancellationToken ct)
    {
        var d = layer.Definition;
        var fields = OutputFields(d, query.OutFields, query.ReturnDistinctValues);
        if (query.ReturnDistinctValues && fields.Count == 0)
        {
            throw FeatureErrors.InvalidQuery("outFields", "returnDistinctValues needs the fields to make distinct in 'outFields'.");
        }

        if (query.ReturnDistinctValues && order.FirstOrDefault(k => !fields.Any(f => f.Name == k.Field)) is { } stray)
        {
            throw FeatureErrors.InvalidQuery("orderByFields", $"'{stray.Field}' is not one of the distinct 'outFields'.");
        }

        var max = query.ResultType is "standard" or "tile" ? StandardMaxRecordCount : d.MaxRecordCount ?? result.Service.Definition.MaxRecordCount;
        var pageSize = Math.Min(query.ResultRecordCount ?? max, max);
        var select = new FeatureSelect
        {
            Filter = filter,
            Fields = [.. fields.Select(f => f.Name)],
            Shape = query.ReturnGeometry && !query.ReturnDistinctValues && !d.IsTable || query.ReturnCentroid,
            OrderBy = order,
            Offset = query.ResultOffset,
            Limit = pageSize + 1,
            Distinct = query.ReturnDistinctValues,
        };
        var rows = await session.Features.SelectAsync(layer, select, ct);
        var exceeded = rows.Count > pageSize;
        var features = new List<QueriedFeature>(Math.Min(rows.Count, pageSize));
        var layerSR = FeatureShapes.LayerSpatialReference(d);
        foreach (var row in rows.Take(pageSize))
        {
            var geometry = FeatureShapes.Load(row.Shape);
            if (geometry is not null && !result.OutSR.IsSameAs(layerSR))
            {
                geometry = Projection.Project(geometry, layerSR, result.OutSR, "outSR");
            }

            var centroid = query.ReturnCentroid && d.GeometryType == GeometryType.Polygon ? GeometryMeasures.Centroid(geometry) : null;
            features.Add(new QueriedFeature(Attributes(d, row, fields), query.ReturnGeometry ? geometry : null, centroid));
        }

        if (query.ReturnDistinctValues && query.ReturnCountOnly)
        {
            return result with { Count = features.Count };
        }

        return result with { Kind = QueryResultKind.Features, Fields = fields, Features = features, ExceededTransferLimit = exceeded };
    }

    private async Task<FeatureFilter> ResolveFilterAsync(IStoreSession session, Caller? caller, FeatureLayer layer, FeatureQuery query, CancellationToken ct)
    {
        var d = layer.Definition;
        var filter = new FeatureFilter
        {
            Where = string.IsNullOrWhiteSpace(query.Where) ? null : WhereParser.Parse(query.Where, d.Fields, new WhereContext(caller?.Username)),
            ObjectIds = query.ObjectIds,
            CaseSensitive = options.CaseSensitiveText,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (query.Geometry is not { } geometry)
        {
            return filter;
        }

        if (d.IsTable)
        {
            return filter with { ObjectIds = [] };
        }

        var layerSR = FeatureShapes.LayerSpatialReference(d);
        var inLayerSR = query.InSR is { } inSR && !inSR.IsSameAs(layerSR) ? Projection.Project(geometry, inSR, layerSR, "inSR") : geometry;
        var spatial = SpatialFilter.Create(inLayerSR, layerSR, query.SpatialRel, query.RelationParam, query.Distance, query.Units);
        if (spatial.IndexEnvelope is { IsNull: true })
        {
            return filter with { ObjectIds = [] };
        }

        var candidates = await session.Features.SelectAsync(
            layer,
            new FeatureSelect
            {
                Filter = filter with { Envelope = spatial.IndexEnvelope is { } env ? new Extent(env.MinX, env.MinY, env.MaxX, env.MaxY) : null },
                Shape = true,
            },
            ct);
        var matched = candidates.Where(c => spatial.Matches(FeatureShapes.Load(c.Shape))).Select(c => c.ObjectId).ToList();
        return filter with { Where = null, ObjectIds = matched };
    }

    private static Dictionary<string, object?> Attributes(LayerDefinition d, FeatureRow row, List<FieldDefinition> fields)
    {
        var attributes = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var field in fields)
        {
            attributes[field.Name] = field.Name == d.ObjectIdField ? row.ObjectId
                : field.Name == d.GlobalIdField ? row.GlobalId
                : row.Attributes.GetValueOrDefault(field.Name);
        }

        return attributes;
    }

    /// <summary>
    /// The fields a query returns: <c>*</c> for all, or the named ones in the order given. The object id is always
    /// included (except for distinct values), because editing and paging clients rely on it.
    /// </summary>
    private static List<FieldDefinition> OutputFields(LayerDefinition d, IReadOnlyList<string>? outFields, bool distinct)
    {
        if (outFields is { Count: > 0 } && outFields.Any(f => f == "*"))
        {
            return [.. d.Fields];
        }

        var fields = new List<FieldDefinition>();
        foreach (var name in outFields ?? [])
        {
            if (string.Equals(name, "shape", StringComparison.OrdinalIgnoreCase) && d.FindField(name) is null)
            {
                continue;
            }

            var field = d.FindField(name) ?? throw FeatureErrors.InvalidQuery("outFields", $"Unknown field '{name}'.");
            if (!fields.Contains(field))
            {
                fields.Add(field);
            }
        }

        if (!distinct && !fields.Any(f => f.Name == d.ObjectIdField))
        {
            fields.Insert(0, d.FindField(d.ObjectIdField)!);
        }

        return fields;
    }

    private static List<SortKey> ResolveOrder(LayerDefinition d, IReadOnlyList<SortKey> keys) =>
        [.. keys.Select(k => new SortKey((d.FindField(k.Field) ?? throw FeatureErrors.InvalidQuery("orderByFields", $"Unknown field '{k.Field}'.")).Name, k.Descending))];

    private static NetTopologySuite.Geometries.Envelope Project(NetTopologySuite.Geometries.Envelope envelope, FeatureLayer layer, SpatialReference outSR)
    {
        var layerSR = FeatureShapes.LayerSpatialReference(layer.Definition);
        if (outSR.IsSameAs(layerSR))
        {
            return envelope;
        }

        NtsGeometry box = Shapes.Factory.ToGeometry(envelope);
        return Projection.Project(box, layerSR, outSR, "outSR").EnvelopeInternal;
    }
}

/// <summary>Server-wide query behaviour.</summary>
public sealed record FeatureQueryOptions(bool CaseSensitiveText = false);
