using System.Globalization;
using System.Text.RegularExpressions;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// Reads a hosted feature layer's URL by its path only (<c>rest/services/[Hosted/]&lt;name&gt;/FeatureServer/&lt;id&gt;</c>):
/// the host is never contacted, so a tool can only read layers of this server, through its own access checks.
/// </summary>
public static partial class LayerUrl
{
    public static (string Service, int Layer)? Parse(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : url.Split('?', '#')[0];
        var match = Pattern().Match(Uri.UnescapeDataString(path));
        return match.Success && int.TryParse(match.Groups["layer"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var layer)
            ? (match.Groups["name"].Value, layer)
            : null;
    }

    [GeneratedRegex(@"(?:^|/)rest/services/(?:Hosted/)?(?<name>[^/]+)/FeatureServer/(?<layer>\d{1,9})/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
