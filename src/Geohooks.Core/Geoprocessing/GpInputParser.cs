using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// Turns request parameters into a task's checked inputs (spec resources §10.3, §10.4): one value per input
/// parameter, text for literals and JSON text for objects; missing optional inputs take their default. Anything
/// wrong is a 400 naming the parameter, before anything is stored or run.
/// </summary>
public static class GpInputParser
{
    /// <summary>The largest GPLong (11.2+): ±(2^52 − 1), what a double carries exactly.</summary>
    public const long MaxLong = 4503599627370495;

    public static GpValues Parse(GpTool tool, Func<string, string?> get)
    {
        var values = new JsonObject();
        foreach (var parameter in tool.Parameters.Where(p => p.IsInput))
        {
            var text = get(parameter.Name);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (parameter.ParameterType == GpParameterType.Required)
                {
                    throw GpErrors.Input(parameter.Name, "must be specified.");
                }

                values[parameter.Name] = parameter.DefaultValue?.DeepClone();
                continue;
            }

            values[parameter.Name] = Value(parameter, text.Trim());
        }

        // Read back from text, so every value is what a stored job's inputs will be (defaults built from CLR values included).
        return GpValues.Parse(values.ToJsonString());
    }

    private static JsonNode? Value(GpParameter p, string text) => p.DataType switch
    {
        GpDataType.String => Choice(p, text),
        GpDataType.Long => InRange(p, ParseLong(p, text)),
        GpDataType.Double => InRange(p, ParseDouble(p, text)),
        GpDataType.Boolean => text.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw GpErrors.Input(p.Name, "must be true or false."),
        },
        GpDataType.LinearUnit => LinearUnit(p, Json(p, text)),
        GpDataType.FeatureRecordSetLayer => LayerReference(p, Json(p, text)),
        _ => throw GpErrors.Input(p.Name, $"{p.DataType.WireName()} is not accepted as an input."),
    };

    private static string Choice(GpParameter p, string text)
    {
        if (p.ChoiceList is not { } choices)
        {
            return text;
        }

        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? throw GpErrors.Input(p.Name, $"'{text}' is not one of {string.Join(", ", choices)}.");
    }

    private static long ParseLong(GpParameter p, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= MaxLong
            ? value
            : throw GpErrors.Input(p.Name, $"must be an integer between -{MaxLong} and {MaxLong}.");

    private static double ParseDouble(GpParameter p, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw GpErrors.Input(p.Name, "must be a finite number.");

    private static JsonValue InRange<T>(GpParameter p, T value)
        where T : System.Numerics.INumber<T>
    {
        var number = double.CreateChecked(value);
        if (p.Range is { } range && (number < range.Minimum || number > range.Maximum))
        {
            throw GpErrors.Input(p.Name, $"must be between {range.Minimum.ToString(CultureInfo.InvariantCulture)} and {range.Maximum.ToString(CultureInfo.InvariantCulture)}.");
        }

        return JsonValue.Create(value)!;
    }

    private static JsonObject Json(GpParameter p, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw GpErrors.Input(p.Name, "is not valid JSON.");
        }

        return node as JsonObject ?? throw GpErrors.Input(p.Name, "must be a JSON object.");
    }

    /// <summary><c>{"distance": 100, "units": "esriMeters"}</c>; units default to metres.</summary>
    private static JsonObject LinearUnit(GpParameter p, JsonObject json)
    {
        if (json["distance"] is not JsonValue distance || !distance.TryGetValue<double>(out var value) || !double.IsFinite(value))
        {
            throw GpErrors.Input(p.Name, "needs a numeric 'distance', e.g. {\"distance\":100,\"units\":\"esriMeters\"}.");
        }

        var units = json["units"] switch
        {
            null => GpLinearUnits.Meters,
            JsonValue v when v.TryGetValue<string>(out var name) => GpLinearUnits.Canonical(name) ?? throw GpErrors.Input(p.Name, $"'{name}' is not a linear unit such as esriMeters, esriKilometers, esriFeet or esriMiles."),
            _ => throw GpErrors.Input(p.Name, "'units' must be a string such as esriMeters."),
        };
        return new JsonObject { ["distance"] = value, ["units"] = units };
    }

    /// <summary>
    /// A hosted feature layer of this server: <c>{"url":"…/FeatureServer/0","filter":"&lt;where&gt;"}</c> or
    /// <c>{"serviceName":"Parcels","layerId":0}</c>. Feature sets given inline are not taken.
    /// </summary>
    private static JsonObject LayerReference(GpParameter p, JsonObject json)
    {
        if (json.ContainsKey("features"))
        {
            throw GpErrors.Input(p.Name, "feature sets given inline are not supported; pass a hosted layer as {\"url\":\".../FeatureServer/0\"}.");
        }

        var filter = json["filter"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var where) => where,
            _ => throw GpErrors.Input(p.Name, "'filter' must be a where clause string."),
        };
        var (service, layer) = json["url"] is JsonValue url && url.TryGetValue<string>(out var text)
            ? LayerUrl.Parse(text) ?? throw GpErrors.Input(p.Name, $"'{text}' is not the URL of a hosted feature layer of this server (…/rest/services/<name>/FeatureServer/<layerId>).")
            : (Name(p, json), Id(p, json));
        return new JsonObject { ["serviceName"] = service, ["layerId"] = layer, ["filter"] = string.IsNullOrWhiteSpace(filter) ? null : filter };
    }

    private static string Name(GpParameter p, JsonObject json) =>
        json["serviceName"] is JsonValue v && v.TryGetValue<string>(out var name) && name.Length > 0
            ? name
            : throw GpErrors.Input(p.Name, "needs a 'url' of a hosted feature layer, or a 'serviceName' and a 'layerId'.");

    private static int Id(GpParameter p, JsonObject json) =>
        json["layerId"] is JsonValue v && v.TryGetValue<int>(out var id) && id >= 0
            ? id
            : throw GpErrors.Input(p.Name, "'layerId' must be a non-negative integer.");
}
