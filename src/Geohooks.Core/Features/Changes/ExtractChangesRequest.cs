using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Webhooks.Services;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Changes;

/// <summary>
/// The parameters of <c>extractChanges</c> (webhooks spec §6.1). Parsed from the request's parameter bag, which is
/// also what an asynchronous job keeps, so a job runs exactly what was asked even after a restart.
/// </summary>
public sealed record ExtractChangesRequest
{
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>Changes after <c>Min</c> up to and including <c>Max</c>, for every requested layer.</summary>
    public (long Min, long? Max)? ServerGens { get; init; }

    /// <summary>Per-layer ranges (<c>layerServerGens</c>); a layer named here uses its own range.</summary>
    public IReadOnlyDictionary<int, (long Min, long? Max)> LayerServerGens { get; init; } = new Dictionary<int, (long, long?)>();

    public bool ReturnInserts { get; init; } = true;

    public bool ReturnUpdates { get; init; } = true;

    public bool ReturnDeletes { get; init; } = true;

    public bool ReturnIdsOnly { get; init; }

    public bool ReturnAttachments { get; init; }

    public bool ReturnDeletedFeatures { get; init; }

    public bool ReturnHasGeometryUpdates { get; init; }

    /// <summary><c>layerQueries</c>: a where clause per layer id.</summary>
    public IReadOnlyDictionary<int, string> LayerWheres { get; init; } = new Dictionary<int, string>();

    public NtsGeometry? Geometry { get; init; }

    public SpatialReference? InSR { get; init; }

    public string? SpatialRel { get; init; }

    public SpatialReference? OutSR { get; init; }

    /// <summary>
    /// <c>filter</c> (a Geohooks extension, the JSON of a webhook's filter): only the features that match it before or
    /// after their edits, by the rules of <see cref="HookFilterMatcher"/>.
    /// </summary>
    public HookFilter? Filter { get; init; }

    public static ExtractChangesRequest Parse(IReadOnlyDictionary<string, string> parameters)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        bool Bool(string name, bool fallback) => Get(name)?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "true" => true,
            "false" => false,
            _ => throw Invalid(name, "must be true or false."),
        };

        var request = new ExtractChangesRequest
        {
            Layers = Get("layers") is { } layers ? IntList(layers, "layers") : null,
            ServerGens = Get("serverGens") is { } gens ? Range(gens) : null,
            LayerServerGens = Get("layerServerGens") is { } layerGens ? LayerRanges(layerGens) : new Dictionary<int, (long, long?)>(),
            ReturnInserts = Bool("returnInserts", true),
            ReturnUpdates = Bool("returnUpdates", true),
            ReturnDeletes = Bool("returnDeletes", true),
            ReturnIdsOnly = Bool("returnIdsOnly", false),
            ReturnAttachments = Bool("returnAttachments", false),
            ReturnDeletedFeatures = Bool("returnDeletedFeatures", false),
            ReturnHasGeometryUpdates = Bool("returnHasGeometryUpdates", false),
            LayerWheres = Get("layerQueries") is { } queries ? Wheres(queries) : new Dictionary<int, string>(),
            SpatialRel = Get("spatialRel"),
            OutSR = SpatialReference.Parse(Get("outSR"), "outSR"),
            Filter = HookFilter.Parse(Get("filter")),
        };
        if (Get("geometry") is { } geometryText)
        {
            var type = Get("geometryType") is { } typeName
                ? GeometryTypes.TryParse(typeName, out var parsed) ? parsed : throw Invalid("geometryType", "is not a geometry type.")
                : (GeometryType?)null;
            var geometry = EsriJsonGeometryReader.ParseQueryGeometry(geometryText, type);
            request = request with { Geometry = geometry.Geometry, InSR = geometry.SpatialReference ?? SpatialReference.Parse(Get("inSR"), "inSR") };
        }

        if (request.ServerGens is null && request.LayerServerGens.Count == 0)
        {
            throw Invalid("serverGens", "'serverGens' or 'layerServerGens' must be specified.");
        }

        return request;
    }

    private static ArcGisException Invalid(string name, string why) =>
        new(400, "Unable to extract changes.", [$"'{name}' {why}"]);

    private static JsonElement Json(string text, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Invalid(name, "is not valid JSON.");
        }
    }

    private static List<int> IntList(string text, string name)
    {
        var trimmed = text.Trim();
        var items = trimmed.StartsWith('[')
            ? Json(trimmed, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(e => e.GetRawText().Trim('"')) : throw Invalid(name, "must be a list of layer ids.")
            : trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. items.Select(i => int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : throw Invalid(name, $"'{i}' is not a layer id."))];
    }

    private static (long, long?) Range(string text)
    {
        var json = Json(text.Trim().StartsWith('[') ? text : "[" + text + "]", "serverGens");
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() is < 1 or > 2
            || json.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var n) || n < 0))
        {
            throw Invalid("serverGens", "must be [minServerGen, serverGen].");
        }

        long? max = json.GetArrayLength() == 2 ? json[1].GetInt64() : null;
        return max < json[0].GetInt64() ? throw Invalid("serverGens", "has its bounds the wrong way round.") : (json[0].GetInt64(), max);
    }

    private static Dictionary<int, (long, long?)> LayerRanges(string text)
    {
        var json = Json(text, "layerServerGens");
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("layerServerGens", "must be [{\"id\":0,\"serverGen\":n}, ...].");
        }

        var ranges = new Dictionary<int, (long, long?)>();
        foreach (var entry in json.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("id", out var id) || !id.TryGetInt32(out var layerId)
                || !entry.TryGetProperty("serverGen", out var gen) || !gen.TryGetInt64(out var serverGen))
            {
                throw Invalid("layerServerGens", "needs 'id' and 'serverGen' in every entry.");
            }

            // serverGen is what the client has seen: it wants what came after, up to now (or minServerGen..serverGen when both are given).
            ranges[layerId] = entry.TryGetProperty("minServerGen", out var min) && min.TryGetInt64(out var minGen) ? (minGen, serverGen) : (serverGen, null);
        }

        return ranges;
    }

    private static Dictionary<int, string> Wheres(string text)
    {
        var json = Json(text, "layerQueries");
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("layerQueries", "must be an object keyed by layer id.");
        }

        var wheres = new Dictionary<int, string>();
        foreach (var property in json.EnumerateObject())
        {
            if (!int.TryParse(property.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || property.Value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("layerQueries", $"'{property.Name}' is not a layer id with a query object.");
            }

            if (property.Value.TryGetProperty("where", out var where) && where.ValueKind == JsonValueKind.String && where.GetString() is { Length: > 0 } clause)
            {
                wheres[id] = clause;
            }
        }

        return wheres;
    }
}
