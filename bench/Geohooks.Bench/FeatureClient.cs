using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Bench.Scenarios;

namespace Geohooks.Bench;

/// <summary>The feature-service calls of the features and services scenarios, over real HTTP with a portal token.</summary>
public sealed class FeatureClient
{
    private readonly HttpClient _http;
    private readonly string _base;
    private readonly string _token;

    private FeatureClient(HttpClient http, string baseUrl, string token)
    {
        _http = http;
        _base = baseUrl;
        _token = token;
    }

    public static async Task<FeatureClient> CreateAsync(HttpClient http, string baseUrl, CancellationToken ct)
    {
        var json = await PostAsync(http, $"{baseUrl}/sharing/rest/generateToken", new() { ["username"] = EngineHost.Username, ["password"] = EngineHost.AdminPassword, ["referer"] = "bench" }, ct);
        return new FeatureClient(http, baseUrl, json.GetProperty("token").GetString()!);
    }

    public async Task CreateServiceAsync(string name, CancellationToken ct)
    {
        await PostAsync(_http, $"{_base}/sharing/rest/content/users/{EngineHost.Username}/createService", new()
        {
            ["token"] = _token,
            ["outputType"] = "featureService",
            ["createParameters"] = $$"""{"name":"{{name}}","capabilities":"Query,Create,Update,Delete,Editing,ChangeTracking","spatialReference":{"wkid":4326},"maxRecordCount":2000}""",
        }, ct);
        await PostAsync(_http, $"{_base}/rest/admin/services/{name}/FeatureServer/addToDefinition", new()
        {
            ["token"] = _token,
            ["addToDefinition"] = """{"layers":[{"name":"points","geometryType":"esriGeometryPoint","fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"name","type":"esriFieldTypeString","length":64},{"name":"value","type":"esriFieldTypeDouble"},{"name":"GlobalID","type":"esriFieldTypeGlobalID"}]}]}""",
        }, ct);
    }

    public string AddsBody(Random random, int count)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            var (x, y) = FeaturesScenario.Point(random);
            text.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$$"""{"geometry":{"x":{{{x}}},"y":{{{y}}}},"attributes":{"name":"p{{{random.Next()}}}","value":{{{random.NextDouble() * 100}}}}}""");
        }

        return text.Append(']').ToString();
    }

    /// <summary>Moves the features <paramref name="objectIds"/> to random places with new attributes.</summary>
    public static string UpdatesBody(Random random, IEnumerable<long> objectIds)
    {
        var text = new StringBuilder("[");
        foreach (var id in objectIds)
        {
            var (x, y) = FeaturesScenario.Point(random);
            text.Append(text.Length == 1 ? "" : ",").Append(CultureInfo.InvariantCulture, $$$"""{"geometry":{"x":{{{x}}},"y":{{{y}}}},"attributes":{"OBJECTID":{{{id}}},"name":"u{{{random.Next()}}}","value":{{{random.NextDouble() * 100}}}}}""");
        }

        return text.Append(']').ToString();
    }

    /// <summary>Seconds for one applyEdits of <paramref name="adds"/>.</summary>
    public Task<double> TimeAsync(string adds, string service, CancellationToken ct) => TimeEditAsync("adds", adds, service, ct);

    /// <summary>Seconds for one applyEdits of <paramref name="updates"/>.</summary>
    public Task<double> TimeUpdatesAsync(string updates, string service, CancellationToken ct) => TimeEditAsync("updates", updates, service, ct);

    private async Task<double> TimeEditAsync(string kind, string features, string service, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var json = await PostAsync(_http, $"{_base}/rest/services/{service}/FeatureServer/0/applyEdits", new() { ["token"] = _token, [kind] = features }, ct);
        var seconds = watch.Elapsed.TotalSeconds;
        if (json.GetProperty(kind[..^1] + "Results").EnumerateArray().Any(r => !r.GetProperty("success").GetBoolean()))
        {
            throw new InvalidOperationException($"An edit of {kind} failed.");
        }

        return seconds;
    }

    /// <summary>One applyEdits of <paramref name="adds"/> on layer 0; the object ids of the added features, in order.</summary>
    public async Task<long[]> AddAsync(string adds, string service, CancellationToken ct)
    {
        var json = await PostAsync(_http, $"{_base}/rest/services/{service}/FeatureServer/0/applyEdits", new() { ["token"] = _token, ["adds"] = adds }, ct);
        var results = json.GetProperty("addResults").EnumerateArray().ToList();
        return results.Any(r => !r.GetProperty("success").GetBoolean())
            ? throw new InvalidOperationException("An add failed.")
            : [.. results.Select(r => r.GetProperty("objectId").GetInt64())];
    }

    /// <summary>Median milliseconds of extractChanges over the generation range.</summary>
    public async Task<double> TimeExtractAsync(string service, long from, long to, int runs, CancellationToken ct)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var json = await PostAsync(_http, $"{_base}/rest/services/{service}/FeatureServer/extractChanges", new() { ["token"] = _token, ["serverGens"] = $"[{from},{to}]" }, ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
            var adds = json.GetProperty("edits")[0].GetProperty("features").GetProperty("adds").GetArrayLength();
            if (adds != 10_000)
            {
                throw new InvalidOperationException($"extractChanges returned {adds} adds, expected 10000.");
            }
        }

        return Stats.Median(times);
    }

    /// <summary>Bounding-box queries at random places sized for about 1,000 hits: p50, p99 (ms) and mean features returned.</summary>
    public async Task<(double P50, double P99, double Returned)> TimeQueriesAsync(string service, int queries, int layerSize, CancellationToken ct)
    {
        var random = new Random(7);
        var times = new List<double>();
        var returned = 0L;
        for (var i = 0; i < queries; i++)
        {
            var box = Box(random, layerSize);
            var watch = Stopwatch.StartNew();
            var json = await PostAsync(_http, $"{_base}/rest/services/{service}/FeatureServer/0/query", new()
            {
                ["token"] = _token,
                ["geometry"] = string.Create(CultureInfo.InvariantCulture, $"{box.XMin},{box.YMin},{box.XMax},{box.YMax}"),
                ["geometryType"] = "esriGeometryEnvelope",
                ["spatialRel"] = "esriSpatialRelIntersects",
                ["outFields"] = "*",
            }, ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
            returned += json.GetProperty("features").GetArrayLength();
        }

        var sorted = times.Order().ToArray();
        return (Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99), returned / (double)queries);
    }

    /// <summary>A square inside the data's 1° × 1° square holding about 1,000 of <paramref name="layerSize"/> uniform points.</summary>
    public static (double XMin, double YMin, double XMax, double YMax) Box(Random random, int layerSize)
    {
        var side = Math.Sqrt(1000.0 / layerSize);
        var x = -118.5 + random.NextDouble() * (1 - side);
        var y = 33.5 + random.NextDouble() * (1 - side);
        return (x, y, x + side, y + side);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string url, Dictionary<string, string> form, CancellationToken ct)
    {
        form["f"] = "json";
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(form), ct);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error)
            ? throw new InvalidOperationException($"{url}: {error}")
            : json;
    }
}
