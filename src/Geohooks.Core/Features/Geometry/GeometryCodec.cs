using Geohooks.Core.Errors;
using NetTopologySuite.IO;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// A geometry as stored: ISO WKB bytes plus its envelope for the spatial-index columns. The bounds are null for
/// an empty geometry, so they land as SQL NULL and no envelope query matches the row.
/// </summary>
public readonly record struct EncodedGeometry(byte[] Wkb, double? XMin, double? YMin, double? XMax, double? YMax);

/// <summary>
/// The storage form. Plain ISO WKB (little-endian, Z/M flagged in the type code: 1003 polygon Z, 2002 line M,
/// 3001 point ZM) rather than a format of our own: NTS writes and reads it losslessly, it has no SRID (the layer
/// holds that), and PostGIS (ST_GeomFromWKB) and SpatiaLite read the same bytes should we ever index in-database.
/// Only the ordinates the geometry carries are written, so a 2D layer pays 16 bytes a vertex.
/// </summary>
public static class GeometryCodec
{
    public static EncodedGeometry Encode(NtsGeometry geometry)
    {
        var (hasZ, hasM) = Shapes.Layout(geometry);
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: hasZ, emitM: hasM).Write(geometry);
        var envelope = geometry.EnvelopeInternal;
        return envelope.IsNull
            ? new EncodedGeometry(wkb, null, null, null, null)
            : new EncodedGeometry(wkb, envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);
    }

    /// <summary>Reads stored bytes back into packed sequences with the same ordinates. Corrupt bytes are a server fault (500).</summary>
    public static NtsGeometry Decode(byte[] wkb)
    {
        try
        {
            return new WKBReader(Shapes.Services).Read(wkb);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or IOException)
        {
            throw new ArcGisException("A stored geometry could not be decoded.", e);
        }
    }
}
