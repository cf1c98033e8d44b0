using System.Text.Json;
using System.Text.Json.Nodes;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks;

/// <summary>
/// The webhook's <c>config</c>: ArcGIS's <c>deactivationPolicy</c>, plus Geohooks extensions that ArcGIS clients
/// ignore: <c>retrySchedule</c> (<c>arcgis</c> | <c>exponential</c>) and <c>maxConcurrency</c> (1 = strict order).
/// </summary>
public sealed record WebhookConfig(int NumberOfFailures, int DaysInPast, string RetrySchedule, int MaxConcurrency, string Json)
{
    public const string ArcGisSchedule = "arcgis";
    public const string ExponentialSchedule = "exponential";
    public const int DefaultConcurrency = 4;

    public static WebhookConfig Default { get; } = Parse(null);

    /// <summary>Parses and normalizes a config JSON text; the defaults are ArcGIS's (5 failures in 5 days).</summary>
    public static WebhookConfig Parse(string? json)
    {
        JsonObject root;
        try
        {
            root = string.IsNullOrWhiteSpace(json) ? [] : JsonNode.Parse(json) as JsonObject ?? throw E.InvalidParameter("config", "must be a JSON object.");
        }
        catch (JsonException)
        {
            throw E.InvalidParameter("config", "is not valid JSON.");
        }

        var policy = root["deactivationPolicy"] as JsonObject ?? [];
        var failures = Int(policy, "numberOfFailures", 5, 1, 1000);
        var days = Int(policy, "daysInPast", 5, 1, 365);
        root["deactivationPolicy"] = new JsonObject { ["numberOfFailures"] = failures, ["daysInPast"] = days };
        var schedule = root["retrySchedule"]?.GetValue<string>() ?? ArcGisSchedule;
        if (schedule is not (ArcGisSchedule or ExponentialSchedule))
        {
            throw E.InvalidParameter("config", "retrySchedule must be \"arcgis\" or \"exponential\".");
        }

        var concurrency = Int(root, "maxConcurrency", DefaultConcurrency, 1, 64);
        return new WebhookConfig(failures, days, schedule, concurrency, root.ToJsonString());
    }

    private static int Int(JsonObject o, string name, int fallback, int min, int max)
    {
        if (o[name] is not { } node)
        {
            return fallback;
        }

        var value = node.GetValueKind() switch
        {
            JsonValueKind.Number when node.GetValue<double>() % 1 == 0 => (int?)node.GetValue<double>(),
            JsonValueKind.String when int.TryParse(node.GetValue<string>(), out var parsed) => parsed,
            _ => null,
        };
        return value is { } v && v >= min && v <= max ? v : throw E.InvalidParameter("config", $"{name} must be a whole number from {min} to {max}.");
    }
}
