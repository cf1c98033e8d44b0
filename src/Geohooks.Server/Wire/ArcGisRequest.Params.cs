using System.Globalization;
using System.Text.Json;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Server.Wire;

/// <summary>Typed parameter access with ArcGIS conventions: empty means absent, lists are comma-joined or JSON arrays.</summary>
public sealed partial class ArcGisRequest
{
    /// <summary>The parameter's value; an empty string counts as not supplied (clients send <c>key=</c>).</summary>
    public string? Get(string name) => _params.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The parameter exactly as sent, empty string included.</summary>
    public string? GetRaw(string name) => _params.GetValueOrDefault(name);

    public bool Has(string name) => _params.ContainsKey(name);

    public string Require(string name) => Get(name) ?? throw E.MissingParameter(name);

    public bool? GetBool(string name) => Get(name)?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw E.InvalidParameter(name, "must be true or false."),
    };

    public int? GetInt(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw E.InvalidParameter(name, "must be an integer.");
        }

        return value >= min && value <= max ? value : throw E.InvalidParameter(name, $"must be between {min} and {max}.");
    }

    /// <summary>A list from <c>a,b,c</c> or a JSON array <c>["a","b"]</c>; blanks dropped, entries trimmed.</summary>
    public IReadOnlyList<string>? GetList(string name)
    {
        if (GetRaw(name) is not { } text)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            var json = ParseJson(name, trimmed);
            if (json.ValueKind != JsonValueKind.Array)
            {
                throw E.InvalidParameter(name, "must be a comma-separated list or a JSON array.");
            }

            return json.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        }

        return trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A JSON-valued parameter, parsed; malformed JSON is a 400 naming the parameter.</summary>
    public JsonElement? GetJson(string name) => Get(name) is { } text ? ParseJson(name, text) : null;

    /// <summary>A JSON object parameter, re-serialized compactly.</summary>
    public string? GetJsonObjectText(string name)
    {
        if (GetJson(name) is not { } json)
        {
            return null;
        }

        return json.ValueKind == JsonValueKind.Object ? json.GetRawText() : throw E.InvalidParameter(name, "must be a JSON object.");
    }

    public IFormFile? GetFile(string name) => _files.GetFile(name);

    /// <summary>The named parameters that were sent (never the token), for operations that keep their request.</summary>
    public IReadOnlyDictionary<string, string> Select(IEnumerable<string> names) =>
        names.Where(n => !n.Equals("token", StringComparison.OrdinalIgnoreCase) && Get(n) is not null)
            .ToDictionary(n => n, n => Get(n)!, StringComparer.OrdinalIgnoreCase);

    private static JsonElement ParseJson(string name, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw E.InvalidParameter(name, "is not valid JSON.");
        }
    }
}
