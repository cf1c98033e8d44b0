using System.Text.Json;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Schema;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Features.Editing;

/// <summary>Edit geometries into the layer's storage form: type and Z/M checked, projected into the layer's SR, encoded.</summary>
public static class FeatureShapes
{
    public static SpatialReference LayerSpatialReference(LayerDefinition layer) => SpatialReference.FromWkid(layer.Wkid);

    /// <summary>The stored shape for an edit's <c>geometry</c>, or null for none; a bad geometry fails the edit with its code.</summary>
    public static StoredShape? Read(JsonElement geometry, LayerDefinition layer, SpatialReference? inSR)
    {
        if (layer.GeometryType is not { } type)
        {
            return null; // tables have no shape; a geometry sent for a row of a table is ignored
        }

        var read = EsriJsonGeometryReader.ReadForEdit(geometry, new GeometryRequirements(type, layer.HasZ, layer.HasM));
        if (read.Error is { } error)
        {
            throw new EditFailedException(new EditError(error.Code, error.Description));
        }

        if (read.Geometry is not { IsEmpty: false } shape)
        {
            return null;
        }

        var from = read.SpatialReference ?? inSR;
        var target = LayerSpatialReference(layer);
        if (from is not null && !from.IsSameAs(target))
        {
            try
            {
                shape = Projection.Project(shape, from, target, "geometry");
            }
            catch (ArcGisException)
            {
                throw new EditFailedException(new EditError(1015, "Geometry could not be set."));
            }
        }

        return Store(shape);
    }

    public static StoredShape Store(NetTopologySuite.Geometries.Geometry shape)
    {
        var encoded = GeometryCodec.Encode(shape);
        return new StoredShape(encoded.Wkb, encoded.XMin ?? 0, encoded.YMin ?? 0, encoded.XMax ?? 0, encoded.YMax ?? 0);
    }

    public static NetTopologySuite.Geometries.Geometry? Load(StoredShape? shape) => shape is null ? null : GeometryCodec.Decode(shape.Bytes);

    public static Envelope Envelope(StoredShape shape) => new(shape.XMin, shape.XMax, shape.YMin, shape.YMax);
}
