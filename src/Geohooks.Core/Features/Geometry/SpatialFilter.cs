using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.RelateNG;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// The spatial part of a query (spec §4.1): the query geometry, already in the layer's spatial reference, grown by
/// <c>distance</c> if given, and a <c>spatialRel</c> read as "query geometry REL feature" (see
/// <see cref="SpatialRelationship"/>). Storage narrows candidates with <see cref="IndexEnvelope"/>, then
/// <see cref="Matches"/> decides exactly.
/// Predicates run on NTS RelateNG in prepared mode: like PreparedGeometry it indexes the query geometry once for
/// the many features tested against it, and unlike it, it also prepares DE-9IM patterns (esriSpatialRelRelation)
/// and tolerates invalid topology in stored shapes. One instance per query; not thread-safe.
/// </summary>
public sealed class SpatialFilter
{
    private readonly RelateNG prepared;
    private readonly string? pattern;

    private SpatialFilter(SpatialRelationship relationship, NtsGeometry geometry, string? pattern)
    {
        Relationship = relationship;
        Geometry = geometry;
        this.pattern = pattern;
        prepared = RelateNG.Prepare(geometry);
        IndexEnvelope = pattern is not null && DisjointCanMatch(pattern) ? null : geometry.EnvelopeInternal;
    }

    public SpatialRelationship Relationship { get; }

    /// <summary>The geometry tested against, after any distance buffer.</summary>
    public NtsGeometry Geometry { get; }

    /// <summary>
    /// Only features whose envelope intersects this can match. Null when no bound holds (a relation pattern that
    /// disjoint shapes satisfy); an empty (<see cref="Envelope.IsNull"/>) envelope means nothing can match.
    /// </summary>
    public Envelope? IndexEnvelope { get; }

    /// <param name="queryGeometry">The query geometry in the layer's spatial reference.</param>
    /// <param name="layerSpatialReference">Decides how a distance in metres becomes a buffer (see DistanceBuffer).</param>
    /// <param name="spatialRel">The <c>spatialRel</c> parameter; blank means Intersects.</param>
    /// <param name="relationParam">The DE-9IM pattern, required with esriSpatialRelRelation.</param>
    /// <param name="distance">The <c>distance</c> parameter, in <paramref name="units"/>; 0 means none.</param>
    /// <param name="units">The <c>units</c> parameter; blank means metres.</param>
    public static SpatialFilter Create(
        NtsGeometry queryGeometry,
        SpatialReference layerSpatialReference,
        string? spatialRel = null,
        string? relationParam = null,
        double distance = 0,
        string? units = null)
    {
        var relationship = SpatialRelationships.Parse(spatialRel);
        var pattern = relationship == SpatialRelationship.Relation ? RelationPattern(relationParam) : null;
        var meters = distance * LinearUnits.Parse(units).Meters();
        if (!double.IsFinite(meters) || meters < 0)
        {
            throw GeometryErrors.Invalid("distance", "the distance must be a finite number of at least 0");
        }

        var geometry = meters > 0 ? DistanceBuffer.Apply(queryGeometry, meters, layerSpatialReference) : queryGeometry;
        return new SpatialFilter(relationship, geometry, pattern);
    }

    /// <summary>Whether the feature's shape satisfies the filter. A feature without shape never does.</summary>
    public bool Matches(NtsGeometry? feature)
    {
        if (feature is null || feature.IsEmpty)
        {
            return false;
        }

        return Relationship switch
        {
            // The index entry of a feature is its envelope, so both envelope tests are the same test here.
            SpatialRelationship.EnvelopeIntersects or SpatialRelationship.IndexIntersects =>
                Geometry.EnvelopeInternal.Intersects(feature.EnvelopeInternal),
            SpatialRelationship.Relation => prepared.Evaluate(feature, pattern!),
            _ => prepared.Evaluate(feature, Predicate(Relationship)),
        };
    }

    // RelateNG predicates keep state while they evaluate, so each test gets a fresh one.
    private static TopologyPredicate Predicate(SpatialRelationship relationship) => relationship switch
    {
        SpatialRelationship.Contains => RelatePredicate.Contains(),
        SpatialRelationship.Within => RelatePredicate.Within(),
        SpatialRelationship.Crosses => RelatePredicate.Crosses(),
        SpatialRelationship.Overlaps => RelatePredicate.Overlaps(),
        SpatialRelationship.Touches => RelatePredicate.Touches(),
        _ => RelatePredicate.Intersects(),
    };

    private static string RelationPattern(string? relationParam)
    {
        var text = relationParam?.Trim().ToUpperInvariant();
        if (text is not { Length: 9 } || text.Any(c => !"TF*012".Contains(c, StringComparison.Ordinal)))
        {
            throw GeometryErrors.Invalid("relationParam", "esriSpatialRelRelation needs a 9-character DE-9IM pattern of T, F, *, 0, 1, 2");
        }

        return text;
    }

    // Disjoint shapes have F in the four interior/boundary cells (II, IB, BI, BB); a pattern asking for no
    // intersection there can match features anywhere, so the envelope prefilter would wrongly drop them.
    private static bool DisjointCanMatch(string pattern) =>
        NoIntersectionAsked(pattern[0]) && NoIntersectionAsked(pattern[1]) && NoIntersectionAsked(pattern[3]) && NoIntersectionAsked(pattern[4]);

    private static bool NoIntersectionAsked(char cell) => cell is 'F' or '*';
}
