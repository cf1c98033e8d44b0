using NetTopologySuite.Geometries;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>Aggregates queries need: the extent of a result (returnExtentOnly) and a feature's centroid (returnCentroid).</summary>
public static class GeometryMeasures
{
    /// <summary>The union of the geometries' envelopes; an empty (<see cref="Envelope.IsNull"/>) envelope when none has a shape.</summary>
    public static Envelope Extent(IEnumerable<NtsGeometry?> geometries) =>
        Extent(geometries.Where(geometry => geometry is not null).Select(geometry => geometry!.EnvelopeInternal));

    /// <summary>The union of envelopes, e.g. those read back from the index columns.</summary>
    public static Envelope Extent(IEnumerable<Envelope> envelopes)
    {
        var extent = new Envelope();
        foreach (var envelope in envelopes)
        {
            extent.ExpandToInclude(envelope);
        }

        return extent;
    }

    /// <summary>
    /// The centre of mass (area-weighted for polygons), in x and y only; null without a shape. For a concave
    /// polygon it may fall outside the shape: it is a centroid, not a label point.
    /// </summary>
    public static Point? Centroid(NtsGeometry? geometry) =>
        geometry is null || geometry.IsEmpty ? null : geometry.Centroid;
}
