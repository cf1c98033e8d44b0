using System.Text;
using System.Text.Json;
using Geohooks.Core.Features.Geometry;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>Test shorthands: parse Esri JSON text, write geometries back to text.</summary>
internal static class GeometryJson
{
    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static NtsGeometry Read(string json, GeometryType? expected = null) =>
        EsriJsonGeometryReader.Read(Element(json), expected, "geometry").Geometry;

    public static string Esri(NtsGeometry geometry, EsriJsonWriteOptions? options = null) =>
        Capture(writer => EsriJsonGeometryWriter.Write(writer, geometry, options ?? EsriJsonWriteOptions.Default));

    public static string GeoJson(NtsGeometry? geometry, bool includeZ = false) =>
        Capture(writer => GeoJsonGeometryWriter.Write(writer, geometry, includeZ));

    public static string Capture(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static readonly EsriJsonWriteOptions ZM = new() { ReturnZ = true, ReturnM = true };
}
