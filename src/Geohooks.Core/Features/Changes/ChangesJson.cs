using System.Text.Json;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Changes;

/// <summary>
/// The extractChanges document (webhooks spec §6.1): the same bytes answer a synchronous call and are the file an
/// asynchronous job's <c>resultUrl</c> serves.
/// </summary>
public static class ChangesJson
{
    public static byte[] Write(IReadOnlyList<LayerChanges> layers, ExtractChangesRequest request, SpatialReference? outSR)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("layerServerGens");
            foreach (var layer in layers)
            {
                w.WriteStartObject();
                w.WriteNumber("id", layer.Layer.Id);
                w.WriteNumber("serverGen", layer.ServerGen);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("transportType", "esriTransportTypeEmbedded");
            w.WriteString("responseType", request.ReturnIdsOnly ? "esriDataChangesResponseTypeObjectIds" : "esriDataChangesResponseTypeEdits");
            w.WriteStartArray("edits");
            foreach (var layer in layers)
            {
                WriteLayer(w, layer, request, outSR ?? SpatialReference.FromWkid(layer.Layer.Definition.Wkid));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLayer(Utf8JsonWriter w, LayerChanges changes, ExtractChangesRequest request, SpatialReference sr)
    {
        w.WriteStartObject();
        w.WriteNumber("id", changes.Layer.Id);
        if (request.ReturnIdsOnly)
        {
            w.WriteStartObject("objectIds");
            WriteIds(w, "adds", changes.Adds.Select(a => a.ObjectId));
            WriteIds(w, "updates", changes.Updates.Select(a => a.ObjectId));
            WriteIds(w, "deletes", changes.Deletes.Select(a => a.ObjectId));
            w.WriteEndObject();
        }
        else
        {
            var d = changes.Layer.Definition;
            if (d.GeometryType is { } type)
            {
                w.WriteString("geometryType", type.WireName());
                w.WritePropertyName("spatialReference");
                sr.WriteTo(w);
            }

            w.WriteStartObject("features");
            WriteRows(w, "adds", changes.Adds, d, request);
            WriteRows(w, "updates", changes.Updates, d, request);
            WriteIds(w, "deleteIds", changes.Deletes.Select(a => a.ObjectId));
            if (request.ReturnDeletedFeatures)
            {
                WriteRows(w, "deletes", changes.Deletes, d, request);
            }

            w.WriteEndObject();
        }

        if (request.ReturnAttachments && changes.Layer.Definition.HasAttachments)
        {
            w.WriteStartObject("attachments");
            WriteAttachments(w, "adds", changes.AttachmentAdds);
            WriteAttachments(w, "updates", changes.AttachmentUpdates);
            WriteIds(w, "deleteIds", changes.AttachmentDeletes);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteRows(Utf8JsonWriter w, string name, IReadOnlyList<ChangedRow> rows, LayerDefinition d, ExtractChangesRequest request)
    {
        w.WriteStartArray(name);
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteStartObject("attributes");
            w.WriteNumber(d.ObjectIdField, row.ObjectId);
            if (d.GlobalIdField is { } gid)
            {
                w.WriteString(gid, row.GlobalId);
            }

            foreach (var (field, value) in row.Row?.Attributes ?? new Dictionary<string, object?>())
            {
                w.WritePropertyName(field);
                DefinitionWriter.WriteValue(w, value);
            }

            w.WriteEndObject();
            if (row.Shape is { } shape)
            {
                w.WritePropertyName("geometry");
                EsriJsonGeometryWriter.Write(w, shape, new EsriJsonWriteOptions { ReturnZ = d.HasZ, ReturnM = d.HasM });
            }

            if (request.ReturnHasGeometryUpdates && name == "updates")
            {
                w.WriteBoolean("hasGeometryUpdates", row.GeometryChanged);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteAttachments(Utf8JsonWriter w, string name, IReadOnlyList<Attachment> attachments)
    {
        w.WriteStartArray(name);
        foreach (var a in attachments)
        {
            AttachmentJson.Write(w, a, withParentObjectId: true);
        }

        w.WriteEndArray();
    }

    private static void WriteIds(Utf8JsonWriter w, string name, IEnumerable<long> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
    }
}
