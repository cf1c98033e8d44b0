namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// How <see cref="EsriJsonGeometryWriter"/> writes a geometry. <see cref="ReturnZ"/>/<see cref="ReturnM"/> follow the
/// query's returnZ/returnM (callers pass false when the layer lacks them); <see cref="GeometryPrecision"/> rounds x and y;
/// <see cref="SpatialReference"/> is written inside the geometry, which only standalone geometries do (spec §4.2:
/// feature geometries carry none, the feature set has it at the top).
/// </summary>
public sealed record EsriJsonWriteOptions
{
    public static readonly EsriJsonWriteOptions Default = new();

    public bool ReturnZ { get; init; }

    public bool ReturnM { get; init; }

    /// <summary>Decimals kept in x and y (not z or m); below 0 counts as 0 and above 15 as 15, where a double has no more.</summary>
    public int? GeometryPrecision { get; init; }

    public SpatialReference? SpatialReference { get; init; }
}
