using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Editing;

public sealed partial class FeatureEditor
{
    private static async Task AddAsync(EditContext edit, FeatureLayer layer, IReadOnlyList<JsonElement> adds, List<EditResult> results, CancellationToken ct)
    {
        if (adds.Count == 0)
        {
            return;
        }

        var d = layer.Definition;
        var firstOid = await edit.Session.Features.AllocateObjectIdsAsync(layer, adds.Count, ct);
        var wanted = edit.Options.UseGlobalIds && d.GlobalIdField is not null
            ? adds.Select(a => GlobalIdOf(a, d)).Where(g => g is not null).Select(g => g!).ToList()
            : [];
        var taken = new HashSet<string>((await edit.Session.Features.FindByGlobalIdsAsync(layer, wanted, ct)).Keys.Select(k => GlobalIds.Normalize(k)!), StringComparer.Ordinal);
        var rows = new List<FeatureRow>(adds.Count);
        for (var i = 0; i < adds.Count; i++)
        {
            var oid = firstOid + i;
            try
            {
                var feature = Feature(adds[i]);
                var globalId = d.GlobalIdField is null ? null : edit.Options.UseGlobalIds ? RequireGlobalId(adds[i], d) : GlobalIds.New();
                if (globalId is not null && !taken.Add(globalId))
                {
                    throw new EditFailedException(EditError.UniqueViolation());
                }

                var values = AttributeReader.Read(Property(feature, "attributes"), d);
                AttributeReader.CompleteForInsert(values, d);
                StampEditor(edit, d, values, insert: true);
                var shape = FeatureShapes.Read(Property(feature, "geometry"), d, edit.Options.InSR);
                rows.Add(new FeatureRow { ObjectId = oid, GlobalId = globalId, Attributes = values, Shape = shape });
                results.Add(new EditResult(oid, globalId, null));
                edit.Changes.Add(new FeatureChange { LayerId = layer.Id, ServerGen = edit.Generation, Kind = ChangeKind.Insert, ObjectId = oid, GlobalId = globalId, GeometryChanged = shape is not null, EditMoment = edit.Now });
            }
            catch (EditFailedException e)
            {
                results.Add(new EditResult(-1, edit.Options.UseGlobalIds ? GlobalIdOf(adds[i], d) : null, e.Error));
            }
        }

        await edit.Session.Features.InsertFeaturesAsync(layer, rows, ct);
    }

    private static async Task UpdateAsync(EditContext edit, FeatureLayer layer, IReadOnlyList<JsonElement> updates, List<EditResult> results, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var d = layer.Definition;
        var byGlobalId = edit.Options.UseGlobalIds && d.GlobalIdField is not null;
        var globalIdMap = byGlobalId
            ? await edit.Session.Features.FindByGlobalIdsAsync(layer, [.. updates.Select(u => GlobalIdOf(u, d)).Where(g => g is not null).Select(g => g!)], ct)
            : new Dictionary<string, long>();
        var ids = updates.Select(u => byGlobalId ? (GlobalIdOf(u, d) is { } g && globalIdMap.TryGetValue(g, out var found) ? found : (long?)null) : ObjectIdOf(u, d)).ToList();
        var existing = (await edit.Session.Features.GetFeaturesAsync(layer, [.. ids.Where(i => i is not null).Select(i => i!.Value).Distinct()], ct))
            .ToDictionary(r => r.ObjectId);
        for (var i = 0; i < updates.Count; i++)
        {
            var id = ids[i];
            try
            {
                if (byGlobalId && GlobalIdOf(updates[i], d) is null)
                {
                    throw new EditFailedException(EditError.MissingGlobalId());
                }

                if (id is null || !existing.TryGetValue(id.Value, out var current))
                {
                    throw new EditFailedException(EditError.Missing());
                }

                CheckOwnership(edit, d, current, deleting: false);
                var feature = Feature(updates[i]);
                var values = AttributeReader.Read(Property(feature, "attributes"), d);
                StampEditor(edit, d, values, insert: false);
                var geometry = Property(feature, "geometry");
                var shapeChanged = geometry.ValueKind != JsonValueKind.Undefined && !d.IsTable;
                if (shapeChanged && !edit.Service.Definition.AllowGeometryUpdates)
                {
                    throw new EditFailedException(EditError.GeometryUpdateNotAllowed());
                }

                var merged = new Dictionary<string, object?>(current.Attributes, StringComparer.Ordinal);
                foreach (var (name, value) in values)
                {
                    merged[name] = value;
                }

                var row = current with { Attributes = merged, Shape = shapeChanged ? FeatureShapes.Read(geometry, d, edit.Options.InSR) : current.Shape };
                foreach (var field in d.Fields.Where(f => f.Editable && !f.Nullable))
                {
                    if (merged.GetValueOrDefault(field.Name) is null)
                    {
                        throw new EditFailedException(EditError.NotNullable(field.Name));
                    }
                }

                await edit.Session.Features.UpdateFeatureAsync(layer, row, values.Keys, shapeChanged, ct);
                existing[row.ObjectId] = row;
                results.Add(new EditResult(row.ObjectId, row.GlobalId, null));
                edit.Changes.Add(new FeatureChange { LayerId = layer.Id, ServerGen = edit.Generation, Kind = ChangeKind.Update, ObjectId = row.ObjectId, GlobalId = row.GlobalId, GeometryChanged = shapeChanged, BeforeRow = current, EditMoment = edit.Now });
            }
            catch (EditFailedException e)
            {
                results.Add(new EditResult(id ?? -1, byGlobalId ? GlobalIdOf(updates[i], d) : null, e.Error));
            }
        }
    }

