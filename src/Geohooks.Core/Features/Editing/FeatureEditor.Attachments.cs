using System.Text.Json;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Features.Editing;

/// <summary>An uploaded attachment file.</summary>
public sealed record AttachmentUpload(string Name, string ContentType, byte[] Data);

public sealed partial class FeatureEditor
{
    /// <summary><c>&lt;oid&gt;/addAttachment</c>: returns the new attachment's id and GlobalID, or the 1008 failure.</summary>
    public Task<EditResult> AddAttachmentAsync(
        Caller? caller, string serviceName, int layerId, long parentObjectId, AttachmentUpload upload, string? keywords, CancellationToken ct) =>
        RunAttachmentEditAsync(caller, serviceName, layerId, async (edit, layer) =>
        {
            var parent = (await edit.Session.Features.GetFeaturesAsync(layer, [parentObjectId], ct)).SingleOrDefault();
            if (parent is null)
            {
                return new EditResult(-1, null, EditError.AddAttachmentFailed());
            }

            return await InsertAttachmentAsync(edit, layer, parent, GlobalIds.New(), upload, keywords ?? "", ct);
        }, ct);

    /// <summary><c>&lt;oid&gt;/updateAttachment</c>: replaces the file of one attachment of the feature.</summary>
    public Task<EditResult> UpdateAttachmentAsync(
        Caller? caller, string serviceName, int layerId, long parentObjectId, long attachmentId, AttachmentUpload upload, CancellationToken ct) =>
        RunAttachmentEditAsync(caller, serviceName, layerId, async (edit, layer) =>
        {
            var attachment = (await edit.Session.Features.FindAttachmentsAsync(layer, [attachmentId], ct)).SingleOrDefault();
            return attachment is null || attachment.ParentObjectId != parentObjectId
                ? new EditResult(attachmentId, null, EditError.UpdateAttachmentFailed())
                : await ReplaceAttachmentAsync(edit, layer, attachment, upload, ct);
        }, ct);

    /// <summary><c>&lt;oid&gt;/deleteAttachments</c>: one result per id, in input order.</summary>
    public Task<IReadOnlyList<EditResult>> DeleteAttachmentsAsync(
        Caller? caller, string serviceName, int layerId, long parentObjectId, IReadOnlyList<long> attachmentIds, CancellationToken ct) =>
        RunAttachmentEditAsync<IReadOnlyList<EditResult>>(caller, serviceName, layerId, async (edit, layer) =>
        {
            var results = new List<EditResult>();
            var found = (await edit.Session.Features.FindAttachmentsAsync(layer, attachmentIds, ct)).ToDictionary(a => a.Id);
            foreach (var id in attachmentIds)
            {
                results.Add(found.Remove(id, out var attachment) && attachment.ParentObjectId == parentObjectId
                    ? await RemoveAttachmentAsync(edit, layer, attachment, ct)
                    : new EditResult(id, null, EditError.DeleteAttachmentFailed()));
            }

            return results;
        }, ct);

    /// <summary>The <c>attachments</c> block of applyEdits (GlobalID-addressed; data inline as base64).</summary>
    private static async Task ApplyAttachmentEditsAsync(EditContext edit, FeatureLayer layer, AttachmentEdits edits, AttachmentEditResults results, CancellationToken ct)
    {
        if (!edit.Options.UseGlobalIds)
        {
            throw Errors.Errors.InvalidParameter("attachments", "attachment edits need useGlobalIds=true.");
        }

        foreach (var add in edits.Adds)
        {
            var globalId = Text(add, "globalId");
            try
            {
                var id = GlobalIds.Normalize(globalId) ?? throw new EditFailedException(EditError.MissingGlobalId());
                var parentGlobalId = Text(add, "parentGlobalId");
                var parents = await edit.Session.Features.FindByGlobalIdsAsync(layer, parentGlobalId is null ? [] : [parentGlobalId], ct);
                var parent = parents.Count == 0 ? null : (await edit.Session.Features.GetFeaturesAsync(layer, [parents.Values.Single()], ct)).SingleOrDefault();
                if (parent is null || (await edit.Session.Features.FindAttachmentsByGlobalIdAsync(layer, [id], ct)).Count > 0)
                {
                    throw new EditFailedException(EditError.AddAttachmentFailed());
                }

                results.Adds.Add(await InsertAttachmentAsync(edit, layer, parent, id, Upload(add, EditError.AddAttachmentFailed()), Text(add, "keywords") ?? "", ct));
            }
            catch (EditFailedException e)
            {
                results.Adds.Add(new EditResult(-1, globalId, e.Error));
            }
        }

        foreach (var update in edits.Updates)
        {
            var globalId = Text(update, "globalId");
            var found = await edit.Session.Features.FindAttachmentsByGlobalIdAsync(layer, globalId is null ? [] : [globalId], ct);
            try
            {
                var attachment = found.Count == 1 ? found.Values.Single() : throw new EditFailedException(EditError.UpdateAttachmentFailed());
                results.Updates.Add(await ReplaceAttachmentAsync(edit, layer, attachment, Upload(update, EditError.UpdateAttachmentFailed()), ct));
            }
            catch (EditFailedException e)
            {
                results.Updates.Add(new EditResult(-1, globalId, e.Error));
            }
        }

        var deletes = await edit.Session.Features.FindAttachmentsByGlobalIdAsync(layer, edits.Deletes, ct);
        foreach (var globalId in edits.Deletes)
        {
            results.Deletes.Add(deletes.TryGetValue(globalId, out var attachment)
                ? await RemoveAttachmentAsync(edit, layer, attachment, ct)
                : new EditResult(-1, globalId, EditError.DeleteAttachmentFailed()));
        }
    }

