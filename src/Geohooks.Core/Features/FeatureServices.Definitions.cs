using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Features;

/// <summary>The admin definition operations (spec resources §9): each is one transaction with its one event.</summary>
public sealed partial class FeatureServices
{
    private const int MaxLayers = 1000;

    /// <summary>Service-level <c>addToDefinition</c>: new layers and tables. Returns their names and ids.</summary>
    public async Task<IReadOnlyList<(string Name, int Id, bool IsTable)>> AddToDefinitionAsync(Caller caller, string name, string? definition, CancellationToken ct)
    {
        const string op = DefinitionError.Add;
        var json = DefinitionJson.Parse(definition, "addToDefinition", op);
        await using var session = await store.WriteAsync(ct);
        var (service, _) = await FindAdministrableAsync(session, caller, name, ct);
        var now = Now();
        var taken = service.Layers.Select(l => l.Id).ToHashSet();
        var added = new List<(string, int, bool)>();
        foreach (var (element, isTable) in Elements(json, "layers", op).Select(e => (e, false)).Concat(Elements(json, "tables", op).Select(e => (e, true))))
        {
            var id = DefinitionJson.Int(element, "id", op) is { } wanted && wanted >= 0 && !taken.Contains(wanted) ? wanted : NextId(taken);
            var layer = LayerDefinitionReader.Create(element, id, service.Definition.Wkid, service.Definition.EditorTracking, op);
            if (isTable && !layer.IsTable)
            {
                layer = layer with { GeometryType = null, HasZ = false, HasM = false };
            }

            if (taken.Count >= MaxLayers)
            {
                throw DefinitionError.Of(op, $"A service may have at most {MaxLayers} layers and tables.");
            }

            taken.Add(id);
            await session.Features.CreateLayerAsync(
                new FeatureLayer
                {
                    ServiceKey = service.Key,
                    Definition = layer,
                    ServerGen = service.ServerGen,
                    MinServerGen = service.ServerGen,
                    LastEditDate = now,
                    SchemaLastEditDate = now,
                    DataLastEditDate = now,
                },
                ct);
            added.Add((layer.Name, id, layer.IsTable));
        }

        if (added.Count == 0)
        {
            throw DefinitionError.Of(op, "'addToDefinition' must contain 'layers' or 'tables'.");
        }

        await session.Features.UpdateAsync(service with { SchemaLastEditDate = now }, ct);
        await FeatureEvents.RecordAsync(session, caller, service, FeatureChangeTypes.FeatureServiceDefinitionChanged, new FeatureEventDetail(null, null, now), ct);
        await session.CommitAsync(ct);
        return added;
    }

