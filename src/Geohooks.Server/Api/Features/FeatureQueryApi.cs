using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Querying;
using SortKey = Geohooks.Core.Features.SortKey;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Features;

/// <summary><c>&lt;layer&gt;/query</c> (spec resources §4): GET or POST (clients POST long queries), JSON or GeoJSON.</summary>
internal static class FeatureQueryApi
{
    public static void MapFeatureQuery(this IEndpointRouteBuilder routes)
    {
        foreach (var root in FeatureServicesApi.ServiceRoots)
        {
            routes.MapResource(root + "/{layerId:int}/query", QueryAsync);
        }
    }

    private static async Task<IResult> QueryAsync(ArcGisRequest r, string name, int layerId, FeatureQueries queries)
    {
        var query = Parse(r);
        var geoJson = r.Format == ArcGisFormat.GeoJson;
        if (geoJson && query.OutSR is null)
        {
            query = query with { OutSR = SpatialReference.Wgs84 };
        }

        var result = await queries.QueryAsync(await r.CallerAsync(), name, layerId, query, r.Aborted);
        var precision = GetInt(r, "geometryPrecision", 0, 17);
        if (geoJson && result.Kind == QueryResultKind.Features)
        {
            return ArcGisJson.Write(r.Format, w => QueryJson.WriteGeoJson(w, result, precision), geoJson: true);
        }

        var options = new EsriJsonWriteOptions
        {
            ReturnZ = query.ReturnZ && result.Layer.Definition.HasZ,
            ReturnM = query.ReturnM && result.Layer.Definition.HasM,
            GeometryPrecision = precision,
        };
        return ArcGisJson.Write(r.Format, w => QueryJson.Write(w, result, options));
    }

    /// <summary>The query parameters in domain terms; a bad one is the query error envelope naming it.</summary>
    public static FeatureQuery Parse(ArcGisRequest r)
    {
        var geometryText = r.Get("geometry");
        EsriGeometry? geometry = null;
        if (geometryText is not null)
        {
            var type = r.Get("geometryType") is { } typeName
                ? GeometryTypes.TryParse(typeName, out var parsed) ? parsed : throw FeatureErrors.InvalidQuery("geometryType")
                : (GeometryType?)null;
            geometry = EsriJsonGeometryReader.ParseQueryGeometry(geometryText, type);
        }

        return new FeatureQuery
        {
            Where = r.Get("where"),
            ObjectIds = r.GetList("objectIds") is { Count: > 0 } ids ? [.. ids.Select(id => ParseLong(id, "objectIds"))] : null, // "objectIds=" is not supplied
            Geometry = geometry?.Geometry,
            InSR = geometry?.SpatialReference ?? SpatialReference.Parse(r.Get("inSR"), "inSR"),
            SpatialRel = r.Get("spatialRel"),
            RelationParam = r.Get("relationParam"),
            Distance = r.Get("distance") is { } distance ? ParseDouble(distance, "distance") : 0,
            Units = r.Get("units"),
            OutFields = r.GetList("outFields"),
            ReturnGeometry = Bool(r, "returnGeometry") ?? true,
            ReturnIdsOnly = Bool(r, "returnIdsOnly") ?? false,
            ReturnCountOnly = Bool(r, "returnCountOnly") ?? false,
            ReturnExtentOnly = Bool(r, "returnExtentOnly") ?? false,
            ReturnDistinctValues = Bool(r, "returnDistinctValues") ?? false,
            OrderBy = OrderBy(r.Get("orderByFields")),
            ResultOffset = GetInt(r, "resultOffset", 0, int.MaxValue) ?? 0,
            ResultRecordCount = GetInt(r, "resultRecordCount", 1, int.MaxValue),
            ResultType = r.Get("resultType")?.ToLowerInvariant(),
            OutStatistics = Statistics(r),
            GroupByFieldsForStatistics = r.GetList("groupByFieldsForStatistics") ?? [],
            OutSR = SpatialReference.Parse(r.Get("outSR"), "outSR"),
            ReturnCentroid = Bool(r, "returnCentroid") ?? false,
            ReturnZ = Bool(r, "returnZ") ?? false,
            ReturnM = Bool(r, "returnM") ?? false,
        };
    }

    /// <summary>Used by deleteFeatures: a where and/or geometry selection, or null when the call names none.</summary>
    public sealed class Resolver(FeatureQueries queries)
    {
        public Func<Core.Storage.IStoreSession, FeatureLayer, CancellationToken, Task<IReadOnlyList<long>>>? DeleteQuery(ArcGisRequest r, Core.Portal.Caller? caller)
        {
            if (r.Get("where") is null && r.Get("geometry") is null)
            {
                return null;
            }

            return queries.DeleteQuery(caller, Parse(r));
        }
    }

    private static bool? Bool(ArcGisRequest r, string name)
    {
        try
        {
            return r.GetBool(name);
        }
        catch (Core.Errors.ArcGisException)
        {
            throw FeatureErrors.InvalidQuery(name);
        }
    }

    private static int? GetInt(ArcGisRequest r, string name, int min, int max)
    {
        if (r.Get(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw FeatureErrors.InvalidQuery(name);
    }

    private static long ParseLong(string text, string name) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw FeatureErrors.InvalidQuery(name, $"'{text}' is not an object id.");

    private static double ParseDouble(string text, string name) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : throw FeatureErrors.InvalidQuery(name);

    /// <summary><c>f1 [ASC|DESC], f2 …</c>.</summary>
    private static List<SortKey> OrderBy(string? text)
    {
        var keys = new List<SortKey>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = words.Length == 2 && words[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (words.Length > 2 || (words.Length == 2 && !descending && !words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
            {
                throw FeatureErrors.InvalidQuery("orderByFields", $"'{part}' is not 'field [ASC|DESC]'.");
            }

            keys.Add(new SortKey(words[0], descending));
        }

        return keys;
    }

    private static List<Statistic>? Statistics(ArcGisRequest r)
    {
        JsonElement json;
        try
        {
            if (r.GetJson("outStatistics") is not { } parsed)
            {
                return null;
            }

            json = parsed;
        }
        catch (Core.Errors.ArcGisException)
        {
            throw FeatureErrors.InvalidQuery("outStatistics");
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw FeatureErrors.InvalidQuery("outStatistics", "outStatistics must be a JSON array.");
        }

        return [.. json.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.Object
            ? new Statistic(Text(s, "statisticType") ?? throw FeatureErrors.InvalidQuery("outStatistics", "Every statistic needs a statisticType."), Text(s, "onStatisticField"), Text(s, "outStatisticFieldName") ?? "")
            : throw FeatureErrors.InvalidQuery("outStatistics"))];
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
