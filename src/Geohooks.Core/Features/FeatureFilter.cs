namespace Geohooks.Core.Features;

/// <summary>
/// Which rows a query reads: an attribute filter, object ids and an envelope for the spatial index, all ANDed.
/// Exact spatial predicates are applied afterwards by the caller, on the rows the envelope lets through.
/// </summary>
public sealed record FeatureFilter
{
    public static readonly FeatureFilter All = new();

    public Where.WhereExpression? Where { get; init; }

    public IReadOnlyList<long>? ObjectIds { get; init; }

    public Extent? Envelope { get; init; }

    /// <summary>Comparisons of text are case-sensitive (PostgreSQL-like) rather than case-insensitive (ArcGIS Online-like).</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>Epoch ms UTC used for CURRENT_DATE / CURRENT_TIMESTAMP in <see cref="Where"/>.</summary>
    public long Now { get; init; }
}

/// <summary>A page of rows: which columns, in which order.</summary>
public sealed record FeatureSelect
{
    public FeatureFilter Filter { get; init; } = FeatureFilter.All;

    /// <summary>Attribute fields to read by canonical name; the object id and GlobalID always come back.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public bool Shape { get; init; }

    /// <summary>Sort keys by canonical field name; the object id is always the last tie-breaker.</summary>
    public IReadOnlyList<SortKey> OrderBy { get; init; } = [];

    public long Offset { get; init; }

    /// <summary>Null reads every matching row.</summary>
    public int? Limit { get; init; }

    /// <summary>One row per distinct combination of <see cref="Fields"/> (no object id then).</summary>
    public bool Distinct { get; init; }
}

public sealed record SortKey(string Field, bool Descending);

/// <summary><c>outStatistics</c> with <c>groupByFieldsForStatistics</c> (spec resources §4.1).</summary>
public sealed record FeatureStatisticsQuery
{
    public FeatureFilter Filter { get; init; } = FeatureFilter.All;

    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public required IReadOnlyList<Statistic> Statistics { get; init; }

    /// <summary>Sort keys naming group-by fields or statistic output names.</summary>
    public IReadOnlyList<SortKey> OrderBy { get; init; } = [];
}

/// <summary>One statistic: <c>count|sum|min|max|avg|stddev|var</c> of a field (null field: count of rows).</summary>
public sealed record Statistic(string Type, string? Field, string OutName);
