using Geohooks.Core.Errors;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Features.Editing;

/// <summary>
/// applyEdits and its single-purpose forms (spec resources §7, §8.4). One call is one transaction on the locked
/// service row: its edits either commit together with their change-log rows, the advanced server generation and the
/// feature-service events, or — with <c>rollbackOnFailure</c> and any failure — not at all.
/// </summary>
public sealed partial class FeatureEditor(IStore store, TimeProvider time)
{
    public async Task<IReadOnlyList<LayerEditResult>> ApplyAsync(
        Caller? caller, string serviceName, IReadOnlyList<LayerEdits> edits, EditOptions options, CancellationToken ct)
    {
        if (edits.Count == 0 || edits.All(e => e.IsEmpty))
        {
            throw Errors.Errors.BadRequest("At least one of 'adds', 'updates', 'deletes' or 'attachments' must be supplied.");
        }

        await using var session = await store.WriteAsync(ct);
        var (service, item) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: true, ct);
        var edit = new EditContext(session, service, caller, Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId), time.GetUtcNow().ToUnixTimeMilliseconds(), options);
        var results = new List<LayerEditResult>();
        foreach (var layerEdits in edits)
        {
            var layer = FeatureServices.FindLayer(service, layerEdits.LayerId);
            CheckCapabilities(service, layer, layerEdits);
            results.Add(await ApplyLayerAsync(edit, layer, layerEdits, ct));
        }

        var firstFailure = results.SelectMany(r => r.All).FirstOrDefault(r => !r.Success);
        if (firstFailure is not null && options.RollbackOnFailure)
        {
            throw new ArcGisException(400, "Unable to complete operation.", [firstFailure.Error!.Description, "Operation rolled back."]);
        }

        foreach (var result in results)
        {
            result.EditMoment = edit.Now;
        }

        if (edit.Changes.Count > 0)
        {
            await CommitChangesAsync(edit, ct);
            await session.CommitAsync(ct);
        }

        return results;
    }

    private static async Task<LayerEditResult> ApplyLayerAsync(EditContext edit, FeatureLayer layer, LayerEdits edits, CancellationToken ct)
    {
        var result = new LayerEditResult { LayerId = layer.Id, Attachments = edits.Attachments is null ? null : new AttachmentEditResults() };
        await AddAsync(edit, layer, edits.Adds, result.Adds, ct);
        await UpdateAsync(edit, layer, edits.Updates, result.Updates, ct);
        var deletes = edits.Deletes.ToList();
        if (edits.DeleteQuery is { } query)
        {
            deletes.AddRange((await query(edit.Session, layer, ct)).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await DeleteAsync(edit, layer, deletes, edit.Options.UseGlobalIds && edits.DeleteQuery is null, result.Deletes, ct);
        if (edits.Attachments is { } attachments)
        {
            await ApplyAttachmentEditsAsync(edit, layer, attachments, result.Attachments!, ct);
        }

        return result;
    }

    private static void CheckCapabilities(FeatureService service, FeatureLayer layer, LayerEdits edits)
    {
        var capabilities = layer.Definition.Capabilities ?? service.Definition.Capabilities;
        var deleting = edits.Deletes.Count > 0 || edits.DeleteQuery is not null;
        if ((edits.Adds.Count > 0 && !capabilities.Create) || (edits.Updates.Count > 0 && !capabilities.Update) || (deleting && !capabilities.Delete)
            || (edits.Attachments is not null && !capabilities.AnyEdit))
        {
            throw FeatureErrors.NotSupported($"Layer {layer.Id} does not allow this kind of edit (capabilities: {capabilities}).");
        }

        if (edits.Attachments is not null && !layer.Definition.HasAttachments)
        {
            throw FeatureErrors.NotSupported($"Layer {layer.Id} does not have attachments.");
        }
    }

    /// <summary>Writes the change log, advances the generation of each edited layer and of the service, and records the events.</summary>
    private static async Task CommitChangesAsync(EditContext edit, CancellationToken ct)
    {
        var service = edit.Service;
        var gen = edit.Generation;
        foreach (var group in edit.Changes.GroupBy(c => c.LayerId))
        {
            var layer = FeatureServices.FindLayer(service, group.Key);
            var changes = group.ToList();
            await edit.Session.Features.AppendChangesAsync(layer, changes, ct);
            await edit.Session.Features.UpdateLayerAsync(layer with { ServerGen = gen, LastEditDate = edit.Now, DataLastEditDate = edit.Now }, ct);
            await RecordEventsAsync(edit, layer, changes, ct);
        }

        await edit.Session.Features.UpdateAsync(service with { ServerGen = gen }, ct);
    }

    private static async Task RecordEventsAsync(EditContext edit, FeatureLayer layer, List<FeatureChange> changes, CancellationToken ct)
    {
        var features = changes.Where(c => c.AttachmentId is null).ToList();
        var attachments = changes.Where(c => c.AttachmentId is not null).ToList();
        var counts = new Dictionary<string, int>
        {
            ["adds"] = features.Count(c => c.Kind == ChangeKind.Insert),
            ["updates"] = features.Count(c => c.Kind == ChangeKind.Update),
            ["deletes"] = features.Count(c => c.Kind == ChangeKind.Delete),
        };
        var detail = new FeatureEventDetail(layer.Id, (edit.Service.ServerGen, edit.Generation), edit.Now, counts);
        foreach (var (kind, type) in new[] { (ChangeKind.Insert, FeatureChangeTypes.FeaturesCreated), (ChangeKind.Update, FeatureChangeTypes.FeaturesUpdated), (ChangeKind.Delete, FeatureChangeTypes.FeaturesDeleted) })
        {
            if (features.Any(c => c.Kind == kind))
            {
                await FeatureEvents.RecordAsync(edit.Session, edit.Caller, edit.Service, type, detail, ct);
            }
        }

        if (features.Count > 0)
        {
            await FeatureEvents.RecordAsync(edit.Session, edit.Caller, edit.Service, FeatureChangeTypes.FeaturesEdited, detail, ct);
        }

        foreach (var (kind, type) in new[] { (ChangeKind.Insert, FeatureChangeTypes.AttachmentsCreated), (ChangeKind.Update, FeatureChangeTypes.AttachmentsUpdated), (ChangeKind.Delete, FeatureChangeTypes.AttachmentsDeleted) })
        {
            if (attachments.Any(c => c.Kind == kind))
            {
                await FeatureEvents.RecordAsync(edit.Session, edit.Caller, edit.Service, type, detail with { Counts = new Dictionary<string, int> { ["attachments"] = attachments.Count(c => c.Kind == kind) } }, ct);
            }
        }
    }

    /// <summary>Everything one applyEdits call shares across its layers.</summary>
    private sealed class EditContext(IStoreSession session, FeatureService service, Caller? caller, bool isOwnerOrAdmin, long now, EditOptions options)
    {
        public IStoreSession Session => session;

        public FeatureService Service => service;

        public Caller? Caller => caller;

        /// <summary>Owners and administrators are not restricted by ownership-based access control.</summary>
        public bool IsOwnerOrAdmin => isOwnerOrAdmin;

        public long Now => now;

        public EditOptions Options => options;

        /// <summary>The generation this transaction commits.</summary>
        public long Generation => service.ServerGen + 1;

        public List<FeatureChange> Changes { get; } = [];

        public EditorTrackingInfo Tracking => service.Definition.EditorTracking;
    }
}
