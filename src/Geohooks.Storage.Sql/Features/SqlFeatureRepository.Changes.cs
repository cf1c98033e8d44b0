using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

// The column deleted_row (migration 0006) holds FeatureChange.BeforeRow: the row before an update or a delete.
internal sealed partial class SqlFeatureRepository
{
    private static readonly string[] ChangeParameters = ["key", "layer", "gen", "kind", "oid", "gid", "geometry", "attachment", "before", "moment"];

    public Task AppendChangesAsync(FeatureLayer layer, IReadOnlyList<FeatureChange> changes, CancellationToken cancellationToken) =>
        db.InsertManyAsync(
            "INSERT INTO feature_changes (service_key, layer_id, server_gen, kind, object_id, global_id, geometry_changed, attachment_id, deleted_row, edit_moment) VALUES ",
            ChangeParameters,
            [.. changes.Select(c => new SqlArgs
            {
                ["key"] = layer.ServiceKey,
                ["layer"] = layer.Id,
                ["gen"] = c.ServerGen,
                ["kind"] = (int)c.Kind,
                ["oid"] = c.ObjectId,
                ["gid"] = c.GlobalId,
                ["geometry"] = c.GeometryChanged,
                ["attachment"] = c.AttachmentId,
                ["before"] = c.BeforeRow is null ? null : FeatureRowJson.Write(c.BeforeRow),
                ["moment"] = c.EditMoment,
            })],
            cancellationToken);

    public async Task<IReadOnlyList<FeatureChange>> ReadChangesAsync(FeatureLayer layer, long afterGen, long toGen, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            """
            SELECT server_gen, kind, object_id, global_id, geometry_changed, attachment_id, deleted_row, edit_moment
            FROM feature_changes
            WHERE service_key = @key AND layer_id = @layer AND server_gen > @after AND server_gen <= @to
            ORDER BY server_gen, id
            """,
            new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id, ["after"] = afterGen, ["to"] = toGen },
            r => new FeatureChange
            {
                LayerId = layer.Id,
                ServerGen = r.Long(0),
                Kind = (ChangeKind)r.Int(1),
                ObjectId = r.Long(2),
                GlobalId = r.TextOrNull(3),
                GeometryChanged = r.Bool(4),
                AttachmentId = r.LongOrNull(5),
                BeforeRow = r.TextOrNull(6) is { } json ? FeatureRowJson.Read(json) : null,
                EditMoment = r.Long(7),
            },
            cancellationToken);
}
