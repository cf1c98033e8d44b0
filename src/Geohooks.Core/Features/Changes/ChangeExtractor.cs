using System.Text.Json;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Features.Where;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks.Services;

namespace Geohooks.Core.Features.Changes;

/// <summary>
/// extractChanges (webhooks spec §6.1): what happened to each layer between two server generations, collapsed per
/// row — a row added and then edited is one add with its current state, a row added and deleted inside the range
/// is nothing, a row edited and then deleted is one delete.
/// </summary>
public sealed class ChangeExtractor(IStore store, FeatureQueryOptions options, TimeProvider time)
{
    public async Task<byte[]> ExtractAsync(Caller? caller, string serviceName, ExtractChangesRequest request, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var (service, _) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: false, ct);
        return await ExtractAsync(session, caller, service, request, ct);
    }

    /// <summary>
    /// The extractChanges document inlined in a webhook's full payload: read in the caller's session, from the service
    /// it already holds, with the owner's full access (no caller: <c>current_user</c> in <c>layerQueries</c> is NULL). A
    /// filter that no longer fits a layer matches nothing there instead of failing the delivery.
    /// </summary>
    public Task<byte[]> ExtractForWebhookAsync(IStoreSession session, FeatureService service, ExtractChangesRequest request, CancellationToken ct) =>
        ExtractCoreAsync(session, null, service, request, ct);

    /// <summary>extractChanges for a caller: a filter that does not fit the service is the 400 envelope.</summary>
    internal Task<byte[]> ExtractAsync(IStoreSession session, Caller? caller, FeatureService service, ExtractChangesRequest request, CancellationToken ct)
    {
        request.Filter?.Validate(service);
        return ExtractCoreAsync(session, caller, service, request, ct);
    }

    private async Task<byte[]> ExtractCoreAsync(IStoreSession session, Caller? caller, FeatureService service, ExtractChangesRequest request, CancellationToken ct)
    {
        if (!service.Definition.Capabilities.ChangeTracking)
        {
            throw FeatureErrors.NotSupported("Change tracking is not enabled on this service; add 'ChangeTracking' to its capabilities.");
        }

        var layers = (request.Layers ?? [.. service.Layers.Select(l => l.Id)]).Select(id => FeatureServices.FindLayer(service, id)).ToList();
        var edits = new List<LayerChanges>();
        foreach (var layer in layers)
        {
            edits.Add(await LayerAsync(session, caller, layer, request, ct));
        }

        return ChangesJson.Write(edits, request, request.OutSR);
    }

    private async Task<LayerChanges> LayerAsync(IStoreSession session, Caller? caller, FeatureLayer layer, ExtractChangesRequest request, CancellationToken ct)
    {
        // The layer query is checked before anything is read, so a bad one fails whether or not there are changes.
        var where = request.LayerWheres.TryGetValue(layer.Id, out var clause)
            ? WhereParser.Parse(clause, layer.Definition.Fields, new WhereContext(caller?.Username) { ParameterName = "layerQueries" })
            : null;
        var (min, max) = request.LayerServerGens.TryGetValue(layer.Id, out var own) ? own : request.ServerGens!.Value;
        var to = Math.Min(max ?? layer.ServerGen, layer.ServerGen);
        var changes = await session.Features.ReadChangesAsync(layer, min, to, ct);
        if (request.Filter is { } filter)
        {
            var matching = await HookFilterMatcher.MatchingFeaturesAsync(session, layer, changes, to, filter, options, time, ct);
            changes = [.. changes.Where(c => matching.Contains(c.ObjectId))];
        }

        var rows = Collapse(changes.Where(c => c.AttachmentId is null), c => c.ObjectId);
        var adds = rows.Where(r => r.First.Kind == ChangeKind.Insert && r.Last.Kind != ChangeKind.Delete).Select(r => r.Last.ObjectId).ToList();
        var updates = rows.Where(r => r.First.Kind == ChangeKind.Update && r.Last.Kind != ChangeKind.Delete).ToList();
        var deletes = rows.Where(r => r.Last.Kind == ChangeKind.Delete && r.First.Kind != ChangeKind.Insert).Select(r => r.Last).ToList();
        var current = await CurrentAsync(session, layer, request, where, [.. adds, .. updates.Select(u => u.Last.ObjectId)], ct);
        var result = new LayerChanges(layer, to)
        {
            Adds = request.ReturnInserts ? [.. adds.Where(current.ContainsKey).Select(id => current[id])] : [],
            Updates = request.ReturnUpdates ? [.. updates.Where(u => current.ContainsKey(u.Last.ObjectId)).Select(u => current[u.Last.ObjectId] with { GeometryChanged = u.GeometryChanged })] : [],
            Deletes = request.ReturnDeletes ? [.. deletes.Select(d => new ChangedRow(d.ObjectId, d.GlobalId, Shapes(layer, d.BeforeRow, request.OutSR), d.BeforeRow, true))] : [],
        };
        if (request.ReturnAttachments && layer.Definition.HasAttachments)
        {
            var attachments = Collapse(changes.Where(c => c.AttachmentId is not null), c => c.AttachmentId!.Value);
            var live = attachments.Where(a => a.Last.Kind != ChangeKind.Delete).Select(a => a.Last.AttachmentId!.Value).ToList();
            var infos = (await session.Features.FindAttachmentsAsync(layer, live, ct)).ToDictionary(a => a.Id);
            result = result with
            {
                AttachmentAdds = [.. attachments.Where(a => a.First.Kind == ChangeKind.Insert && a.Last.Kind != ChangeKind.Delete && infos.ContainsKey(a.Last.AttachmentId!.Value)).Select(a => infos[a.Last.AttachmentId!.Value])],
                AttachmentUpdates = [.. attachments.Where(a => a.First.Kind == ChangeKind.Update && a.Last.Kind != ChangeKind.Delete && infos.ContainsKey(a.Last.AttachmentId!.Value)).Select(a => infos[a.Last.AttachmentId!.Value])],
                AttachmentDeletes = [.. attachments.Where(a => a.Last.Kind == ChangeKind.Delete && a.First.Kind != ChangeKind.Insert).Select(a => a.Last.AttachmentId!.Value)],
            };
        }

        return result;
    }

    /// <summary>The current state of the rows still present, filtered by the layer query and the geometry filter.</summary>
    private async Task<Dictionary<long, ChangedRow>> CurrentAsync(
        IStoreSession session, FeatureLayer layer, ExtractChangesRequest request, WhereExpression? where, List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var d = layer.Definition;
        var filter = new FeatureFilter
        {
            ObjectIds = ids,
            Where = where,
            CaseSensitive = options.CaseSensitiveText,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var rows = await session.Features.SelectAsync(layer, new FeatureSelect { Filter = filter, Fields = [.. d.Fields.Select(f => f.Name)], Shape = !d.IsTable }, ct);
        SpatialFilter? spatial = null;
        var layerSR = FeatureShapes.LayerSpatialReference(d);
        if (request.Geometry is { } geometry && !d.IsTable)
        {
            var inLayerSR = request.InSR is { } inSR && !inSR.IsSameAs(layerSR) ? Projection.Project(geometry, inSR, layerSR, "inSR") : geometry;
            spatial = SpatialFilter.Create(inLayerSR, layerSR, request.SpatialRel);
        }

        var result = new Dictionary<long, ChangedRow>();
        foreach (var row in rows)
        {
            if (spatial is null || spatial.Matches(FeatureShapes.Load(row.Shape)))
            {
                result[row.ObjectId] = new ChangedRow(row.ObjectId, row.GlobalId, Shapes(layer, row, request.OutSR), row, false);
            }
        }

        return result;
    }

    private static NetTopologySuite.Geometries.Geometry? Shapes(FeatureLayer layer, FeatureRow? row, SpatialReference? outSR)
    {
        var shape = FeatureShapes.Load(row?.Shape);
        var layerSR = FeatureShapes.LayerSpatialReference(layer.Definition);
        return shape is not null && outSR is not null && !outSR.IsSameAs(layerSR) ? Projection.Project(shape, layerSR, outSR, "outSR") : shape;
    }

    private static List<(FeatureChange First, FeatureChange Last, bool GeometryChanged)> Collapse(IEnumerable<FeatureChange> changes, Func<FeatureChange, long> key) =>
        [.. changes.GroupBy(key).Select(g => (g.First(), g.Last(), g.Any(c => c.GeometryChanged)))];
}

/// <summary>One row in an extractChanges answer: its state (current, or last before deletion) and shape in the output SR.</summary>
public sealed record ChangedRow(long ObjectId, string? GlobalId, NetTopologySuite.Geometries.Geometry? Shape, FeatureRow? Row, bool Deleted)
{
    public bool GeometryChanged { get; init; }
}

/// <summary>The collapsed changes of one layer.</summary>
public sealed record LayerChanges(FeatureLayer Layer, long ServerGen)
{
    public IReadOnlyList<ChangedRow> Adds { get; init; } = [];

    public IReadOnlyList<ChangedRow> Updates { get; init; } = [];

    public IReadOnlyList<ChangedRow> Deletes { get; init; } = [];

    public IReadOnlyList<Attachment> AttachmentAdds { get; init; } = [];

    public IReadOnlyList<Attachment> AttachmentUpdates { get; init; } = [];

    public IReadOnlyList<long> AttachmentDeletes { get; init; } = [];
}
