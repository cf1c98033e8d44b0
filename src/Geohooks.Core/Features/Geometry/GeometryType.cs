namespace Geohooks.Core.Features.Geometry;

/// <summary>The Esri geometry types (spec §6). Envelope is only ever a query filter, never a layer's shape.</summary>
public enum GeometryType
{
    Point,
    Multipoint,
    Polyline,
    Polygon,
    Envelope,
}

public static class GeometryTypes
{
    public static string WireName(this GeometryType type) => type switch
    {
        GeometryType.Point => "esriGeometryPoint",
        GeometryType.Multipoint => "esriGeometryMultipoint",
        GeometryType.Polyline => "esriGeometryPolyline",
        GeometryType.Polygon => "esriGeometryPolygon",
        GeometryType.Envelope => "esriGeometryEnvelope",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? wireName, out GeometryType type)
    {
        foreach (var candidate in Enum.GetValues<GeometryType>())
        {
            if (string.Equals(candidate.WireName(), wireName, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
