using System.Text.Json;
using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Features.Schema;

/// <summary>
/// Writes definitions as ArcGIS JSON. The same text is the stored form (read back by the readers, so storage and
/// wire cannot drift) and the core of the service and layer resources, which add their computed properties.
/// </summary>
public static class DefinitionWriter
{
    public static string ToJson(ServiceDefinition definition) => Write(w =>
    {
        w.WriteStartObject();
        WriteServiceProperties(w, definition);
        w.WriteEndObject();
    });

    public static string ToJson(LayerDefinition definition) => Write(w =>
    {
        w.WriteStartObject();
        WriteLayerProperties(w, definition);
        w.WriteEndObject();
    });

    /// <summary>The modelled service properties and the extras, without the enclosing braces.</summary>
    public static void WriteServiceProperties(Utf8JsonWriter w, ServiceDefinition d)
    {
        w.WriteString("serviceDescription", d.ServiceDescription);
        w.WriteString("description", d.Description);
        w.WriteString("copyrightText", d.CopyrightText);
        w.WriteString("capabilities", d.Capabilities.ToString());
        w.WriteNumber("maxRecordCount", d.MaxRecordCount);
        w.WritePropertyName("spatialReference");
        WriteSpatialReference(w, d.Wkid);
        w.WriteBoolean("allowGeometryUpdates", d.AllowGeometryUpdates);
        w.WriteBoolean("hasStaticData", d.HasStaticData);
        w.WriteString("units", d.Units);
        w.WriteStartObject("editorTrackingInfo");
        w.WriteBoolean("enableEditorTracking", d.EditorTracking.EnableEditorTracking);
        w.WriteBoolean("enableOwnershipAccessControl", d.EditorTracking.EnableOwnershipAccessControl);
        w.WriteBoolean("allowOthersToUpdate", d.EditorTracking.AllowOthersToUpdate);
        w.WriteBoolean("allowOthersToDelete", d.EditorTracking.AllowOthersToDelete);
        w.WriteBoolean("allowOthersToQuery", d.EditorTracking.AllowOthersToQuery);
        w.WriteBoolean("allowAnonymousToUpdate", d.EditorTracking.AllowAnonymousToUpdate);
        w.WriteBoolean("allowAnonymousToDelete", d.EditorTracking.AllowAnonymousToDelete);
        w.WriteEndObject();
        WriteExtras(w, d.Extras);
    }

    /// <summary>The modelled layer properties, fields and extras, without the enclosing braces.</summary>
    public static void WriteLayerProperties(Utf8JsonWriter w, LayerDefinition d)
    {
        w.WriteNumber("id", d.Id);
        w.WriteString("name", d.Name);
        w.WriteString("type", d.IsTable ? "Table" : "Feature Layer");
        if (d.GeometryType is { } geometry)
        {
            w.WriteString("geometryType", geometry.WireName());
            w.WriteBoolean("hasZ", d.HasZ);
            w.WriteBoolean("hasM", d.HasM);
            w.WritePropertyName("spatialReference");
            WriteSpatialReference(w, d.Wkid);
        }

        w.WriteString("objectIdField", d.ObjectIdField);
        w.WriteString("globalIdField", d.GlobalIdField ?? "");
        w.WriteBoolean("hasAttachments", d.HasAttachments);
        w.WriteString("displayField", d.DisplayField ?? "");
        w.WriteString("description", d.Description);
        w.WriteString("copyrightText", d.CopyrightText);
        if (d.Capabilities is { } capabilities)
        {
            w.WriteString("capabilities", capabilities.ToString());
        }

        if (d.MaxRecordCount is { } max)
        {
            w.WriteNumber("maxRecordCount", max);
        }

        if (d.EditFields is { } edit)
        {
            w.WriteStartObject("editFieldsInfo");
            WriteOptional(w, "creationDateField", edit.CreationDateField);
            WriteOptional(w, "creatorField", edit.CreatorField);
            WriteOptional(w, "editDateField", edit.EditDateField);
            WriteOptional(w, "editorField", edit.EditorField);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("editFieldsInfo");
        }

        w.WriteStartArray("fields");
        foreach (var field in d.Fields)
        {
            WriteField(w, field);
        }

        w.WriteEndArray();
        WriteExtras(w, d.Extras);
    }

    public static void WriteField(Utf8JsonWriter w, FieldDefinition f)
    {
        w.WriteStartObject();
        w.WriteString("name", f.Name);
        w.WriteString("type", f.Type.WireName());
        w.WriteString("alias", f.Alias ?? f.Name);
        w.WriteString("sqlType", "sqlTypeOther");
        var length = f.Type switch
        {
            FieldType.String => f.Length,
            FieldType.Date => 8,
            FieldType.Guid or FieldType.GlobalId => 38,
            _ => null,
        };
        if (length is { } l)
        {
            w.WriteNumber("length", l);
        }

        w.WriteBoolean("nullable", f.Nullable);
        w.WriteBoolean("editable", f.Editable);
        w.WritePropertyName("domain");
        WriteDomain(w, f.Domain);
        w.WritePropertyName("defaultValue");
        WriteValue(w, f.Type == FieldType.GlobalId ? "NEWID() WITH VALUES" : f.DefaultValue);
        w.WriteEndObject();
    }

    public static void WriteSpatialReference(Utf8JsonWriter w, int wkid)
    {
        w.WriteStartObject();
        w.WriteNumber("wkid", wkid);
        w.WriteNumber("latestWkid", wkid is 102100 or 102113 or 900913 ? 3857 : wkid);
        w.WriteEndObject();
    }

    /// <summary>A stored attribute value as JSON: numbers, strings, null (bytes as base64).</summary>
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case long n: w.WriteNumberValue(n); break;
            case int n: w.WriteNumberValue(n); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double: w.WriteNullValue(); break;
            case float s when float.IsFinite(s): w.WriteNumberValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case byte[] bytes: w.WriteBase64StringValue(bytes); break;
            default: w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteDomain(Utf8JsonWriter w, FieldDomain? domain)
    {
        if (domain is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("type", domain.Type);
        w.WriteString("name", domain.Name);
        if (domain.Description is { } description)
        {
            w.WriteString("description", description);
        }

        if (domain.Type == "range")
        {
            w.WriteStartArray("range");
            w.WriteNumberValue(domain.RangeMin ?? 0);
            w.WriteNumberValue(domain.RangeMax ?? 0);
            w.WriteEndArray();
        }
        else
        {
            w.WriteStartArray("codedValues");
            foreach (var coded in domain.CodedValues)
            {
                w.WriteStartObject();
                w.WriteString("name", coded.Name);
                w.WritePropertyName("code");
                WriteValue(w, coded.Code);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteString("mergePolicy", "esriMPTDefaultValue");
        w.WriteString("splitPolicy", "esriSPTDefaultValue");
        w.WriteEndObject();
    }

    private static void WriteExtras(Utf8JsonWriter w, System.Text.Json.Nodes.JsonObject extras)
    {
        foreach (var (name, value) in extras)
        {
            w.WritePropertyName(name);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                value.WriteTo(w);
            }
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
