using System.Data.Common;
using System.Globalization;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

internal sealed partial class SqlFeatureRepository
{
    private const string AttachmentColumns = "attachment_id, parent_object_id, parent_global_id, global_id, name, content_type, size, keywords";

    public Task InsertAttachmentAsync(FeatureLayer layer, Attachment attachment, byte[] data, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            INSERT INTO feature_attachments (service_key, layer_id, attachment_id, parent_object_id, parent_global_id, global_id, name,
                                             content_type, size, keywords, data)
            VALUES (@key, @layer, @id, @parent, @parent_gid, @gid, @name, @type, @size, @keywords, @data)
            """,
            AttachmentArgs(layer, attachment, data),
            cancellationToken);

    public Task UpdateAttachmentAsync(FeatureLayer layer, Attachment attachment, byte[] data, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            UPDATE feature_attachments SET name = @name, content_type = @type, size = @size, keywords = @keywords, data = @data
            WHERE service_key = @key AND layer_id = @layer AND attachment_id = @id
            """,
            AttachmentArgs(layer, attachment, data),
            cancellationToken);

    public Task DeleteAttachmentsAsync(FeatureLayer layer, IReadOnlyList<long> attachmentIds, CancellationToken cancellationToken) =>
        db.ExecuteEachAsync(
            "DELETE FROM feature_attachments WHERE service_key = @key AND layer_id = @layer AND attachment_id = @id",
            attachmentIds.Select(id => new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id, ["id"] = id }),
            cancellationToken);

    public async Task<IReadOnlyList<Attachment>> ListAttachmentsAsync(FeatureLayer layer, IReadOnlyList<long>? parentObjectIds, CancellationToken cancellationToken)
    {
        var parents = parentObjectIds is null ? ""
            : parentObjectIds.Count == 0 ? " AND 1 = 0"
            : " AND parent_object_id IN (" + string.Join(", ", parentObjectIds.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture))) + ")";
        return await db.QueryAsync(
            $"SELECT {AttachmentColumns} FROM feature_attachments WHERE service_key = @key AND layer_id = @layer{parents} ORDER BY parent_object_id, attachment_id",
            new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id },
            ReadAttachment,
            cancellationToken);
    }

    public async Task<IReadOnlyList<Attachment>> FindAttachmentsAsync(FeatureLayer layer, IReadOnlyList<long> attachmentIds, CancellationToken cancellationToken)
    {
        if (attachmentIds.Count == 0)
        {
            return [];
        }

        var ids = string.Join(", ", attachmentIds.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return await db.QueryAsync(
            $"SELECT {AttachmentColumns} FROM feature_attachments WHERE service_key = @key AND layer_id = @layer AND attachment_id IN ({ids}) ORDER BY attachment_id",
            new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id },
            ReadAttachment,
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, Attachment>> FindAttachmentsByGlobalIdAsync(FeatureLayer layer, IReadOnlyList<string> globalIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Attachment>(StringComparer.OrdinalIgnoreCase);
        foreach (var globalId in globalIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (GlobalIds.Normalize(globalId) is { } canonical
                && await db.QuerySingleAsync(
                    $"SELECT {AttachmentColumns} FROM feature_attachments WHERE service_key = @key AND layer_id = @layer AND global_id = @gid",
                    new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id, ["gid"] = canonical },
                    ReadAttachment,
                    cancellationToken) is { } attachment)
            {
                result[globalId] = attachment;
            }
        }

        return result;
    }

    public async Task<byte[]?> GetAttachmentDataAsync(FeatureLayer layer, long attachmentId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(
            "SELECT data FROM feature_attachments WHERE service_key = @key AND layer_id = @layer AND attachment_id = @id",
            new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id, ["id"] = attachmentId },
            r => r.Bytes(0),
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static SqlArgs AttachmentArgs(FeatureLayer layer, Attachment a, byte[] data) => new()
    {
        ["key"] = layer.ServiceKey,
        ["layer"] = layer.Id,
        ["id"] = a.Id,
        ["parent"] = a.ParentObjectId,
        ["parent_gid"] = a.ParentGlobalId,
        ["gid"] = a.GlobalId,
        ["name"] = a.Name,
        ["type"] = a.ContentType,
        ["size"] = a.Size,
        ["keywords"] = a.Keywords,
        ["data"] = data,
    };

    private static Attachment ReadAttachment(DbDataReader r) => new()
    {
        Id = r.Long(0),
        ParentObjectId = r.Long(1),
        ParentGlobalId = r.TextOrNull(2),
        GlobalId = r.Text(3),
        Name = r.Text(4),
        ContentType = r.Text(5),
        Size = r.Long(6),
        Keywords = r.Text(7),
    };
}
