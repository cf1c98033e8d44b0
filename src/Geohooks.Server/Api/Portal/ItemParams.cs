using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Server.Wire;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Server.Api.Portal;

/// <summary>Reads item properties and item data the way addItem and update receive them (spec wire §5).</summary>
internal static class ItemParams
{
    public static ItemFields Fields(ArcGisRequest r) => new()
    {
        Title = r.Get("title"),
        Type = r.Get("type"),
        TypeKeywords = r.GetList("typeKeywords"),
        Name = r.Get("name"),
        Description = r.Get("description"),
        Snippet = r.Get("snippet"),
        Tags = r.GetList("tags"),
        Url = r.Get("url"),
        AccessInformation = r.Get("accessInformation"),
        LicenseInfo = r.Get("licenseInfo"),
        Culture = r.Get("culture"),
        SpatialReference = r.Get("spatialReference"),
        Extent = Extent(r),
        Categories = r.GetList("categories"),
        Properties = r.GetJsonObjectText("properties"),
    };

    /// <summary>The item's data from <c>text</c> (JSON or plain text) or an uploaded <c>file</c>; null when neither is sent.</summary>
    public static async Task<ItemData?> DataAsync(ArcGisRequest r)
    {
        if (r.GetFile("file") is { } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, r.Aborted);
            var name = r.Get("filename") ?? r.Get("fileName") ?? file.FileName;
            return new ItemData("", buffer.ToArray(), file.ContentType is { Length: > 0 } type ? type : "application/octet-stream", name);
        }

        if (r.Get("text") is not { } text)
        {
            return null;
        }

        return new ItemData("", Encoding.UTF8.GetBytes(text), IsJson(text) ? "application/json" : "text/plain", null);
    }

    /// <summary><c>xmin,ymin,xmax,ymax</c> or <c>[[xmin,ymin],[xmax,ymax]]</c>.</summary>
    private static double[]? Extent(ArcGisRequest r)
    {
        if (r.Get("extent") is not { } text)
        {
            return null;
        }

        var numbers = text.Trim().StartsWith('[')
            ? Flatten(r.GetJson("extent")!.Value).ToArray()
            : text.Split(',', StringSplitOptions.TrimEntries).Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();
        return numbers.Length == 4 && numbers.All(double.IsFinite) ? numbers
            : numbers.Length == 0 ? []
            : throw E.InvalidParameter("extent", "must be xmin,ymin,xmax,ymax or [[xmin,ymin],[xmax,ymax]].");
    }

    private static IEnumerable<double> Flatten(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Flatten),
        JsonValueKind.Number => [e.GetDouble()],
        _ => [double.NaN],
    };

    private static bool IsJson(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