    /// <summary>Service-level <c>updateDefinition</c>: service properties, and layers named by id in a <c>layers</c> array.</summary>
    public async Task UpdateDefinitionAsync(Caller caller, string name, string? definition, CancellationToken ct)
    {
        const string op = DefinitionError.Update;
        var json = DefinitionJson.Parse(definition, "updateDefinition", op);
        await using var session = await store.WriteAsync(ct);
        var (service, _) = await FindAdministrableAsync(session, caller, name, ct);
        var now = Now();
        var updated = service with { Definition = ServiceDefinitionReader.Apply(json, service.Definition, op), SchemaLastEditDate = now };
        foreach (var element in Elements(json, "layers", op).Concat(Elements(json, "tables", op)))
        {
            var id = DefinitionJson.Int(element, "id", op) ?? throw DefinitionError.Of(op, "Every layer in 'layers' needs its 'id'.");
            var layer = FindLayer(service, id);
            await session.Features.UpdateLayerAsync(layer with { Definition = LayerDefinitionReader.Update(element, layer.Definition, op), SchemaLastEditDate = now, LastEditDate = now }, ct);
        }

        await session.Features.UpdateAsync(updated, ct);
        await FeatureEvents.RecordAsync(session, caller, service, FeatureChangeTypes.FeatureServiceDefinitionChanged, new FeatureEventDetail(null, null, now), ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Service-level <c>deleteFromDefinition</c>: drops layers and tables with their data.</summary>
    public async Task DeleteFromDefinitionAsync(Caller caller, string name, string? definition, CancellationToken ct)
    {
        const string op = DefinitionError.Delete;
        var json = DefinitionJson.Parse(definition, "deleteFromDefinition", op);
        await using var session = await store.WriteAsync(ct);
        var (service, _) = await FindAdministrableAsync(session, caller, name, ct);
        var ids = Elements(json, "layers", op).Concat(Elements(json, "tables", op))
            .Select(e => DefinitionJson.Int(e, "id", op) ?? throw DefinitionError.Of(op, "Every entry needs the 'id' of the layer to delete."))
            .Distinct()
            .ToList();
        if (ids.Count == 0)
        {
            throw DefinitionError.Of(op, "'deleteFromDefinition' must name 'layers' or 'tables' by id.");
        }

        foreach (var id in ids)
        {
            await session.Features.DropLayerAsync(FindLayer(service, id), ct);
        }

        var now = Now();
        await session.Features.UpdateAsync(service with { SchemaLastEditDate = now }, ct);
        await FeatureEvents.RecordAsync(session, caller, service, FeatureChangeTypes.FeatureServiceDefinitionChanged, new FeatureEventDetail(null, null, now), ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Layer-level <c>addToDefinition</c>: new fields (columns) and index descriptions.</summary>
    public async Task AddToLayerDefinitionAsync(Caller caller, string name, int layerId, string? definition, CancellationToken ct)
    {
        const string op = DefinitionError.Add;
        var json = DefinitionJson.Parse(definition, "addToDefinition", op);
        await ChangeLayerAsync(caller, name, layerId, FeatureChangeTypes.LayerSchemaChanged, async (session, layer) =>
        {
            var d = layer.Definition;
            var fields = d.Fields.ToList();
            foreach (var element in Elements(json, "fields", op))
            {
                var field = LayerDefinitionReader.NewField(element, d with { Fields = fields }, op);
                await session.Features.AddFieldAsync(layer, field, ct);
                fields.Add(field);
                if (field.Type == FieldType.GlobalId)
                {
                    d = d with { GlobalIdField = field.Name };
                }
            }

            var extras = d.Extras;
            if (json.TryGetProperty("indexes", out var indexes) && indexes.ValueKind == JsonValueKind.Array)
            {
                extras = (JsonObject)extras.DeepClone();
                var list = extras["indexes"] as JsonArray ?? [];
                extras["indexes"] = list;
                foreach (var index in indexes.EnumerateArray())
                {
                    list.Add(JsonNode.Parse(index.GetRawText()));
                }
            }

            return d with { Fields = fields, Extras = extras };
        }, ct);
    }

    /// <summary>Layer-level <c>updateDefinition</c>.</summary>
    public Task UpdateLayerDefinitionAsync(Caller caller, string name, int layerId, string? definition, CancellationToken ct)
    {
        const string op = DefinitionError.Update;
        var json = DefinitionJson.Parse(definition, "updateDefinition", op);
        var changeType = json.TryGetProperty("fields", out _) ? FeatureChangeTypes.LayerSchemaChanged : FeatureChangeTypes.LayerDefinitionChanged;
        return ChangeLayerAsync(caller, name, layerId, changeType, (_, layer) => Task.FromResult(LayerDefinitionReader.Update(json, layer.Definition, op)), ct);
    }

    /// <summary>Layer-level <c>deleteFromDefinition</c>: drops fields (not system or editor-tracking ones) and index descriptions.</summary>
    public async Task DeleteFromLayerDefinitionAsync(Caller caller, string name, int layerId, string? definition, CancellationToken ct)
    {
        const string op = DefinitionError.Delete;
        var json = DefinitionJson.Parse(definition, "deleteFromDefinition", op);
        await ChangeLayerAsync(caller, name, layerId, FeatureChangeTypes.LayerSchemaChanged, async (session, layer) =>
        {
            var d = layer.Definition;
            var fields = d.Fields.ToList();
            foreach (var element in Elements(json, "fields", op))
            {
                var fieldName = DefinitionJson.String(element, "name", op);
                var field = d.FindField(fieldName ?? "") ?? throw DefinitionError.Of(op, $"Field '{fieldName}' does not exist.");
                var tracking = d.EditFields is { } e && new[] { e.CreationDateField, e.CreatorField, e.EditDateField, e.EditorField }.Contains(field.Name, StringComparer.OrdinalIgnoreCase);
                if (field.Type is FieldType.Oid or FieldType.GlobalId || tracking)
                {
                    throw DefinitionError.Of(op, $"Field '{field.Name}' is maintained by the server and cannot be deleted.");
                }

                await session.Features.DropFieldAsync(layer, field, ct);
                fields.Remove(field);
            }

            var extras = d.Extras;
            if (json.TryGetProperty("indexes", out var indexes) && indexes.ValueKind == JsonValueKind.Array && extras["indexes"] is JsonArray)
            {
                extras = (JsonObject)extras.DeepClone();
                var names = indexes.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.Object ? DefinitionJson.String(i, "name", op) : null).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var list = (JsonArray)extras["indexes"]!;
                foreach (var index in list.Where(i => names.Contains(i?["name"]?.GetValue<string>())).ToList())
                {
                    list.Remove(index);
                }
            }

            var display = fields.Any(f => f.Name == d.DisplayField) ? d.DisplayField : d.ObjectIdField;
            return d with { Fields = fields, Extras = extras, DisplayField = display };
        }, ct);
    }

    private async Task ChangeLayerAsync(
        Caller caller, string name, int layerId, string changeType, Func<IStoreSession, FeatureLayer, Task<LayerDefinition>> change, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var (service, _) = await FindAdministrableAsync(session, caller, name, ct);
        var layer = FindLayer(service, layerId);
        var definition = await change(session, layer);
        var now = Now();
        await session.Features.UpdateLayerAsync(layer with { Definition = definition, SchemaLastEditDate = now, LastEditDate = now }, ct);
        await FeatureEvents.RecordAsync(session, caller, service, changeType, new FeatureEventDetail(layerId, null, now), ct);
        await session.CommitAsync(ct);
    }

    private static IEnumerable<JsonElement> Elements(JsonElement json, string property, string operation)
    {
        if (!json.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? e : throw DefinitionError.Of(operation, $"Every entry of '{property}' must be an object."))
            : throw DefinitionError.Of(operation, $"'{property}' must be an array.");
    }

    private static int NextId(HashSet<int> taken)
    {
        var id = 0;
        while (taken.Contains(id))
        {
            id++;
        }

        return id;
    }
}
