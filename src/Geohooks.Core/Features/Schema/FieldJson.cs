using System.Globalization;
using System.Text.Json;

namespace Geohooks.Core.Features.Schema;

/// <summary>Reads field objects, domains and typed default values from definition JSON (spec resources §3.2).</summary>
public static class FieldJson
{
    public const int DefaultStringLength = 256;

    public static FieldDefinition Read(JsonElement json, string operation)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw DefinitionError.Of(operation, "Every field must be a JSON object.");
        }

        var name = DefinitionJson.String(json, "name", operation) ?? throw DefinitionError.Of(operation, "Every field needs a 'name'.");
        if (!FieldNames.IsValid(name))
        {
            throw DefinitionError.Of(operation, $"Field name '{name}' is invalid: use 1 to {FieldNames.MaxLength} letters, digits or underscores, starting with a letter.");
        }

        var typeName = DefinitionJson.String(json, "type", operation);
        if (!FieldTypes.TryParse(typeName, out var type))
        {
            throw DefinitionError.Of(operation, $"Field '{name}' has an unsupported type '{typeName}'.");
        }

        int? length = null;
        if (type == FieldType.String)
        {
            length = DefinitionJson.Int(json, "length", operation) ?? DefaultStringLength;
            if (length is < 1 or > 1_073_741_823)
            {
                throw DefinitionError.Of(operation, $"Field '{name}' has an invalid length {length}.");
            }
        }

        var systemField = type is FieldType.Oid or FieldType.GlobalId;
        var field = new FieldDefinition
        {
            Name = name,
            Type = type,
            Alias = DefinitionJson.String(json, "alias", operation) ?? name,
            Length = length,
            Nullable = !systemField && (DefinitionJson.Bool(json, "nullable", operation) ?? true),
            Editable = !systemField && (DefinitionJson.Bool(json, "editable", operation) ?? true),
            Domain = json.TryGetProperty("domain", out var domain) ? ReadDomain(domain, name, type, operation) : null,
        };
        return field with { DefaultValue = json.TryGetProperty("defaultValue", out var value) ? ReadDefault(value, field, operation) : null };
    }

    public static FieldDomain? ReadDomain(JsonElement json, string field, FieldType type, string operation)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var kind = json.ValueKind == JsonValueKind.Object ? DefinitionJson.String(json, "type", operation) : null;
        var name = DefinitionJson.String(json, "name", operation) ?? field;
        switch (kind)
        {
            case "codedValue":
                if (!json.TryGetProperty("codedValues", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    throw DefinitionError.Of(operation, $"The coded value domain of field '{field}' needs a 'codedValues' array.");
                }

                var codes = new List<CodedValue>();
                foreach (var entry in values.EnumerateArray())
                {
                    var code = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("code", out var c) ? ReadValue(c, type) : null;
                    var label = entry.ValueKind == JsonValueKind.Object ? DefinitionJson.String(entry, "name", operation) : null;
                    codes.Add(new CodedValue(label ?? Convert.ToString(code, CultureInfo.InvariantCulture) ?? "",
                        code ?? throw DefinitionError.Of(operation, $"A coded value of field '{field}' has no valid 'code'.")));
                }

                return new FieldDomain { Type = kind, Name = name, Description = DefinitionJson.String(json, "description", operation), CodedValues = codes };
            case "range":
                if (!type.IsNumeric() && type != FieldType.Date
                    || !json.TryGetProperty("range", out var range) || range.ValueKind != JsonValueKind.Array || range.GetArrayLength() != 2
                    || range[0].ValueKind != JsonValueKind.Number || range[1].ValueKind != JsonValueKind.Number
                    || range[0].GetDouble() > range[1].GetDouble())
                {
                    throw DefinitionError.Of(operation, $"The range domain of field '{field}' needs a numeric field and 'range': [min, max].");
                }

                return new FieldDomain { Type = kind, Name = name, RangeMin = range[0].GetDouble(), RangeMax = range[1].GetDouble() };
            default:
                throw DefinitionError.Of(operation, $"The domain of field '{field}' must be of type 'codedValue' or 'range'.");
        }
    }

    private static object? ReadDefault(JsonElement json, FieldDefinition field, string operation)
    {
        if (json.ValueKind == JsonValueKind.Null || field.Type is FieldType.Oid or FieldType.GlobalId)
        {
            return null;
        }

        return ReadValue(json, field.Type)
            ?? throw DefinitionError.Of(operation, $"The default value of field '{field.Name}' does not fit its type.");
    }

    /// <summary>A JSON value as the CLR value a field of <paramref name="type"/> stores, or null when it does not fit.</summary>
    public static object? ReadValue(JsonElement json, FieldType type) => (type, json.ValueKind) switch
    {
        (_, JsonValueKind.Null) => null,
        (FieldType.Single or FieldType.Double, JsonValueKind.Number) => json.GetDouble(),
        (_, JsonValueKind.Number) when type.IsInteger() || type == FieldType.Date => json.TryGetInt64(out var n) ? n : null,
        (_, JsonValueKind.String) when type.IsText() => json.GetString(),
        (_, JsonValueKind.String) when type.IsInteger() => long.TryParse(json.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
        (FieldType.Single or FieldType.Double, JsonValueKind.String) =>
            double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        _ => null,
    };
}