    private static async Task<EditResult> InsertAttachmentAsync(
        EditContext edit, FeatureLayer layer, FeatureRow parent, string globalId, AttachmentUpload upload, string keywords, CancellationToken ct)
    {
        var id = await edit.Session.Features.AllocateAttachmentIdsAsync(layer, 1, ct);
        var attachment = new Attachment
        {
            Id = id, ParentObjectId = parent.ObjectId, ParentGlobalId = parent.GlobalId, GlobalId = globalId,
            Name = upload.Name, ContentType = upload.ContentType, Size = upload.Data.LongLength, Keywords = keywords,
        };
        await edit.Session.Features.InsertAttachmentAsync(layer, attachment, upload.Data, ct);
        edit.Changes.Add(AttachmentChange(edit, layer, attachment, ChangeKind.Insert));
        return new EditResult(id, globalId, null);
    }

    private static async Task<EditResult> ReplaceAttachmentAsync(EditContext edit, FeatureLayer layer, Attachment attachment, AttachmentUpload upload, CancellationToken ct)
    {
        var updated = attachment with { Name = upload.Name, ContentType = upload.ContentType, Size = upload.Data.LongLength };
        await edit.Session.Features.UpdateAttachmentAsync(layer, updated, upload.Data, ct);
        edit.Changes.Add(AttachmentChange(edit, layer, updated, ChangeKind.Update));
        return new EditResult(updated.Id, updated.GlobalId, null);
    }

    private static async Task<EditResult> RemoveAttachmentAsync(EditContext edit, FeatureLayer layer, Attachment attachment, CancellationToken ct)
    {
        await edit.Session.Features.DeleteAttachmentsAsync(layer, [attachment.Id], ct);
        edit.Changes.Add(AttachmentChange(edit, layer, attachment, ChangeKind.Delete));
        return new EditResult(attachment.Id, attachment.GlobalId, null);
    }

    private static FeatureChange AttachmentChange(EditContext edit, FeatureLayer layer, Attachment attachment, ChangeKind kind) => new()
    {
        LayerId = layer.Id, ServerGen = edit.Generation, Kind = kind, ObjectId = attachment.ParentObjectId,
        GlobalId = attachment.ParentGlobalId, AttachmentId = attachment.Id, EditMoment = edit.Now,
    };

    private async Task<T> RunAttachmentEditAsync<T>(
        Caller? caller, string serviceName, int layerId, Func<EditContext, FeatureLayer, Task<T>> apply, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var (service, item) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: true, ct);
        var layer = FeatureServices.FindLayer(service, layerId);
        CheckCapabilities(service, layer, new LayerEdits { LayerId = layerId, Attachments = new AttachmentEdits() });
        var edit = new EditContext(session, service, caller, Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId), time.GetUtcNow().ToUnixTimeMilliseconds(), new EditOptions());
        var result = await apply(edit, layer);
        if (edit.Changes.Count > 0)
        {
            await CommitChangesAsync(edit, ct);
            await session.CommitAsync(ct);
        }

        return result;
    }

    private static AttachmentUpload Upload(JsonElement json, EditError failure)
    {
        if (Text(json, "uploadId") is not null || Text(json, "data") is not { } data)
        {
            throw new EditFailedException(failure); // uploads by id are not supported; data must be inline
        }

        try
        {
            return new AttachmentUpload(Text(json, "name") ?? "attachment", Text(json, "contentType") ?? "application/octet-stream", Convert.FromBase64String(data));
        }
        catch (FormatException)
        {
            throw new EditFailedException(failure);
        }
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
