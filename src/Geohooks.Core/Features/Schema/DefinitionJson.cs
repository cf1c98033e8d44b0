using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geohooks.Core.Features.Schema;

/// <summary>Typed reads of definition JSON with errors that name the property (spec resources §2.10, §9).</summary>
public static class DefinitionJson
{
    public static JsonElement Parse(string? text, string parameter, string operation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw DefinitionError.Of(operation, $"'{parameter}' must be specified.");
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw DefinitionError.Of(operation, $"'{parameter}' must be a JSON object.");
        }
        catch (JsonException)
        {
            throw DefinitionError.Of(operation, $"'{parameter}' is not valid JSON.");
        }
    }

    public static string? String(JsonElement json, string name, string operation) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw DefinitionError.Of(operation, $"'{name}' must be a string.");

    public static bool? Bool(JsonElement json, string name, string operation) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed) ? parsed
        : throw DefinitionError.Of(operation, $"'{name}' must be true or false.");

    /// <summary>An integer given as a number or (as some clients send ids) a string of digits.</summary>
    public static int? Int(JsonElement json, string name, string operation) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n
        : value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s
        : throw DefinitionError.Of(operation, $"'{name}' must be an integer.");

    /// <summary>The wkid of a spatial reference object (<c>latestWkid</c> preferred), or null when absent.</summary>
    public static int? Wkid(JsonElement json, string name, string operation)
    {
        if (!json.TryGetProperty(name, out var sr) || sr.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (sr.ValueKind != JsonValueKind.Object)
        {
            throw DefinitionError.Of(operation, $"'{name}' must be a spatial reference object.");
        }

        return Int(sr, "wkid", operation) ?? Int(sr, "latestWkid", operation)
            ?? throw DefinitionError.Of(operation, $"'{name}' needs a 'wkid'; custom spatial references are not supported.");
    }

    public static Capabilities? Capabilities(JsonElement json, string operation)
    {
        var text = String(json, "capabilities", operation);
        if (text is null)
        {
            return null;
        }

        return Schema.Capabilities.TryParse(text, out var capabilities, out var unknown)
            ? capabilities
            : throw DefinitionError.Of(operation, $"'{unknown}' is not a capability. Use Query, Create, Update, Delete, Editing, ChangeTracking, Sync or Extract.");
    }

    public static EditorTrackingInfo EditorTracking(JsonElement json, EditorTrackingInfo current, string operation)
    {
        if (!json.TryGetProperty("editorTrackingInfo", out var info) || info.ValueKind == JsonValueKind.Null)
        {
            return current;
        }

        if (info.ValueKind != JsonValueKind.Object)
        {
            throw DefinitionError.Of(operation, "'editorTrackingInfo' must be an object.");
        }

        return new EditorTrackingInfo
        {
            EnableEditorTracking = Bool(info, "enableEditorTracking", operation) ?? current.EnableEditorTracking,
            EnableOwnershipAccessControl = Bool(info, "enableOwnershipAccessControl", operation) ?? current.EnableOwnershipAccessControl,
            AllowOthersToUpdate = Bool(info, "allowOthersToUpdate", operation) ?? current.AllowOthersToUpdate,
            AllowOthersToDelete = Bool(info, "allowOthersToDelete", operation) ?? current.AllowOthersToDelete,
            AllowOthersToQuery = Bool(info, "allowOthersToQuery", operation) ?? current.AllowOthersToQuery,
            AllowAnonymousToUpdate = Bool(info, "allowAnonymousToUpdate", operation) ?? current.AllowAnonymousToUpdate,
            AllowAnonymousToDelete = Bool(info, "allowAnonymousToDelete", operation) ?? current.AllowAnonymousToDelete,
        };
    }

    /// <summary>The properties of <paramref name="json"/> the server does not model, merged over <paramref name="current"/>.</summary>
    public static JsonObject Extras(JsonElement json, JsonObject current, IReadOnlySet<string> modelled)
    {
        var extras = (JsonObject)current.DeepClone();
        foreach (var property in json.EnumerateObject())
        {
            if (!modelled.Contains(property.Name))
            {
                extras[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return extras;
    }
}
