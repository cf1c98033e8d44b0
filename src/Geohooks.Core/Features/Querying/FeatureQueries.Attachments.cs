using Geohooks.Core.Features.Where;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Features.Querying;

/// <summary>A <c>queryAttachments</c> request (spec resources §8.3); at least one way to pick parents is required.</summary>
public sealed record AttachmentQuery
{
    public IReadOnlyList<long>? ObjectIds { get; init; }

    public IReadOnlyList<string>? GlobalIds { get; init; }

    public string? DefinitionExpression { get; init; }

    public IReadOnlyList<string>? AttachmentTypes { get; init; }

    public IReadOnlyList<string>? Keywords { get; init; }

    public (long Min, long Max)? Size { get; init; }
}

/// <summary>The attachments of one parent feature.</summary>
public sealed record AttachmentGroup(long ParentObjectId, string? ParentGlobalId, IReadOnlyList<Attachment> Attachments);

public sealed partial class FeatureQueries
{
    /// <summary><c>&lt;oid&gt;/attachments</c>: the feature's attachment infos; a missing feature is an error.</summary>
    public async Task<IReadOnlyList<Attachment>> ListAttachmentsAsync(Caller? caller, string serviceName, int layerId, long objectId, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var layer = await AttachmentLayerAsync(session, caller, serviceName, layerId, ct);
        if ((await session.Features.GetFeaturesAsync(layer, [objectId], ct)).Count == 0)
        {
            throw FeatureErrors.FeatureNotFound(objectId);
        }

        return await session.Features.ListAttachmentsAsync(layer, [objectId], ct);
    }

    /// <summary><c>&lt;oid&gt;/attachments/&lt;id&gt;</c>: the attachment and its bytes.</summary>
    public async Task<(Attachment Attachment, byte[] Data)> GetAttachmentAsync(Caller? caller, string serviceName, int layerId, long objectId, long attachmentId, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var layer = await AttachmentLayerAsync(session, caller, serviceName, layerId, ct);
        var attachment = (await session.Features.FindAttachmentsAsync(layer, [attachmentId], ct)).SingleOrDefault();
        if (attachment is null || attachment.ParentObjectId != objectId
            || await session.Features.GetAttachmentDataAsync(layer, attachmentId, ct) is not { } data)
        {
            throw FeatureErrors.AttachmentNotFound(attachmentId);
        }

        return (attachment, data);
    }

    public async Task<IReadOnlyList<AttachmentGroup>> QueryAttachmentsAsync(Caller? caller, string serviceName, int layerId, AttachmentQuery query, CancellationToken ct)
    {
        if (query.ObjectIds is null && query.GlobalIds is null && string.IsNullOrWhiteSpace(query.DefinitionExpression))
        {
            throw FeatureErrors.InvalidQuery("objectIds", "One of 'objectIds', 'globalIds' or 'definitionExpression' must be specified.");
        }

        await using var session = await store.ReadAsync(ct);
        var layer = await AttachmentLayerAsync(session, caller, serviceName, layerId, ct);
        var d = layer.Definition;
        var ids = query.ObjectIds?.ToList();
        if (query.GlobalIds is { } globalIds)
        {
            var found = (await session.Features.FindByGlobalIdsAsync(layer, globalIds, ct)).Values.ToList();
            ids = ids is null ? found : [.. ids.Intersect(found)];
        }

        var filter = new FeatureFilter
        {
            ObjectIds = ids,
            Where = string.IsNullOrWhiteSpace(query.DefinitionExpression) ? null
                : WhereParser.Parse(query.DefinitionExpression, d.Fields, new WhereContext(caller?.Username) { ParameterName = "definitionExpression" }),
            CaseSensitive = options.CaseSensitiveText,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var parents = await session.Features.SelectAsync(layer, new FeatureSelect { Filter = filter }, ct);
        var attachments = await session.Features.ListAttachmentsAsync(layer, [.. parents.Select(p => p.ObjectId)], ct);
        var types = query.AttachmentTypes?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keywords = query.Keywords?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. attachments
            .Where(a => types is null || types.Contains(a.ContentType))
            .Where(a => keywords is null || keywords.Contains(a.Keywords))
            .Where(a => query.Size is not { } size || (a.Size >= size.Min && a.Size <= size.Max))
            .GroupBy(a => a.ParentObjectId)
            .Select(g => new AttachmentGroup(g.Key, g.First().ParentGlobalId, [.. g]))];
    }

    private static async Task<FeatureLayer> AttachmentLayerAsync(IStoreSession session, Caller? caller, string serviceName, int layerId, CancellationToken ct)
    {
        var (service, _) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: false, ct);
        var layer = FeatureServices.FindLayer(service, layerId);
        if (!layer.Definition.HasAttachments)
        {
            throw FeatureErrors.NotSupported($"Layer {layerId} does not have attachments.");
        }

        return (layer.Definition.Capabilities ?? service.Definition.Capabilities).Query
            ? layer
            : throw FeatureErrors.NotSupported("The Query capability is not enabled on this layer.");
    }
}
