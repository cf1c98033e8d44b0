using System.Globalization;
using System.Text;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

internal sealed partial class SqlFeatureRepository
{
    private const string ShapeColumns = "__shape, __xmin, __ymin, __xmax, __ymax";

    public async Task InsertFeaturesAsync(FeatureLayer layer, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var d = layer.Definition;
        var fields = AttributeFields(layer);
        var columns = new List<string> { SqlNames.Quote(d.ObjectIdField) };
        if (d.GlobalIdField is { } gid)
        {
            columns.Add(SqlNames.Quote(gid));
        }

        columns.AddRange(fields.Select(SqlNames.Quote));
        if (!d.IsTable)
        {
            columns.Add(ShapeColumns);
        }

        var parameters = new List<string> { "oid" };
        if (d.GlobalIdField is not null)
        {
            parameters.Add("gid");
        }

        parameters.AddRange(fields.Select((_, i) => "f" + i.ToString(CultureInfo.InvariantCulture)));
        if (!d.IsTable)
        {
            parameters.AddRange(["shape", "xmin", "ymin", "xmax", "ymax"]);
        }

        await db.InsertManyAsync(
            $"INSERT INTO {SqlNames.Quote(layer.TableName)} ({string.Join(", ", columns)}) VALUES ",
            parameters,
            [.. rows.Select(row => RowArgs(layer, fields, row))],
            cancellationToken);
    }

    public async Task UpdateFeatureAsync(FeatureLayer layer, FeatureRow row, IReadOnlyCollection<string> fields, bool shape, CancellationToken cancellationToken)
    {
        var set = new StringBuilder();
        var args = new SqlArgs { ["oid"] = row.ObjectId };
        var i = 0;
        foreach (var field in fields)
        {
            set.Append(set.Length == 0 ? "" : ", ").Append(SqlNames.Quote(field)).Append(" = @f").Append(i);
            args["f" + i++] = row.Attributes.GetValueOrDefault(field);
        }

        if (shape && !layer.Definition.IsTable)
        {
            set.Append(set.Length == 0 ? "" : ", ").Append("__shape = @shape, __xmin = @xmin, __ymin = @ymin, __xmax = @xmax, __ymax = @ymax");
            AddShape(args, row.Shape);
        }

        if (set.Length > 0)
        {
            await db.ExecuteAsync(
                $"UPDATE {SqlNames.Quote(layer.TableName)} SET {set} WHERE {SqlNames.Quote(layer.Definition.ObjectIdField)} = @oid",
                args,
                cancellationToken);
        }
    }

    public async Task DeleteFeaturesAsync(FeatureLayer layer, IReadOnlyList<long> objectIds, CancellationToken cancellationToken)
    {
        // Ids are integers, written into the statement: a thousand rows a statement, no bind-parameter limits.
        foreach (var chunk in objectIds.Distinct().Chunk(1000))
        {
            var ids = string.Join(", ", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            await db.ExecuteAsync($"DELETE FROM {SqlNames.Quote(layer.TableName)} WHERE {SqlNames.Quote(layer.Definition.ObjectIdField)} IN ({ids})", null, cancellationToken);
            if (layer.Definition.HasAttachments)
            {
                await db.ExecuteAsync(
                    $"DELETE FROM feature_attachments WHERE service_key = @key AND layer_id = @layer AND parent_object_id IN ({ids})",
                    new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id },
                    cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<FeatureRow>> GetFeaturesAsync(FeatureLayer layer, IReadOnlyList<long> objectIds, CancellationToken cancellationToken)
    {
        if (objectIds.Count == 0)
        {
            return [];
        }

        return await SelectAsync(
            layer,
            new FeatureSelect { Filter = new FeatureFilter { ObjectIds = objectIds }, Fields = AttributeFields(layer), Shape = !layer.Definition.IsTable },
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, long>> FindByGlobalIdsAsync(FeatureLayer layer, IReadOnlyList<string> globalIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (layer.Definition.GlobalIdField is not { } gid)
        {
            return result;
        }

        var sql = $"SELECT {SqlNames.Quote(layer.Definition.ObjectIdField)} FROM {SqlNames.Quote(layer.TableName)} WHERE {SqlNames.Quote(gid)} = @gid";
        foreach (var globalId in globalIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var canonical = GlobalIds.Normalize(globalId);
            if (canonical is not null
                && await db.QuerySingleAsync(sql, new SqlArgs { ["gid"] = canonical }, r => (object)r.Long(0), cancellationToken) is long oid)
            {
                result[globalId] = oid;
            }
        }

        return result;
    }

    /// <summary>The attribute fields that are plain columns: every field but the object id and GlobalID.</summary>
    internal static IReadOnlyList<string> AttributeFields(FeatureLayer layer) =>
        [.. layer.Definition.Fields
            .Where(f => f.Name != layer.Definition.ObjectIdField && f.Name != layer.Definition.GlobalIdField)
            .Select(f => f.Name)];

    private static SqlArgs RowArgs(FeatureLayer layer, IReadOnlyList<string> fields, FeatureRow row)
    {
        var args = new SqlArgs { ["oid"] = row.ObjectId };
        if (layer.Definition.GlobalIdField is not null)
        {
            args["gid"] = row.GlobalId;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            args["f" + i] = row.Attributes.GetValueOrDefault(fields[i]);
        }

        if (!layer.Definition.IsTable)
        {
            AddShape(args, row.Shape);
        }

        return args;
    }

    private static void AddShape(SqlArgs args, StoredShape? shape)
    {
        args["shape"] = shape?.Bytes;
        args["xmin"] = shape?.XMin;
        args["ymin"] = shape?.YMin;
        args["xmax"] = shape?.XMax;
        args["ymax"] = shape?.YMax;
    }
}
