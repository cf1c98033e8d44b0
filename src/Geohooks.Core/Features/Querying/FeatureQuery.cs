using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Schema;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Querying;

/// <summary>A layer query in domain terms (spec resources §4.1); the wire layer has parsed the parameters.</summary>
public sealed record FeatureQuery
{
    public string? Where { get; init; }

    public IReadOnlyList<long>? ObjectIds { get; init; }

    /// <summary>The query geometry as sent; <see cref="InSR"/> (or the geometry's own SR) says what it is in.</summary>
    public NtsGeometry? Geometry { get; init; }

    public SpatialReference? InSR { get; init; }

    public string? SpatialRel { get; init; }

    public string? RelationParam { get; init; }

    public double Distance { get; init; }

    public string? Units { get; init; }

    /// <summary>Null or empty: no attributes beyond the object id; <c>*</c>: all.</summary>
    public IReadOnlyList<string>? OutFields { get; init; }

    public bool ReturnGeometry { get; init; } = true;

    public bool ReturnIdsOnly { get; init; }

    public bool ReturnCountOnly { get; init; }

    public bool ReturnExtentOnly { get; init; }

    public bool ReturnDistinctValues { get; init; }

    public IReadOnlyList<SortKey> OrderBy { get; init; } = [];

    public long ResultOffset { get; init; }

    public int? ResultRecordCount { get; init; }

    /// <summary><c>standard</c> or <c>tile</c> raise the page size to the standard cap.</summary>
    public string? ResultType { get; init; }

    public IReadOnlyList<Statistic>? OutStatistics { get; init; }

    public IReadOnlyList<string> GroupByFieldsForStatistics { get; init; } = [];

    public SpatialReference? OutSR { get; init; }

    public bool ReturnCentroid { get; init; }

    public bool ReturnZ { get; init; }

    public bool ReturnM { get; init; }

    /// <summary>A condition the server adds (ownership-based access control); never from the request.</summary>
    public Where.WhereExpression? Restriction { get; init; }
}

public enum QueryResultKind
{
    Features,
    Ids,
    Count,
    Extent,
    Statistics,
}

/// <summary>What a query found, ready to be written as Esri JSON or GeoJSON.</summary>
public sealed record QueryResult
{
    public required QueryResultKind Kind { get; init; }

    public required FeatureService Service { get; init; }

    public required FeatureLayer Layer { get; init; }

    /// <summary>The spatial reference of returned geometries and extents.</summary>
    public required SpatialReference OutSR { get; init; }

    /// <summary>The attribute fields returned, in output order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];

    public IReadOnlyList<QueriedFeature> Features { get; init; } = [];

    public bool ExceededTransferLimit { get; init; }

    public IReadOnlyList<long> ObjectIds { get; init; } = [];

    public long? Count { get; init; }

    /// <summary>Null when nothing matched (written as NaN bounds).</summary>
    public NetTopologySuite.Geometries.Envelope? Extent { get; init; }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> StatisticsRows { get; init; } = [];
}

/// <summary>One returned feature: attributes by output field name, and its geometry (already in the output SR).</summary>
public sealed record QueriedFeature(IReadOnlyDictionary<string, object?> Attributes, NtsGeometry? Geometry, NetTopologySuite.Geometries.Point? Centroid);
