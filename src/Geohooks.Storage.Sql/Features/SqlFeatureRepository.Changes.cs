using System.Data.Common;
using System.Globalization;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

// The column deleted_row (migration 0006) holds FeatureChange.BeforeRow: the row before an update or a delete.
internal sealed partial class SqlFeatureRepository
{
    private const string ChangeColumns = "server_gen, kind, object_id, global_id, geometry_changed, attachment_id, deleted_row, edit_moment";

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
            $"""
            SELECT {ChangeColumns}
            FROM feature_changes
            WHERE service_key = @key AND layer_id = @layer AND server_gen > @after AND server_gen <= @to
            ORDER BY server_gen, id
            """,
            new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id, ["after"] = afterGen, ["to"] = toGen },
            r => ReadChange(r, layer),
            cancellationToken);

    public async Task<IReadOnlyList<FeatureChange>> ReadNextChangesAsync(FeatureLayer layer, long afterGen, IReadOnlyList<long> objectIds, CancellationToken cancellationToken)
    {
        var changes = new List<FeatureChange>();
        // Ids are integers, written into the statement; ids grow with generations, so a feature's first change has its least id.
        foreach (var chunk in objectIds.Distinct().Chunk(1000))
        {
            changes.AddRange(await db.QueryAsync(
                $"""
                SELECT {ChangeColumns}
                FROM feature_changes
                WHERE id IN (SELECT MIN(id) FROM feature_changes
                             WHERE service_key = @key AND layer_id = @layer AND server_gen > @after AND attachment_id IS NULL
                               AND object_id IN ({string.Join(", ", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)))})
                             GROUP BY object_id)
                """,
                new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id, ["after"] = afterGen },
                r => ReadChange(r, layer),
                cancellationToken));
        }

        return changes;
    }

    private static FeatureChange ReadChange(DbDataReader r, FeatureLayer layer) => new()
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
    };
}
