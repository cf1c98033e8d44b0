using System.Data.Common;
using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql.Features;

/// <summary>Feature services and their layers' bookkeeping rows; the layer tables are in the other partial files.</summary>
internal sealed partial class SqlFeatureRepository(SqlContext db) : IFeatureRepository
{
    private const string ServiceColumns = "service_key, item_id, org_id, name, definition, server_gen, created, schema_last_edit";
    private const string LayerColumns =
        "service_key, definition, server_gen, min_server_gen, last_edit, schema_last_edit, data_last_edit";

    private IFeatureSqlDialect Dialect => db.Dialect.Features;

    public Task<FeatureService?> FindByNameAsync(string orgId, string name, CancellationToken cancellationToken) =>
        FindAsync("org_id = @org AND name_key = @name", new SqlArgs { ["org"] = orgId, ["name"] = Keys.Of(name) }, forUpdate: false, cancellationToken);

    public Task<FeatureService?> FindByItemAsync(string itemId, CancellationToken cancellationToken) =>
        FindAsync("item_id = @item", new SqlArgs { ["item"] = itemId }, forUpdate: false, cancellationToken);

    public Task<FeatureService?> FindByNameForUpdateAsync(string orgId, string name, CancellationToken cancellationToken) =>
        FindAsync("org_id = @org AND name_key = @name", new SqlArgs { ["org"] = orgId, ["name"] = Keys.Of(name) }, forUpdate: true, cancellationToken);

    public Task<FeatureService?> FindForUpdateAsync(string itemId, CancellationToken cancellationToken) =>
        FindAsync("item_id = @item", new SqlArgs { ["item"] = itemId }, forUpdate: true, cancellationToken);

    public async Task<IReadOnlyList<FeatureService>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        var services = await db.QueryAsync(
            $"SELECT {ServiceColumns} FROM feature_services WHERE org_id = @org ORDER BY name_key",
            new SqlArgs { ["org"] = orgId },
            ReadService,
            cancellationToken);
        var result = new List<FeatureService>(services.Count);
        foreach (var service in services)
        {
            result.Add(service with { Layers = await ListLayersAsync(service, cancellationToken) });
        }

        return result;
    }

    public async Task<FeatureService> InsertAsync(FeatureService service, CancellationToken cancellationToken)
    {
        var args = new SqlArgs
        {
            ["item"] = service.ItemId,
            ["org"] = service.OrgId,
            ["name"] = service.Name,
            ["name_key"] = Keys.Of(service.Name),
            ["definition"] = DefinitionWriter.ToJson(service.Definition),
            ["gen"] = service.ServerGen,
            ["created"] = service.Created,
            ["schema"] = service.SchemaLastEditDate,
        };
        await db.ExecuteUniqueAsync(
            """
            INSERT INTO feature_services (item_id, org_id, name, name_key, definition, server_gen, created, schema_last_edit)
            VALUES (@item, @org, @name, @name_key, @definition, @gen, @created, @schema)
            """,
            args,
            $"A service named '{service.Name}'",
            cancellationToken);
        var key = await db.ScalarAsync<long>("SELECT service_key FROM feature_services WHERE item_id = @item", args, cancellationToken);
        return service with { Key = key };
    }

    public Task UpdateAsync(FeatureService service, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "UPDATE feature_services SET definition = @definition, server_gen = @gen, schema_last_edit = @schema WHERE service_key = @key",
            new SqlArgs
            {
                ["key"] = service.Key,
                ["definition"] = DefinitionWriter.ToJson(service.Definition),
                ["gen"] = service.ServerGen,
                ["schema"] = service.SchemaLastEditDate,
            },
            cancellationToken);

    public async Task DeleteAsync(FeatureService service, CancellationToken cancellationToken)
    {
        foreach (var layer in service.Layers)
        {
            await DropLayerAsync(layer, cancellationToken);
        }

        // Changes, attachments and jobs go with the service row (ON DELETE CASCADE).
        await db.ExecuteAsync("DELETE FROM feature_services WHERE service_key = @key", new SqlArgs { ["key"] = service.Key }, cancellationToken);
    }

    private async Task<FeatureService?> FindAsync(string condition, SqlArgs args, bool forUpdate, CancellationToken cancellationToken)
    {
        var lockClause = forUpdate ? db.Dialect.RowLock(null, skipLocked: false) : "";
        var service = await db.QuerySingleAsync($"SELECT {ServiceColumns} FROM feature_services WHERE {condition} {lockClause}", args, ReadService, cancellationToken);
        return service is null ? null : service with { Layers = await ListLayersAsync(service, cancellationToken) };
    }

    private async Task<IReadOnlyList<FeatureLayer>> ListLayersAsync(FeatureService service, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {LayerColumns} FROM feature_layers WHERE service_key = @key ORDER BY layer_id",
            new SqlArgs { ["key"] = service.Key },
            r => ReadLayer(r, service.Definition.Wkid),
            cancellationToken);

    private static FeatureService ReadService(DbDataReader r) => new()
    {
        Key = r.Long(0),
        ItemId = r.Text(1),
        OrgId = r.Text(2),
        Name = r.Text(3),
        Definition = ServiceDefinitionReader.Apply(Json(r.Text(4)), new ServiceDefinition(), DefinitionError.Update),
        ServerGen = r.Long(5),
        Created = r.Long(6),
        SchemaLastEditDate = r.Long(7),
    };

    private static FeatureLayer ReadLayer(DbDataReader r, int serviceWkid)
    {
        var json = Json(r.Text(1));
        var id = json.GetProperty("id").GetInt32();
        return new FeatureLayer
        {
            ServiceKey = r.Long(0),
            Definition = LayerDefinitionReader.Create(json, id, serviceWkid, new EditorTrackingInfo(), DefinitionError.Update),
            ServerGen = r.Long(2),
            MinServerGen = r.Long(3),
            LastEditDate = r.Long(4),
            SchemaLastEditDate = r.Long(5),
            DataLastEditDate = r.Long(6),
        };
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
