using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// A geometry read from Esri JSON: the NTS shape, the Esri type it was written as (an envelope becomes a rectangle
/// polygon but stays <see cref="GeometryType.Envelope"/> here), and the spatial reference it carried, if any.
/// </summary>
public sealed record EsriGeometry(NtsGeometry Geometry, GeometryType Type, SpatialReference? SpatialReference);

/// <summary>What a layer demands of an edit's geometry: its type, and whether vertices must carry Z and M.</summary>
public sealed record GeometryRequirements(GeometryType Type, bool HasZ = false, bool HasM = false);

/// <summary>An applyEdits per-edit failure (spec §7.1): the code, its fixed description, and our specific reason.</summary>
public sealed record GeometryEditError(int Code, string Description, string Reason)
{
    public const int NoMValues = 1002;

    public const int TrueCurves = 1005;

    public const int NoZValues = 1014;

    public const int NotSettable = 1015;
}

/// <summary>
/// The outcome of reading an edit's geometry. Success may carry a null geometry (the feature has no shape);
/// failure carries the edit error code to put in that edit's result.
/// </summary>
public sealed record GeometryEditResult
{
    private GeometryEditResult(NtsGeometry? geometry, SpatialReference? spatialReference, GeometryEditError? error)
    {
        Geometry = geometry;
        SpatialReference = spatialReference;
        Error = error;
    }

    public NtsGeometry? Geometry { get; }

    public SpatialReference? SpatialReference { get; }

    public GeometryEditError? Error { get; }

    public bool Succeeded => Error is null;

    internal static GeometryEditResult Success(NtsGeometry? geometry, SpatialReference? spatialReference) => new(geometry, spatialReference, null);

    internal static GeometryEditResult Failure(GeometryEditError error) => new(null, null, error);
}
