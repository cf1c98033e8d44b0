namespace Geohooks.Core.Webhooks;

/// <summary>Range checks of settings updates: every bad setting is reported, then nothing changes.</summary>
internal static class SettingRanges
{
    public static void Check(List<string> problems, string name, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            problems.Add($"'{name}': {v} is outside the allowed range {min}..{max}.");
        }
    }

    public static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new Errors.ArcGisException(400, "Invalid or missing input parameters.", problems);
        }
    }
}
