using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// Turns Esri polygon rings, which are one flat list, into NTS shells with their holes.
/// Esri says exterior rings are clockwise and holes counter-clockwise, but clients also send GeoJSON winding or
/// no consistent winding at all, and render with even-odd (spec §6). So nesting decides: a ring inside no other
/// ring is a shell, a ring whose innermost container is a shell is its hole, a ring inside a hole is an island
/// (a new shell). Orientation decides only what containment cannot: a ring lying wholly on another ring's
/// boundary is inside it when the two wind opposite ways.
/// </summary>
internal static class RingClassifier
{
    public static NtsGeometry Build(IReadOnlyList<CoordinateSequence> sequences)
    {
        // Zero net area is kept: a bow-tie's lobes cancel, yet it bounds area; the repair below splits it,
        // and drops rings that truly collapse to a line, as ArcGIS's simplify does.
        var rings = sequences.Select(sequence => new Ring(sequence, Area.OfRingSigned(sequence))).ToList();

        // Largest first, so every ring's possible containers are already placed when it is.
        rings.Sort((a, b) => b.Area.CompareTo(a.Area));
        for (var i = 0; i < rings.Count; i++)
        {
            var container = InnermostContainer(rings, i);
            if (container is not null && container.IsShell)
            {
                container.Holes.Add(rings[i]);
            }
            else
            {
                rings[i].IsShell = true;
            }
        }

        var polygons = rings.Where(ring => ring.IsShell).Select(ToPolygon).ToArray();
        NtsGeometry result = polygons.Length switch
        {
            0 => Shapes.Factory.CreatePolygon(),
            1 => polygons[0],
            _ => Shapes.Factory.CreateMultiPolygon(polygons),
        };

        // Overlapping shells or self-crossing rings: repair now so predicates and area never see invalid input.
        // The fixer interpolates Z but cannot carry M through new vertices; only such broken input pays that price.
        return result.IsValid ? result : GeometryFixer.Fix(result);
    }

    private static Ring? InnermostContainer(List<Ring> rings, int index)
    {
        var ring = rings[index];
        for (var j = index - 1; j >= 0; j--)
        {
            if (Contains(rings[j], ring))
            {
                return rings[j];
            }
        }

        return null;
    }

    private static bool Contains(Ring outer, Ring inner)
    {
        if (!outer.Envelope.Covers(inner.Envelope))
        {
            return false;
        }

        // Rings of a simple polygon do not cross, so any vertex off the outer boundary tells the answer.
        for (var i = 0; i < inner.Sequence.Count; i++)
        {
            var location = PointLocation.LocateInRing(inner.Sequence.GetCoordinate(i), outer.Sequence);
            if (location != Location.Boundary)
            {
                return location == Location.Interior;
            }
        }

        return outer.IsClockwise != inner.IsClockwise;
    }

    private static Polygon ToPolygon(Ring shell) =>
        Shapes.Factory.CreatePolygon(
            Shapes.Factory.CreateLinearRing(shell.Sequence),
            [.. shell.Holes.Select(hole => Shapes.Factory.CreateLinearRing(hole.Sequence))]);

    private sealed class Ring(CoordinateSequence sequence, double signedArea)
    {
        public CoordinateSequence Sequence { get; } = sequence;

        public Envelope Envelope { get; } = sequence.ExpandEnvelope(new Envelope());

        public double Area { get; } = Math.Abs(signedArea);

        // NTS's signed ring area is positive for clockwise rings (y up).
        public bool IsClockwise { get; } = signedArea > 0;

        public bool IsShell { get; set; }

        public List<Ring> Holes { get; } = [];
    }
}
