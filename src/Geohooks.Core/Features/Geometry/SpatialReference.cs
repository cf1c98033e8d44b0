using System.Globalization;
using System.Text.Json;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// An Esri spatial reference (spec §6): a well-known id, or WKT for a custom one. The two systems the server
/// projects between are canonical instances: every Web Mercator alias parses to <see cref="WebMercator"/> and 4326
/// to <see cref="Wgs84"/>, so they also write back the way ArcGIS writes them.
/// </summary>
public sealed record SpatialReference
{
    public static readonly SpatialReference Wgs84 = new() { Wkid = 4326, LatestWkid = 4326 };

    public static readonly SpatialReference WebMercator = new() { Wkid = 102100, LatestWkid = 3857 };

    // 102113 and 900913 are retired ids of the same spherical Mercator; clients and old data still send them.
    private static readonly int[] WebMercatorIds = [102100, 102113, 900913, 3857];

    private SpatialReference()
    {
    }

    public int? Wkid { get; private init; }

    public int? LatestWkid { get; private init; }

    /// <summary>Custom systems arrive as WKT; we keep the text to echo it and to compare SRs, never to project.</summary>
    public string? Wkt { get; private init; }

    public bool IsWebMercator => Equals(WebMercator);

    public bool IsWgs84 => Equals(Wgs84);

    public static SpatialReference FromWkid(int wkid)
    {
        if (WebMercatorIds.Contains(wkid))
        {
            return WebMercator;
        }

        return wkid == 4326 ? Wgs84 : new() { Wkid = wkid };
    }

    public static SpatialReference FromWkt(string wkt) => new() { Wkt = wkt };

    /// <summary>
    /// Parses the text of an <c>inSR</c>/<c>outSR</c> parameter: <c>4326</c>, SR JSON such as <c>{"wkid":4326}</c>, or WKT.
    /// Blank means "not supplied" (spec §0.1) and gives null.
    /// </summary>
    public static SpatialReference? Parse(string? text, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed[0] is '{')
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                return FromJson(document.RootElement, parameterName);
            }
            catch (JsonException)
            {
                throw GeometryErrors.Invalid(parameterName, "the spatial reference is not valid JSON");
            }
        }

        if (TryParseWkid(trimmed, out var wkid))
        {
            return FromWkid(wkid);
        }

        // WKT opens with a keyword and a bracket: GEOGCS[...], PROJCS[...].
        if (char.IsAsciiLetter(trimmed[0]) && trimmed.Contains('['))
        {
            return FromWkt(trimmed);
        }

        throw GeometryErrors.Invalid(parameterName, "expected a wkid, spatial reference JSON or WKT");
    }

    /// <summary>Reads a spatial reference given as JSON: an object, a bare wkid number, or a string holding either.</summary>
    public static SpatialReference FromJson(JsonElement json, string parameterName)
    {
        if (json.ValueKind == JsonValueKind.String)
        {
            return Parse(json.GetString(), parameterName) ?? throw GeometryErrors.Invalid(parameterName, "the spatial reference is blank");
        }

        return TryRead(json, out var spatialReference)
            ? spatialReference
            : throw GeometryErrors.Invalid(parameterName, "expected {\"wkid\":<positive integer>} or {\"wkt\":\"...\"}");
    }

    internal static bool TryRead(JsonElement json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpatialReference? spatialReference)
    {
        spatialReference = null;
        if (json.ValueKind == JsonValueKind.Number)
        {
            if (json.TryGetInt32(out var bare) && bare > 0)
            {
                spatialReference = FromWkid(bare);
            }

            return spatialReference is not null;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!TryReadId(json, "wkid", out var wkid) || !TryReadId(json, "latestWkid", out var latest))
        {
            return false;
        }

        if ((wkid ?? latest) is { } id)
        {
            var known = FromWkid(id);
            // Only an id we do not canonicalise keeps the latestWkid the client sent (102697 → 2230).
            spatialReference = known.LatestWkid is null && latest is { } given ? known with { LatestWkid = given } : known;
            return true;
        }

        if (json.TryGetProperty("wkt", out var wkt) && wkt.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(wkt.GetString()))
        {
            spatialReference = FromWkt(wkt.GetString()!);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether two references denote the same system: by current id when both have one (so <c>{"wkid":102697}</c>
    /// with <c>latestWkid</c> 2230 equals 2230), else by identical WKT.
    /// </summary>
    public bool IsSameAs(SpatialReference other)
    {
        if (CurrentWkid is { } mine && other.CurrentWkid is { } theirs)
        {
            return mine == theirs;
        }

        return Wkt is not null && string.Equals(Wkt, other.Wkt, StringComparison.Ordinal);
    }

    private int? CurrentWkid => LatestWkid ?? Wkid;

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Wkid is { } wkid)
        {
            writer.WriteNumber("wkid", wkid);
            if (LatestWkid is { } latest)
            {
                writer.WriteNumber("latestWkid", latest);
            }
        }
        else
        {
            writer.WriteString("wkt", Wkt);
        }

        writer.WriteEndObject();
    }

    public override string ToString() => Wkid is { } wkid ? wkid.ToString(CultureInfo.InvariantCulture) : Wkt ?? "";

    private static bool TryParseWkid(string text, out int wkid) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out wkid) && wkid > 0;

    // Absent or null is fine (null id); anything but a positive integer is not.
    private static bool TryReadId(JsonElement json, string name, out int? id)
    {
        id = null;
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0)
        {
            id = number;
            return true;
        }

        return false;
    }
}