    private static async Task DeleteAsync(EditContext edit, FeatureLayer layer, List<string> deletes, bool byGlobalId, List<EditResult> results, CancellationToken ct)
    {
        if (deletes.Count == 0)
        {
            return;
        }

        var d = layer.Definition;
        var globalIdMap = byGlobalId ? await edit.Session.Features.FindByGlobalIdsAsync(layer, deletes, ct) : new Dictionary<string, long>();
        var ids = deletes.Select(text => byGlobalId
            ? globalIdMap.TryGetValue(text.Trim(), out var found) ? found : (long?)null
            : long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var oid) ? oid : null).ToList();
        var existing = (await edit.Session.Features.GetFeaturesAsync(layer, [.. ids.Where(i => i is not null).Select(i => i!.Value).Distinct()], ct))
            .ToDictionary(r => r.ObjectId);
        var doomed = new List<long>();
        for (var i = 0; i < deletes.Count; i++)
        {
            var id = ids[i];
            try
            {
                if (id is null || !existing.Remove(id.Value, out var row))
                {
                    throw new EditFailedException(EditError.Missing());
                }

                CheckOwnership(edit, d, row, deleting: true);
                doomed.Add(row.ObjectId);
                results.Add(new EditResult(row.ObjectId, row.GlobalId, null));
                edit.Changes.Add(new FeatureChange { LayerId = layer.Id, ServerGen = edit.Generation, Kind = ChangeKind.Delete, ObjectId = row.ObjectId, GlobalId = row.GlobalId, GeometryChanged = row.Shape is not null, BeforeRow = row, EditMoment = edit.Now });
            }
            catch (EditFailedException e)
            {
                results.Add(new EditResult(id ?? -1, byGlobalId ? deletes[i].Trim() : null, e.Error));
            }
        }

        await edit.Session.Features.DeleteFeaturesAsync(layer, doomed, ct);
    }

    /// <summary>Editor tracking (UTC epoch ms and the caller's username) when the layer has the fields.</summary>
    private static void StampEditor(EditContext edit, LayerDefinition d, Dictionary<string, object?> values, bool insert)
    {
        if (d.EditFields is not { } fields)
        {
            return;
        }

        var user = edit.Caller?.Username;
        if (insert)
        {
            Set(fields.CreationDateField, edit.Now);
            Set(fields.CreatorField, user);
        }

        Set(fields.EditDateField, edit.Now);
        Set(fields.EditorField, user);

        void Set(string? field, object? value)
        {
            if (field is not null && d.FindField(field) is { } f)
            {
                values[f.Name] = value;
            }
        }
    }

    /// <summary>Ownership-based access control: others' features only as the service allows.</summary>
    private static void CheckOwnership(EditContext edit, LayerDefinition d, FeatureRow row, bool deleting)
    {
        var tracking = edit.Tracking;
        if (!tracking.EnableOwnershipAccessControl || edit.IsOwnerOrAdmin || d.EditFields?.CreatorField is not { } creatorField)
        {
            return;
        }

        var creator = row.Attributes.GetValueOrDefault(d.FindField(creatorField)?.Name ?? creatorField) as string;
        var mine = edit.Caller is not null && string.Equals(creator, edit.Caller.Username, StringComparison.OrdinalIgnoreCase);
        var allowed = mine
            || (edit.Caller is null ? (deleting ? tracking.AllowAnonymousToDelete : tracking.AllowAnonymousToUpdate)
                : (deleting ? tracking.AllowOthersToDelete : tracking.AllowOthersToUpdate));
        if (!allowed)
        {
            throw new EditFailedException(EditError.OwnershipDenied());
        }
    }

    private static JsonElement Feature(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object ? json : throw new EditFailedException(EditError.Content());

    private static JsonElement Property(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value : default;

    private static long? ObjectIdOf(JsonElement feature, LayerDefinition d)
    {
        var attributes = feature.ValueKind == JsonValueKind.Object ? Property(feature, "attributes") : default;
        if (attributes.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in attributes.EnumerateObject())
        {
            if (string.Equals(property.Name, d.ObjectIdField, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var n) ? n
                    : property.Value.ValueKind == JsonValueKind.String && long.TryParse(property.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
                    : null;
            }
        }

        return null;
    }

    /// <summary>The feature's GlobalID as sent (attributes' GlobalID field, or a top-level <c>globalId</c>), or null.</summary>
    private static string? GlobalIdOf(JsonElement feature, LayerDefinition d)
    {
        if (feature.ValueKind != JsonValueKind.Object || d.GlobalIdField is not { } field)
        {
            return null;
        }

        if (Property(feature, "attributes") is { ValueKind: JsonValueKind.Object } attributes)
        {
            foreach (var property in attributes.EnumerateObject())
            {
                if (string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }
        }

        return null;
    }

    private static string RequireGlobalId(JsonElement feature, LayerDefinition d)
    {
        var text = GlobalIdOf(feature, d) ?? throw new EditFailedException(EditError.MissingGlobalId());
        return string.IsNullOrWhiteSpace(text) ? throw new EditFailedException(EditError.EmptyGlobalId())
            : GlobalIds.Normalize(text) ?? throw new EditFailedException(EditError.SetValueFailed(d.GlobalIdField!));
    }
}
