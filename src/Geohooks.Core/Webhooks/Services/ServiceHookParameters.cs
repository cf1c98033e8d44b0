using Geohooks.Core.Features;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>The checks of single create / edit parameters that need nothing but the value (spec webhooks §3.4, §3.9).</summary>
internal static class ServiceHookParameters
{
    public const string AllChanges = "*";

    private static readonly string[] ChangeTypeNames =
    [
        FeatureChangeTypes.FeaturesCreated, FeatureChangeTypes.FeaturesUpdated, FeatureChangeTypes.FeaturesDeleted,
        FeatureChangeTypes.FeaturesEdited, FeatureChangeTypes.AttachmentsCreated, FeatureChangeTypes.AttachmentsUpdated,
        FeatureChangeTypes.AttachmentsDeleted, FeatureChangeTypes.LayerSchemaChanged, FeatureChangeTypes.LayerDefinitionChanged,
        FeatureChangeTypes.FeatureServiceDefinitionChanged,
    ];

    public static string Name(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length is > 0 and <= 256 && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw E.InvalidParameter("name", "must be 1 to 256 characters without control characters.");
    }

    /// <summary>The key signs, and goes into no header itself; still no control characters and at most 256 characters.</summary>
    public static string SignatureKey(string key) =>
        key.Length <= 256 && !key.Any(char.IsControl) ? key : throw E.InvalidParameter("signatureKey", "must be at most 256 characters without control characters.");

    public static string HookUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url.ToString()
            : throw E.InvalidParameter("hookUrl", "must be an absolute http or https URL.");

    /// <summary>
    /// Feature services: <c>*</c> or change types of §3.9 (any case, stored as spelled there); <c>*</c> wins over the
    /// rest. Geoprocessing services fire on job completion only: nothing or <c>*</c>, stored as no change types.
    /// </summary>
    public static IReadOnlyList<string> ChangeTypes(IReadOnlyList<string> asked, bool featureService)
    {
        if (!featureService)
        {
            return asked.All(t => t == AllChanges) ? [] : throw E.InvalidParameter("changeTypes", "does not apply to geoprocessing services; their webhooks fire when a job finishes.");
        }

        if (asked.Count == 0)
        {
            throw E.InvalidParameter("changeTypes", "must name at least one change type, or * for all.");
        }

        var known = new List<string>();
        foreach (var type in asked)
        {
            var name = type == AllChanges ? AllChanges : ChangeTypeNames.FirstOrDefault(n => n.Equals(type, StringComparison.OrdinalIgnoreCase))
                ?? throw E.InvalidParameter("changeTypes", $"'{type}' is not a change type; use * or {string.Join(", ", ChangeTypeNames)}.");
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                known.Add(name);
            }
        }

        return known.Contains(AllChanges, StringComparer.Ordinal) ? [AllChanges] : known;
    }

    public static string ContentType(string text) => text.Trim().ToLowerInvariant() switch
    {
        ServiceHookSpec.Json => ServiceHookSpec.Json,
        ServiceHookSpec.Form => ServiceHookSpec.Form,
        _ => throw E.InvalidParameter("contentType", $"must be {ServiceHookSpec.Json} or {ServiceHookSpec.Form}."),
    };

    public static string PayloadFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        ServiceHookSpec.CompactFormat => ServiceHookSpec.CompactFormat,
        ServiceHookSpec.PrettyFormat => ServiceHookSpec.PrettyFormat,
        _ => throw E.InvalidParameter("payloadFormat", "must be json or pjson."),
    };
}
