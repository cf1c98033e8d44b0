namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// The query <c>spatialRel</c> values (spec §4.1). Each reads "query geometry REL feature": Contains keeps features
/// the query geometry contains, Within keeps features that contain the query geometry (esriSpatialRelEnum:
/// "Query Geometry Contains Target Geometry", "Query Geometry is Within Target Geometry").
/// </summary>
public enum SpatialRelationship
{
    Intersects,
    Contains,
    Crosses,
    EnvelopeIntersects,
    IndexIntersects,
    Overlaps,
    Touches,
    Within,
    Relation,
}

public static class SpatialRelationships
{
    private const string Prefix = "esriSpatialRel";

    public static string WireName(this SpatialRelationship relationship) => Prefix + relationship;

    /// <summary>Parses <c>spatialRel</c>; blank means the default, Intersects.</summary>
    public static SpatialRelationship Parse(string? wireName, string parameterName = "spatialRel") =>
        WireEnums.Parse(wireName, WireName, SpatialRelationship.Intersects, parameterName);
}
