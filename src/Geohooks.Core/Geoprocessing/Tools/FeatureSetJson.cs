using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Schema;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>
/// GPFeatureRecordSetLayer and GPRecordSet values (spec resources §10.3): a feature set
/// <c>{displayFieldName, geometryType, spatialReference, fields, features, exceededTransferLimit}</c>, or a table without
/// the geometry keys.
/// </summary>
internal static class FeatureSetJson
{
    public sealed record Row(IReadOnlyDictionary<string, object?> Attributes, NtsGeometry? Geometry = null);

    public static JsonNode Write(IReadOnlyList<FieldDefinition> fields, IEnumerable<Row> rows, bool exceeded, GeometryType? geometryType = null, SpatialReference? spatialReference = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("displayFieldName", "");
            if (geometryType is { } type)
            {
                w.WriteString("geometryType", type.WireName());
                w.WritePropertyName("spatialReference");
                (spatialReference ?? SpatialReference.Wgs84).WriteTo(w);
            }

            w.WriteStartArray("fields");
            foreach (var field in fields)
            {
                w.WriteStartObject();
                w.WriteString("name", field.Name);
                w.WriteString("type", field.Type.WireName());
                w.WriteString("alias", field.Alias ?? field.Name);
                if (field.Type == FieldType.String && field.Length is { } length)
                {
                    w.WriteNumber("length", length);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("features");
            foreach (var row in rows)
            {
                WriteRow(w, fields, row);
            }

            w.WriteEndArray();
            w.WriteBoolean("exceededTransferLimit", exceeded);
            w.WriteEndObject();
        }

        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    private static void WriteRow(Utf8JsonWriter w, IReadOnlyList<FieldDefinition> fields, Row row)
    {
        w.WriteStartObject();
        w.WriteStartObject("attributes");
        foreach (var field in fields)
        {
            w.WritePropertyName(field.Name);
            DefinitionWriter.WriteValue(w, row.Attributes.GetValueOrDefault(field.Name));
        }

        w.WriteEndObject();
        if (row.Geometry is { IsEmpty: false } geometry)
        {
            w.WritePropertyName("geometry");
            EsriJsonGeometryWriter.Write(w, geometry, EsriJsonWriteOptions.Default);
        }

        w.WriteEndObject();
    }
}
