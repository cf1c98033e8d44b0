using Geohooks.Core.Errors;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Where;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// Which feature changes a <see cref="HookFilter"/> lets through (a Geohooks extension). A change matches when its
/// feature — for an attachment change, the parent feature — satisfies the where clause and the spatial filter in one
/// of the states the edits of the generation range saw: before each of its updates and deletes there (the change
/// log's before-images), or right after the range — as it is now, or, when it was edited again since, as that later
/// change's before-image shows it. So an update moving a feature into the filter and one moving it out both match,
/// a delete is judged on the feature it removed, and a late match sees what the edit made, not what came after.
/// extractChanges' <c>filter</c> parameter keeps exactly the features these rules match.
/// </summary>
/// <remarks>
/// The where clause is parsed as the query's (<c>current_user</c> is NULL: a filter has no caller) and evaluated by
/// the store with the same SQL as a query; a state it fails to evaluate on does not match. Tables have no shapes, so
/// the spatial filter does not apply to them (as extractChanges' own <c>geometry</c>); <c>layers</c> leaves them out.
/// A filter that no longer fits a layer's schema (a field it names was deleted) matches nothing there.
/// </remarks>
public static class HookFilterMatcher
{
    /// <summary>
    /// True when any change of the layer with <paramref name="minGen"/> &lt; server gen ≤ <paramref name="maxGen"/>
    /// concerns a feature that matches <paramref name="filter"/>; text compares as <see cref="FeatureQueryOptions"/>' default.
    /// </summary>
    public static Task<bool> MatchesAsync(
        IStoreSession session, FeatureService service, int layerId, long minGen, long maxGen, HookFilter filter, CancellationToken ct) =>
        MatchesAsync(session, service, layerId, minGen, maxGen, filter, new FeatureQueryOptions(), TimeProvider.System, ct);

    /// <summary>As the other overload, comparing text as the server's <paramref name="options"/> and with its clock for CURRENT_*.</summary>
    public static async Task<bool> MatchesAsync(
        IStoreSession session, FeatureService service, int layerId, long minGen, long maxGen, HookFilter filter, FeatureQueryOptions options, TimeProvider time,
        CancellationToken ct)
    {
        if (service.FindLayer(layerId) is not { } layer || !Covers(filter, layer))
        {
            return false;
        }

        var changes = await session.Features.ReadChangesAsync(layer, minGen, maxGen, ct);
        return (await MatchingFeaturesAsync(session, layer, changes, maxGen, filter, options, time, ct)).Count > 0;
    }

    /// <summary>
    /// The object ids among the features of <paramref name="changes"/> (parents, for attachment changes), the changes of
    /// a range ending at <paramref name="maxGen"/>, that match the filter.
    /// </summary>
    internal static async Task<IReadOnlySet<long>> MatchingFeaturesAsync(
        IStoreSession session, FeatureLayer layer, IReadOnlyList<FeatureChange> changes, long maxGen, HookFilter filter, FeatureQueryOptions options,
        TimeProvider time, CancellationToken ct)
    {
        if (changes.Count == 0 || !Covers(filter, layer) || Compile(filter, layer) is not { } compiled)
        {
            return new HashSet<long>();
        }

        var (where, spatial) = compiled;

        var ids = changes.Select(c => c.ObjectId).Distinct().ToList();
        var later = await session.Features.ReadNextChangesAsync(layer, maxGen, ids, ct);
        var editedSince = later.Select(c => c.ObjectId).ToHashSet();
        var current = await session.Features.GetFeaturesAsync(layer, [.. ids.Where(id => !editedSince.Contains(id))], ct);
        var states = current.Concat(changes.Concat(later).Select(c => c.BeforeRow).OfType<FeatureRow>());
        if (spatial is not null)
        {
            states = states.Where(s => Inside(spatial, s));
        }

        var filterRows = new FeatureFilter
        {
            Where = where,
            CaseSensitive = options.CaseSensitiveText,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        return await session.Features.MatchRowsAsync(layer, [.. states], filterRows, ct);
    }

    private static bool Covers(HookFilter filter, FeatureLayer layer) => filter.Layers is null || filter.Layers.Contains(layer.Id);

    /// <summary>The where clause and spatial filter for the layer; null when the filter does not fit it any more.</summary>
    private static (WhereExpression? Where, SpatialFilter? Spatial)? Compile(HookFilter filter, FeatureLayer layer)
    {
        var d = layer.Definition;
        try
        {
            var where = filter.Where is null ? null : WhereParser.Parse(filter.Where, d.Fields, new WhereContext(null) { ParameterName = "filter.where" });
            var spatial = d.IsTable ? null : filter.SpatialFilterFor(FeatureShapes.LayerSpatialReference(d));
            return (where, spatial);
        }
        catch (ArcGisException)
        {
            return null;
        }
    }

    private static bool Inside(SpatialFilter spatial, FeatureRow state) =>
        state.Shape is { } shape
        && (spatial.IndexEnvelope is not { } bound || bound.Intersects(FeatureShapes.Envelope(shape)))
        && spatial.Matches(FeatureShapes.Load(shape));
}
