namespace Geohooks.Core.Features;

/// <summary>GlobalIDs as ArcGIS writes them: braced, upper-case GUIDs; compared case-insensitively (spec resources §0).</summary>
public static class GlobalIds
{
    public static string New() => Guid.NewGuid().ToString("B").ToUpperInvariant();

    /// <summary>The canonical form of a GlobalID or GUID given with or without braces, or null when it is not one.</summary>
    public static string? Normalize(string? text) =>
        Guid.TryParse(text?.Trim(), out var guid) ? guid.ToString("B").ToUpperInvariant() : null;
}
