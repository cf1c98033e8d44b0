using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Server.Wire;

/// <summary>The <c>f</c> parameter. HTML pages arrive with a later issue; until then html answers JSON.</summary>
public sealed record ArcGisFormat(string Name, bool Pretty)
{
    public static readonly ArcGisFormat Json = new("json", false);

    /// <summary>RFC 7946 output; only feature queries answer it, everything else answers JSON.</summary>
    public static readonly ArcGisFormat GeoJson = new("geojson", false);

    public static ArcGisFormat Parse(string? f) => f?.Trim().ToLowerInvariant() switch
    {
        null or "json" or "html" => Json,
        "pjson" => new ArcGisFormat("pjson", true),
        "geojson" => GeoJson,
        _ => throw E.InvalidParameter("f", $"'{f}' is not a supported format. Use json or pjson (or geojson for queries)."),
    };

    /// <summary>A format that cannot fail, for rendering the error about a bad <c>f</c> itself.</summary>
    public static ArcGisFormat Lenient(string? f) => string.Equals(f, "pjson", StringComparison.OrdinalIgnoreCase) ? new ArcGisFormat("pjson", true) : Json;
}
