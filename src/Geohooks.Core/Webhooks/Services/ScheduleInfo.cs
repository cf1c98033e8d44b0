using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geohooks.Core.Errors;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// A feature-service webhook's <c>scheduleInfo</c> (spec webhooks §3.2, §4.2): events are collected and delivered
/// once per interval, on a grid of instants <c>startAt + k·interval</c>. An interval of 0 (allowed only when the
/// server's minimum is 0) delivers each edit immediately. <c>month</c> and <c>year</c> are 30 and 365 days.
/// </summary>
public sealed record ScheduleInfo(string Name, bool Enabled, long StartAt, int Interval, string Frequency)
{
    public const string Second = "second";

    private static readonly Dictionary<string, long> FrequencyMs = new(StringComparer.Ordinal)
    {
        [Second] = 1_000,
        ["minute"] = 60_000,
        ["hour"] = 3_600_000,
        ["day"] = 86_400_000,
        ["week"] = 7 * 86_400_000L,
        ["month"] = 30 * 86_400_000L,
        ["year"] = 365 * 86_400_000L,
    };

    public long IntervalMs => Interval * FrequencyMs[Frequency];

    /// <summary>
    /// When what happens at <paramref name="now"/> is delivered: the next instant of the grid after it (never before
    /// <see cref="StartAt"/>), or at once — from <see cref="StartAt"/> on — when the interval is 0.
    /// </summary>
    public long NextBoundary(long now)
    {
        if (IntervalMs == 0 || now < StartAt)
        {
            return Math.Max(now, StartAt);
        }

        return StartAt + ((((now - StartAt) / IntervalMs) + 1) * IntervalMs);
    }

    /// <summary>The default when a create request names none: enabled from now, every 20 s or the server's minimum if larger.</summary>
    public static ScheduleInfo Default(long now, TimeSpan minimum) => new("", true, now, DefaultSeconds(minimum), Second);

    /// <summary>ArcGIS's 20 s, or the server's minimum when that is longer.</summary>
    private static int DefaultSeconds(TimeSpan minimum) => (int)Math.Max(20, Math.Ceiling(minimum.TotalSeconds));

    /// <summary>Parses the JSON parameter; an interval below <paramref name="minimum"/> is refused with the minimum named.</summary>
    public static ScheduleInfo Parse(string json, long now, TimeSpan minimum)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject
                ?? throw Invalid("must be a JSON object.");
        }
        catch (JsonException)
        {
            throw Invalid("is not valid JSON.");
        }

        var name = root["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : "";
        var state = root["state"] is JsonValue s && s.TryGetValue<string>(out var stateText) ? stateText.ToLowerInvariant() : "enabled";
        if (state is not ("enabled" or "disabled"))
        {
            throw Invalid("state must be \"enabled\" or \"disabled\".");
        }

        var startAt = root["startAt"] is { } start ? Long(start, "startAt") : now;
        var recurrence = root["recurrenceInfo"] as JsonObject ?? [];
        var frequency = recurrence["frequency"] is JsonValue f && f.TryGetValue<string>(out var freq) ? freq.ToLowerInvariant() : Second;
        if (!FrequencyMs.ContainsKey(frequency))
        {
            throw Invalid($"recurrenceInfo.frequency must be one of {string.Join(", ", FrequencyMs.Keys)}.");
        }

        var interval = recurrence["interval"] is { } i ? Long(i, "recurrenceInfo.interval") : DefaultSeconds(minimum);
        if (interval is < 0 or > 100_000)
        {
            throw Invalid("recurrenceInfo.interval must be a whole number from 0 to 100000.");
        }

        var schedule = new ScheduleInfo(name, state == "enabled", startAt, (int)interval, frequency);
        if (schedule.IntervalMs < minimum.TotalMilliseconds)
        {
            throw Invalid($"the interval must be at least {minimum.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds on this server.");
        }

        return schedule;
    }

    /// <summary>The ArcGIS JSON form (spec webhooks §3.2).</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["state"] = Enabled ? "enabled" : "disabled",
        ["startAt"] = StartAt,
        ["recurrenceInfo"] = new JsonObject { ["interval"] = Interval, ["frequency"] = Frequency },
    };

    private static long Long(JsonNode node, string name) =>
        node.GetValueKind() switch
        {
            JsonValueKind.Number when node.GetValue<double>() is var d && d % 1 == 0 && Math.Abs(d) < 1e15 => (long)d,
            JsonValueKind.String when long.TryParse(node.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) => v,
            _ => throw Invalid($"{name} must be a whole number."),
        };

    private static ArcGisException Invalid(string why) => Errors.Errors.InvalidParameter("scheduleInfo", why);
}
