using System.Text;
using System.Text.Json;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>Test shorthands: JSON text to elements, writer output to text.</summary>
internal static class GeometryJson
{
    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static string Capture(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
