using System.Text.Json;
using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Features.Schema;

/// <summary>
/// Builds layer definitions from <c>addToDefinition</c> JSON and applies layer-level <c>updateDefinition</c>
/// (spec resources §3.2, §9). Every definition it returns is valid: one object id field, unique field names,
/// editor-tracking fields that exist.
/// </summary>
public static class LayerDefinitionReader
{
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal)
    {
        "id", "name", "type", "geometryType", "hasZ", "hasM", "spatialReference", "objectIdField", "globalIdField",
        "hasAttachments", "displayField", "description", "copyrightText", "capabilities", "maxRecordCount", "editFieldsInfo",
        "fields", "extent", "currentVersion", "serviceItemId", "serverGens", "editingInfo", "uniqueIdField", "adminLayerInfo", "parentLayer",
        "subLayers", "supportsApplyEditsWithGlobalIds", "supportsRollbackOnFailureParameter", "advancedQueryCapabilities",
        "supportedQueryFormats", "standardMaxRecordCount", "tileMaxRecordCount", "maxRecordCountFactor", "useStandardizedQueries",
    };

    public static LayerDefinition Create(JsonElement json, int id, int serviceWkid, EditorTrackingInfo tracking, string operation)
    {
        var name = DefinitionJson.String(json, "name", operation);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw DefinitionError.Of(operation, "Every layer and table needs a 'name'.");
        }

        var geometryName = DefinitionJson.String(json, "geometryType", operation);
        GeometryType? geometry = null;
        if (!string.IsNullOrEmpty(geometryName) && DefinitionJson.String(json, "type", operation) != "Table")
        {
            geometry = GeometryTypes.TryParse(geometryName, out var parsed) && parsed != GeometryType.Envelope
                ? parsed
                : throw DefinitionError.Of(operation, $"Layer '{name}' has an unsupported geometryType '{geometryName}'.");
        }

        var fields = ReadFields(json, name, hasShape: geometry is not null, operation);
        var oidField = ResolveSystemField(json, "objectIdField", FieldType.Oid, fields, operation)
            ?? AddField(fields, new FieldDefinition { Name = "OBJECTID", Type = FieldType.Oid, Alias = "OBJECTID", Nullable = false, Editable = false });
        var globalIdField = ResolveSystemField(json, "globalIdField", FieldType.GlobalId, fields, operation);
        var editFields = ReadEditFields(json, fields, tracking, operation);
        var extentWkid = json.TryGetProperty("extent", out var extent) && extent.ValueKind == JsonValueKind.Object
            ? DefinitionJson.Wkid(extent, "spatialReference", operation)
            : null;
        var definition = new LayerDefinition
        {
            Id = id,
            Name = name.Trim(),
            GeometryType = geometry,
            HasZ = geometry is not null && (DefinitionJson.Bool(json, "hasZ", operation) ?? false),
            HasM = geometry is not null && (DefinitionJson.Bool(json, "hasM", operation) ?? false),
            Wkid = DefinitionJson.Wkid(json, "spatialReference", operation) ?? extentWkid ?? serviceWkid,
            ObjectIdField = oidField,
            GlobalIdField = globalIdField,
            HasAttachments = DefinitionJson.Bool(json, "hasAttachments", operation) ?? false,
            Description = DefinitionJson.String(json, "description", operation) ?? "",
            CopyrightText = DefinitionJson.String(json, "copyrightText", operation) ?? "",
            Capabilities = DefinitionJson.Capabilities(json, operation),
            MaxRecordCount = DefinitionJson.Int(json, "maxRecordCount", operation),
            EditFields = editFields,
            Fields = fields,
            Extras = DefinitionJson.Extras(json, [], Modelled),
        };
        return definition with { DisplayField = ResolveDisplayField(json, definition, operation) };
    }

    /// <summary>A layer-level <c>updateDefinition</c>: properties, and alias/domain/default/nullable/editable of existing fields.</summary>
    public static LayerDefinition Update(JsonElement json, LayerDefinition current, string operation)
    {
        var fields = current.Fields.ToList();
        if (json.TryGetProperty("fields", out var changes) && changes.ValueKind == JsonValueKind.Array)
        {
            foreach (var change in changes.EnumerateArray())
            {
                var name = change.ValueKind == JsonValueKind.Object ? DefinitionJson.String(change, "name", operation) : null;
                var index = fields.FindIndex(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    throw DefinitionError.Of(operation, $"Field '{name}' does not exist; use addToDefinition to add fields.");
                }

                fields[index] = UpdateField(change, fields[index], operation);
            }
        }

        var updated = current with
        {
            Name = DefinitionJson.String(json, "name", operation)?.Trim() is { Length: > 0 } newName ? newName : current.Name,
            Description = DefinitionJson.String(json, "description", operation) ?? current.Description,
            CopyrightText = DefinitionJson.String(json, "copyrightText", operation) ?? current.CopyrightText,
            HasAttachments = DefinitionJson.Bool(json, "hasAttachments", operation) ?? current.HasAttachments,
            Capabilities = DefinitionJson.Capabilities(json, operation) ?? current.Capabilities,
            MaxRecordCount = DefinitionJson.Int(json, "maxRecordCount", operation) ?? current.MaxRecordCount,
            Fields = fields,
            Extras = DefinitionJson.Extras(json, current.Extras, Modelled),
        };
        return updated with { DisplayField = json.TryGetProperty("displayField", out _) ? ResolveDisplayField(json, updated, operation) : current.DisplayField };
    }

    /// <summary>A field from <c>addToDefinition</c> at layer level; system fields cannot be added after creation.</summary>
    public static FieldDefinition NewField(JsonElement json, LayerDefinition layer, string operation)
    {
        var field = FieldJson.Read(json, operation);
        if (field.Type is FieldType.Oid)
        {
            throw DefinitionError.Of(operation, "A layer has exactly one object id field; it cannot be added.");
        }

        if (field.Type is FieldType.GlobalId && layer.GlobalIdField is not null)
        {
            throw DefinitionError.Of(operation, $"The layer already has the GlobalID field '{layer.GlobalIdField}'.");
        }

        if (layer.FindField(field.Name) is not null)
        {
            throw DefinitionError.Of(operation, $"Field '{field.Name}' already exists.");
        }

        if (!field.Nullable && field.DefaultValue is null && field.Type is not FieldType.GlobalId)
        {
            throw DefinitionError.Of(operation, $"Field '{field.Name}' is not nullable, so it needs a 'defaultValue' for the existing rows.");
        }

        return field;
    }

    private static FieldDefinition UpdateField(JsonElement change, FieldDefinition field, string operation)
    {
        if (DefinitionJson.String(change, "type", operation) is { } type && (!FieldTypes.TryParse(type, out var parsed) || parsed != field.Type))
        {
            throw DefinitionError.Of(operation, $"The type of field '{field.Name}' cannot be changed.");
        }

        var system = field.Type is FieldType.Oid or FieldType.GlobalId;
        var updated = field with
        {
            Alias = DefinitionJson.String(change, "alias", operation) ?? field.Alias,
            Nullable = system ? field.Nullable : DefinitionJson.Bool(change, "nullable", operation) ?? field.Nullable,
            Editable = system ? field.Editable : DefinitionJson.Bool(change, "editable", operation) ?? field.Editable,
            Domain = change.TryGetProperty("domain", out var domain) ? FieldJson.ReadDomain(domain, field.Name, field.Type, operation) : field.Domain,
        };
        if (change.TryGetProperty("length", out _) && field.Type == FieldType.String)
        {
            var length = DefinitionJson.Int(change, "length", operation);
            updated = length >= field.Length ? updated with { Length = length }
                : throw DefinitionError.Of(operation, $"The length of field '{field.Name}' can only grow.");
        }

        if (change.TryGetProperty("defaultValue", out _))
        {
            updated = updated with { DefaultValue = FieldJson.Read(change, operation) is var read && read.Type == field.Type ? read.DefaultValue : field.DefaultValue };
        }

        return updated;
    }

    /// <summary>
    /// The attribute fields. A field of type esriFieldTypeGeometry (clients send it as <c>Shape</c>) describes the
    /// layer's one shape, which the geometry type already defines: it is skipped, and refused where there is no shape
    /// for it to be (a table) or where it would be a second one.
    /// </summary>
    private static List<FieldDefinition> ReadFields(JsonElement json, string layerName, bool hasShape, string operation)
    {
        var fields = new List<FieldDefinition>();
        if (!json.TryGetProperty("fields", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return fields;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw DefinitionError.Of(operation, "'fields' must be an array.");
        }

        string? shapeField = null;
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object && string.Equals(DefinitionJson.String(element, "type", operation), "esriFieldTypeGeometry", StringComparison.OrdinalIgnoreCase))
            {
                var fieldName = DefinitionJson.String(element, "name", operation);
                shapeField = !hasShape ? throw DefinitionError.Of(operation, $"'{layerName}' has no geometryType, so it cannot have the geometry field '{fieldName}'.")
                    : shapeField is null ? fieldName
                    : throw DefinitionError.Of(operation, $"'{layerName}' has one shape; the geometry fields '{shapeField}' and '{fieldName}' cannot both be it.");
                continue; // the shape is the layer's geometry, not an attribute
            }

            AddField(fields, FieldJson.Read(element, operation), operation);
        }

        if (fields.Count(f => f.Type == FieldType.Oid) > 1 || fields.Count(f => f.Type == FieldType.GlobalId) > 1)
        {
            throw DefinitionError.Of(operation, "A layer may have only one object id field and one GlobalID field.");
        }

        return fields;
    }

    private static string AddField(List<FieldDefinition> fields, FieldDefinition field, string? operation = null)
    {
        if (fields.Any(f => string.Equals(f.Name, field.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw DefinitionError.Of(operation ?? DefinitionError.Add, $"Field '{field.Name}' is defined twice.");
        }

        if (field.Type == FieldType.Oid)
        {
            fields.Insert(0, field);
        }
        else
        {
            fields.Add(field);
        }

        return field.Name;
    }

    /// <summary>The named system field, or the field of that type; null when the layer has none.</summary>
    private static string? ResolveSystemField(JsonElement json, string property, FieldType type, List<FieldDefinition> fields, string operation)
    {
        var named = DefinitionJson.String(json, property, operation);
        var ofType = fields.FirstOrDefault(f => f.Type == type);
        if (string.IsNullOrEmpty(named))
        {
            return ofType?.Name;
        }

        var field = fields.FirstOrDefault(f => string.Equals(f.Name, named, StringComparison.OrdinalIgnoreCase));
        if (field is null && type == FieldType.Oid && ofType is null)
        {
            return AddField(fields, new FieldDefinition { Name = named, Type = FieldType.Oid, Alias = named, Nullable = false, Editable = false }, operation);
        }

        return field is not null && field.Type == type ? field.Name
            : throw DefinitionError.Of(operation, $"'{property}' names '{named}', which is not a field of type {type.WireName()}.");
    }

    /// <summary>
    /// Editor tracking fields: as named in <c>editFieldsInfo</c>, or — when the service tracks editors and the layer
    /// names none — the ArcGIS Online defaults, added as needed.
    /// </summary>
    private static EditFields? ReadEditFields(JsonElement json, List<FieldDefinition> fields, EditorTrackingInfo tracking, string operation)
    {
        EditFields? names = null;
        if (json.TryGetProperty("editFieldsInfo", out var info) && info.ValueKind == JsonValueKind.Object)
        {
            names = new EditFields(
                DefinitionJson.String(info, "creationDateField", operation), DefinitionJson.String(info, "creatorField", operation),
                DefinitionJson.String(info, "editDateField", operation), DefinitionJson.String(info, "editorField", operation));
        }
        else if (tracking.EnableEditorTracking)
        {
            names = new EditFields("CreationDate", "Creator", "EditDate", "Editor");
        }

        if (names is null)
        {
            return null;
        }

        EnsureTrackingField(fields, names.CreationDateField, FieldType.Date, operation);
        EnsureTrackingField(fields, names.CreatorField, FieldType.String, operation);
        EnsureTrackingField(fields, names.EditDateField, FieldType.Date, operation);
        EnsureTrackingField(fields, names.EditorField, FieldType.String, operation);
        return names;
    }

    private static void EnsureTrackingField(List<FieldDefinition> fields, string? name, FieldType type, string operation)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var index = fields.FindIndex(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            AddField(fields, new FieldDefinition { Name = name, Type = type, Alias = name, Length = type == FieldType.String ? 128 : null, Editable = false }, operation);
        }
        else if (fields[index].Type != type)
        {
            throw DefinitionError.Of(operation, $"Editor tracking field '{name}' must be of type {type.WireName()}.");
        }
        else
        {
            fields[index] = fields[index] with { Editable = false };
        }
    }

    private static string? ResolveDisplayField(JsonElement json, LayerDefinition layer, string operation)
    {
        var named = DefinitionJson.String(json, "displayField", operation);
        if (!string.IsNullOrEmpty(named))
        {
            return layer.FindField(named)?.Name ?? throw DefinitionError.Of(operation, $"'displayField' names '{named}', which is not a field.");
        }

        return layer.Fields.FirstOrDefault(f => f.Type == FieldType.String)?.Name ?? layer.ObjectIdField;
    }
}
