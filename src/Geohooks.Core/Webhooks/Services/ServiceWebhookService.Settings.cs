using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// The site-wide list and the delivery settings of each flavor (spec webhooks §3.6, §4.3): administrators only (the
/// <c>Organization webhooks</c> privilege).
/// </summary>
public sealed partial class ServiceWebhookService
{
    public const string Base64Encoding = "base64";
    public const string HexEncoding = "hex";

    /// <summary>Every webhook of a flavor in the caller's organization, oldest first.</summary>
    public async Task<Page<Webhook>> ListSiteAsync(Caller caller, string kind, int start, int num, CancellationToken ct)
    {
        RequireAdmin(caller);
        await using var session = await store.ReadAsync(ct);
        return await session.Webhooks.ListAsync(caller.Org.Id, kind, start, num, ct);
    }

    public async Task<WebhookSettings> GetSettingsAsync(Caller caller, string kind, CancellationToken ct)
    {
        RequireAdmin(caller);
        await using var session = await store.ReadAsync(ct);
        return await SettingsAsync(session, caller.Org.Id, kind, ct);
    }

    /// <summary>
    /// Enterprise: attempts 1–5, timeout 1–60 s, delay between attempts 0–300 s, deactivation after 1–100 failures
    /// within 1–365 days. Online: attempts 1–5, timeout 1–10 s, deactivation after 1–10 consecutive failures. Both:
    /// the signature encoding. Every bad setting is reported and nothing changes.
    /// </summary>
    public async Task<WebhookSettings> UpdateSettingsAsync(Caller caller, string kind, ServiceSettingsUpdate update, CancellationToken ct)
    {
        RequireAdmin(caller);
        var online = kind == WebhookKinds.Online;
        var problems = new List<string>();
        SettingRanges.Check(problems, "notificationAttempts", update.NotificationAttempts, 1, 5);
        SettingRanges.Check(problems, "notificationTimeOutInSeconds", update.NotificationTimeOutInSeconds, 1, online ? 10 : 60);
        SettingRanges.Check(problems, "notificationElapsedTimeInSeconds", update.NotificationElapsedTimeInSeconds, 0, 300);
        SettingRanges.Check(problems, "numberOfFailures", update.NumberOfFailures, 1, 10);
        var (failures, days) = ReadPolicy(update.DeactivationPolicy, problems);
        var hex = update.SignatureEncoding?.Trim().ToLowerInvariant() switch
        {
            null => (bool?)null,
            Base64Encoding => false,
            HexEncoding => true,
            _ => Problem<bool?>(problems, "'signatureEncoding': must be base64 or hex."),
        };
        SettingRanges.ThrowIfAny(problems);

        await using var session = await store.WriteAsync(ct);
        var current = await SettingsAsync(session, caller.Org.Id, kind, ct);
        var updated = current with
        {
            NotificationAttempts = update.NotificationAttempts ?? current.NotificationAttempts,
            NotificationTimeOutInSeconds = update.NotificationTimeOutInSeconds ?? current.NotificationTimeOutInSeconds,
            NotificationElapsedTimeInSeconds = update.NotificationElapsedTimeInSeconds ?? current.NotificationElapsedTimeInSeconds,
            DeactivationFailures = update.NumberOfFailures ?? failures ?? current.DeactivationFailures,
            DeactivationDays = days ?? current.DeactivationDays,
            ConsecutiveFailures = online,
            HexSignatures = hex ?? current.HexSignatures,
        };
        await session.Webhooks.SetSettingsAsync(WebhookSettingsScopes.For(caller.Org.Id, kind), updated, ct);
        await session.CommitAsync(ct);
        return updated;
    }

    private static async Task<WebhookSettings> SettingsAsync(IStoreSession session, string orgId, string kind, CancellationToken ct) =>
        await WebhookSettingsScopes.ReadAsync(session.Webhooks, orgId, kind, ct);

    /// <summary><c>{"numberOfFailures":1–100,"daysInPast":1–365}</c>; either may be left out.</summary>
    private static (int? Failures, int? Days) ReadPolicy(string? json, List<string> problems)
    {
        if (json is null)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problem<(int?, int?)>(problems, "'deactivationPolicy': must be a JSON object.");
            }

            var failures = PolicyInt(document.RootElement, "numberOfFailures", 100, problems);
            var days = PolicyInt(document.RootElement, "daysInPast", 365, problems);
            return (failures, days);
        }
        catch (JsonException)
        {
            return Problem<(int?, int?)>(problems, "'deactivationPolicy': is not valid JSON.");
        }
    }

    private static int? PolicyInt(JsonElement policy, string name, int max, List<string> problems)
    {
        if (!policy.TryGetProperty(name, out var value))
        {
            return null;
        }

        int? parsed = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (parsed is not { } v || v < 1 || v > max)
        {
            problems.Add($"'deactivationPolicy': {name} must be a whole number from 1 to {max}.");
            return null;
        }

        return v;
    }

    private static T? Problem<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default;
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.Has(OrgWebhookService.Privilege))
        {
            throw E.Forbidden("Only administrators manage service-webhook settings and the site-wide list.");
        }
    }
}
