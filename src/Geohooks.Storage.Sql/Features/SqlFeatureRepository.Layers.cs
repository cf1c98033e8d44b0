using System.Text;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Storage.Sql.Features;

internal sealed partial class SqlFeatureRepository
{
    public async Task CreateLayerAsync(FeatureLayer layer, CancellationToken cancellationToken)
    {
        var definition = layer.Definition;
        var columns = new StringBuilder();
        foreach (var field in definition.Fields)
        {
            columns.Append(columns.Length == 0 ? "" : ", ").Append(ColumnDefinition(field, isObjectId: field.Name == definition.ObjectIdField));
        }

        if (!definition.IsTable)
        {
            columns.Append(", __shape ").Append(Dialect.ColumnType(FieldType.Blob))
                .Append(", __xmin DOUBLE PRECISION, __ymin DOUBLE PRECISION, __xmax DOUBLE PRECISION, __ymax DOUBLE PRECISION");
        }

        var table = SqlNames.Quote(layer.TableName);
        await db.ExecuteAsync($"CREATE TABLE {table} ({columns})", null, cancellationToken);
        if (definition.GlobalIdField is { } globalId)
        {
            await db.ExecuteAsync($"CREATE UNIQUE INDEX {SqlNames.Quote(layer.TableName + "_gid")} ON {table} ({SqlNames.Quote(globalId)})", null, cancellationToken);
        }

        if (!definition.IsTable)
        {
            foreach (var statement in Dialect.CreateSpatialIndex(layer.TableName, definition.ObjectIdField))
            {
                await db.ExecuteAsync(statement, null, cancellationToken);
            }
        }

        await db.ExecuteAsync(
            $"""
            INSERT INTO feature_layers (service_key, layer_id, definition, server_gen, min_server_gen, next_object_id, next_attachment_id,
                                        last_edit, schema_last_edit, data_last_edit)
            VALUES (@key, @layer, @definition, @gen, @min_gen, 1, 1, @last, @schema, @data)
            """,
            LayerArgs(layer),
            cancellationToken);
    }

    public Task UpdateLayerAsync(FeatureLayer layer, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            UPDATE feature_layers SET definition = @definition, server_gen = @gen, min_server_gen = @min_gen, last_edit = @last,
                                      schema_last_edit = @schema, data_last_edit = @data
            WHERE service_key = @key AND layer_id = @layer
            """,
            LayerArgs(layer),
            cancellationToken);

    public async Task DropLayerAsync(FeatureLayer layer, CancellationToken cancellationToken)
    {
        if (!layer.Definition.IsTable)
        {
            foreach (var statement in Dialect.DropSpatialIndex(layer.TableName))
            {
                await db.ExecuteAsync(statement, null, cancellationToken);
            }
        }

        var args = new SqlArgs { ["key"] = layer.ServiceKey, ["layer"] = layer.Id };
        await db.ExecuteAsync($"DROP TABLE IF EXISTS {SqlNames.Quote(layer.TableName)}", null, cancellationToken);
        await db.ExecuteAsync("DELETE FROM feature_attachments WHERE service_key = @key AND layer_id = @layer", args, cancellationToken);
        await db.ExecuteAsync("DELETE FROM feature_changes WHERE service_key = @key AND layer_id = @layer", args, cancellationToken);
        await db.ExecuteAsync("DELETE FROM feature_layers WHERE service_key = @key AND layer_id = @layer", args, cancellationToken);
    }

    public async Task AddFieldAsync(FeatureLayer layer, FieldDefinition field, CancellationToken cancellationToken)
    {
        var table = SqlNames.Quote(layer.TableName);
        await db.ExecuteAsync($"ALTER TABLE {table} ADD COLUMN {ColumnDefinition(field, isObjectId: false, forExistingRows: true)}", null, cancellationToken);
        if (field.Type == FieldType.GlobalId)
        {
            // Existing rows get their GlobalIDs now, so the column is complete before its unique index.
            var ids = await db.QueryAsync($"SELECT {SqlNames.Quote(layer.Definition.ObjectIdField)} FROM {table}", null, r => r.Long(0), cancellationToken);
            await db.ExecuteEachAsync(
                $"UPDATE {table} SET {SqlNames.Quote(field.Name)} = @gid WHERE {SqlNames.Quote(layer.Definition.ObjectIdField)} = @oid",
                ids.Select(id => new SqlArgs { ["gid"] = Core.Features.GlobalIds.New(), ["oid"] = id }),
                cancellationToken);
            await db.ExecuteAsync($"CREATE UNIQUE INDEX {SqlNames.Quote(layer.TableName + "_gid")} ON {table} ({SqlNames.Quote(field.Name)})", null, cancellationToken);
        }
    }

    public async Task DropFieldAsync(FeatureLayer layer, FieldDefinition field, CancellationToken cancellationToken)
    {
        if (field.Type == FieldType.GlobalId)
        {
            await db.ExecuteAsync($"DROP INDEX IF EXISTS {SqlNames.Quote(layer.TableName + "_gid")}", null, cancellationToken);
        }

        await db.ExecuteAsync($"ALTER TABLE {SqlNames.Quote(layer.TableName)} DROP COLUMN {SqlNames.Quote(field.Name)}", null, cancellationToken);
    }

    public Task<long> AllocateObjectIdsAsync(FeatureLayer layer, int count, CancellationToken cancellationToken) =>
        AllocateAsync(layer, "next_object_id", count, cancellationToken);

    public Task<long> AllocateAttachmentIdsAsync(FeatureLayer layer, int count, CancellationToken cancellationToken) =>
        AllocateAsync(layer, "next_attachment_id", count, cancellationToken);

    private async Task<long> AllocateAsync(FeatureLayer layer, string counter, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var next = await db.ScalarAsync<long>(
            $"UPDATE feature_layers SET {counter} = {counter} + @count WHERE service_key = @key AND layer_id = @layer RETURNING {counter}",
            new SqlArgs { ["count"] = count, ["key"] = layer.ServiceKey, ["layer"] = layer.Id },
            cancellationToken);
        return next - count;
    }

    private string ColumnDefinition(FieldDefinition field, bool isObjectId, bool forExistingRows = false)
    {
        var sql = new StringBuilder(SqlNames.Quote(field.Name)).Append(' ').Append(Dialect.ColumnType(field.Type));
        if (isObjectId)
        {
            return sql.Append(" PRIMARY KEY").ToString();
        }

        if (forExistingRows && field.DefaultValue is { } value)
        {
            // A literal, not a parameter: DDL takes none. Only numbers and validated text reach here, quotes doubled.
            sql.Append(" DEFAULT ").Append(value switch
            {
                long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                _ => "'" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.Replace("'", "''", StringComparison.Ordinal) + "'",
            });
        }

        return sql.ToString();
    }

    private static SqlArgs LayerArgs(FeatureLayer layer) => new()
    {
        ["key"] = layer.ServiceKey,
        ["layer"] = layer.Id,
        ["definition"] = DefinitionWriter.ToJson(layer.Definition),
        ["gen"] = layer.ServerGen,
        ["min_gen"] = layer.MinServerGen,
        ["last"] = layer.LastEditDate,
        ["schema"] = layer.SchemaLastEditDate,
        ["data"] = layer.DataLastEditDate,
    };
}
