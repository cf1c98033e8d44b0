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
        var (service, item) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: false, ct);
        var layer = FeatureServices.FindLayer(service, layerId);
        if (!(layer.Definition.Capabilities ?? service.Definition.Capabilities).Query)
        {
            throw FeatureErrors.NotSupported("The Query capability is not enabled on this layer.");
        }

        query = query with { Restriction = OwnershipRestriction(service, layer, caller, Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId)) };

        var outSR = query.OutSR ?? FeatureShapes.LayerSpatialReference(layer.Definition);
        var result = new QueryResult { Kind = QueryResultKind.Count, Service = service, Layer = layer, OutSR = outSR };
        var plainPage = query.OutStatistics is not { Count: > 0 } && !query.ReturnCountOnly && !query.ReturnExtentOnly && !query.ReturnIdsOnly
            && !query.ReturnDistinctValues && query.OrderBy.Count == 0;
        if (plainPage && Spatial(layer, query) is { Filter: { } spatial } found)
        {
            // One pass: read the index candidates with everything the page needs, test them exactly, page in object
            // id order (the order the database returned them in).
            return await SpatialPageAsync(session, layer, BaseFilter(caller, layer, query) with { Envelope = found.Envelope }, spatial, query, result, ct);
        }

        var filter = await ResolveFilterAsync(session, caller, layer, query, ct);
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

        var pageSize = PageSize(query, layer, result.Service);
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
        return Page(layer, query, result, fields, rows, pageSize);
    }

    private static async Task<QueryResult> SpatialPageAsync(
        IStoreSession session, FeatureLayer layer, FeatureFilter filter, SpatialFilter spatial, FeatureQuery query, QueryResult result, CancellationToken ct)
    {
        var d = layer.Definition;
        var fields = OutputFields(d, query.OutFields, distinct: false);
        var pageSize = PageSize(query, layer, result.Service);
        var candidates = await session.Features.SelectAsync(layer, new FeatureSelect { Filter = filter, Fields = [.. fields.Select(f => f.Name)], Shape = true }, ct);
        var decoded = new Dictionary<long, NtsGeometry?>();
        var rows = candidates
            .Where(c => spatial.Matches(decoded[c.ObjectId] = FeatureShapes.Load(c.Shape)))
            .Skip((int)Math.Min(query.ResultOffset, int.MaxValue))
            .Take(pageSize + 1)
            .ToList();
        return Page(layer, query, result, fields, rows, pageSize, decoded);
    }

    private static int PageSize(FeatureQuery query, FeatureLayer layer, FeatureService service)
    {
        var max = query.ResultType is "standard" or "tile" ? StandardMaxRecordCount : layer.Definition.MaxRecordCount ?? service.Definition.MaxRecordCount;
        return Math.Min(query.ResultRecordCount ?? max, max);
    }

    /// <summary>Turns up to <paramref name="pageSize"/> + 1 rows into the answer: shapes in the output SR, the limit flag.</summary>
    private static QueryResult Page(
        FeatureLayer layer, FeatureQuery query, QueryResult result, List<FieldDefinition> fields, IReadOnlyList<FeatureRow> rows, int pageSize,
        Dictionary<long, NtsGeometry?>? decoded = null)
    {
        var d = layer.Definition;
        var exceeded = rows.Count > pageSize;
        var features = new List<QueriedFeature>(Math.Min(rows.Count, pageSize));
        var layerSR = FeatureShapes.LayerSpatialReference(d);
        foreach (var row in rows.Take(pageSize))
        {
            var geometry = !(query.ReturnGeometry || query.ReturnCentroid) ? null
                : decoded is not null && decoded.TryGetValue(row.ObjectId, out var known) ? known
                : FeatureShapes.Load(row.Shape);
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
        var filter = BaseFilter(caller, layer, query);
        if (Spatial(layer, query) is not { } spatial)
        {
            return filter;
        }

        if (spatial.Filter is null)
        {
            return filter with { ObjectIds = [] };
        }

        var candidates = await session.Features.SelectAsync(layer, new FeatureSelect { Filter = filter with { Envelope = spatial.Envelope }, Shape = true }, ct);
        var matched = candidates.Where(c => spatial.Filter.Matches(FeatureShapes.Load(c.Shape))).Select(c => c.ObjectId).ToList();
        return filter with { Where = null, ObjectIds = matched };
    }

    /// <summary>The attribute part of a query: where clause (with any ownership restriction) and object ids.</summary>
    private FeatureFilter BaseFilter(Caller? caller, FeatureLayer layer, FeatureQuery query)
    {
        var where = string.IsNullOrWhiteSpace(query.Where) ? null : WhereParser.Parse(query.Where, layer.Definition.Fields, new WhereContext(caller?.Username));
        if (query.Restriction is { } restriction)
        {
            where = where is null ? restriction : new WhereAnd([where, restriction]);
        }

        return new FeatureFilter
        {
            Where = where,
            ObjectIds = query.ObjectIds,
            CaseSensitive = options.CaseSensitiveText,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>
    /// Ownership-based access control for queries: when the service turns it on without <c>allowOthersToQuery</c>,
    /// a caller who is neither the owner nor an administrator sees only the features they created (anonymous: none).
    /// </summary>
    private static WhereComparison? OwnershipRestriction(FeatureService service, FeatureLayer layer, Caller? caller, bool isOwnerOrAdmin)
    {
        var tracking = service.Definition.EditorTracking;
        if (!tracking.EnableOwnershipAccessControl || tracking.AllowOthersToQuery || isOwnerOrAdmin
            || layer.Definition.EditFields?.CreatorField is not { } creator || layer.Definition.FindField(creator) is not { } field)
        {
            return null;
        }

        return caller is null
            ? new WhereComparison(new WhereInteger(1), WhereComparisonOperator.Equal, new WhereInteger(0))
            : new WhereComparison(new WhereField(field), WhereComparisonOperator.Equal, new WhereString(caller.Username));
    }

    /// <summary>
    /// The spatial part, or null when the query has none. A null <c>Filter</c> means nothing can match (a table, or
    /// an empty query envelope); a null <c>Envelope</c> means the index cannot narrow the candidates.
    /// </summary>
    private static (SpatialFilter? Filter, Extent? Envelope)? Spatial(FeatureLayer layer, FeatureQuery query)
    {
        if (query.Geometry is not { } geometry)
        {
            return null;
        }

        var d = layer.Definition;
        if (d.IsTable)
        {
            return (null, null);
        }

        var layerSR = FeatureShapes.LayerSpatialReference(d);
        var inLayerSR = query.InSR is { } inSR && !inSR.IsSameAs(layerSR) ? Projection.Project(geometry, inSR, layerSR, "inSR") : geometry;
        var spatial = SpatialFilter.Create(inLayerSR, layerSR, query.SpatialRel, query.RelationParam, query.Distance, query.Units);
        return spatial.IndexEnvelope switch
        {
            { IsNull: true } => (null, null),
            { } env => (spatial, new Extent(env.MinX, env.MinY, env.MaxX, env.MaxY)),
            null => (spatial, null),
        };
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
