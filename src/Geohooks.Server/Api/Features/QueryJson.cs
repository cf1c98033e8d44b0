using System.Text.Json;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Server.Api.Features;

/// <summary>Query answers as Esri JSON and GeoJSON (spec resources §4.2), in the key order ArcGIS Online emits.</summary>
internal static class QueryJson
{
    public static void Write(Utf8JsonWriter w, QueryResult result, EsriJsonWriteOptions geometry)
    {
        var d = result.Layer.Definition;
        w.WriteStartObject();
        switch (result.Kind)
        {
            case QueryResultKind.Count:
                w.WriteNumber("count", result.Count ?? 0);
                break;
            case QueryResultKind.Extent:
                w.WriteNumber("count", result.Count ?? 0);
                w.WritePropertyName("extent");
                EsriJsonGeometryWriter.WriteEnvelope(w, result.Extent, result.OutSR, geometry.GeometryPrecision);
                break;
            case QueryResultKind.Ids:
                w.WriteString("objectIdFieldName", d.ObjectIdField);
                w.WriteStartArray("objectIds");
                foreach (var id in result.ObjectIds)
                {
                    w.WriteNumberValue(id);
                }

                w.WriteEndArray();
                break;
            case QueryResultKind.Statistics:
                WriteStatistics(w, result);
                break;
            default:
                WriteFeatureSet(w, result, geometry);
                break;
        }

        w.WriteEndObject();
    }

    public static void WriteGeoJson(Utf8JsonWriter w, QueryResult result, int? precision)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        if (result.ExceededTransferLimit)
        {
            w.WriteStartObject("properties");
            w.WriteBoolean("exceededTransferLimit", true);
            w.WriteEndObject();
        }

        w.WriteStartArray("features");
        var oidField = result.Layer.Definition.ObjectIdField;
        foreach (var feature in result.Features)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            if (feature.Attributes.GetValueOrDefault(oidField) is long id)
            {
                w.WriteNumber("id", id);
            }

            w.WritePropertyName("geometry");
            GeoJsonGeometryWriter.Write(w, feature.Geometry, includeZ: result.Layer.Definition.HasZ, precision);
            w.WritePropertyName("properties");
            WriteAttributes(w, feature.Attributes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFeatureSet(Utf8JsonWriter w, QueryResult result, EsriJsonWriteOptions geometry)
    {
        var d = result.Layer.Definition;
        w.WriteString("objectIdFieldName", d.ObjectIdField);
        w.WriteStartObject("uniqueIdField");
        w.WriteString("name", d.ObjectIdField);
        w.WriteBoolean("isSystemMaintained", true);
        w.WriteEndObject();
        w.WriteString("globalIdFieldName", d.GlobalIdField ?? "");
        if (d.GeometryType is { } type)
        {
            w.WriteString("geometryType", type.WireName());
            w.WritePropertyName("spatialReference");
            result.OutSR.WriteTo(w);
            if (geometry.ReturnZ)
            {
                w.WriteBoolean("hasZ", true);
            }

            if (geometry.ReturnM)
            {
                w.WriteBoolean("hasM", true);
            }
        }

        WriteFields(w, result.Fields);
        w.WriteBoolean("exceededTransferLimit", result.ExceededTransferLimit);
        w.WriteStartArray("features");
        foreach (var feature in result.Features)
        {
            w.WriteStartObject();
            w.WritePropertyName("attributes");
            WriteAttributes(w, feature.Attributes);
            if (feature.Geometry is { } shape && !d.IsTable)
            {
                w.WritePropertyName("geometry");
                EsriJsonGeometryWriter.Write(w, shape, geometry);
            }

            if (feature.Centroid is { } centroid)
            {
                w.WriteStartObject("centroid");
                w.WriteNumber("x", centroid.X);
                w.WriteNumber("y", centroid.Y);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteStatistics(Utf8JsonWriter w, QueryResult result)
    {
        w.WriteString("displayFieldName", "");
        w.WriteStartObject("fieldAliases");
        foreach (var field in result.Fields)
        {
            w.WriteString(field.Name, field.Alias ?? field.Name);
        }

        w.WriteEndObject();
        WriteFields(w, result.Fields);
        w.WriteStartArray("features");
        foreach (var row in result.StatisticsRows)
        {
            w.WriteStartObject();
            w.WritePropertyName("attributes");
            WriteAttributes(w, row);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteFields(Utf8JsonWriter w, IReadOnlyList<FieldDefinition> fields)
    {
        w.WriteStartArray("fields");
        foreach (var field in fields)
        {
            DefinitionWriter.WriteField(w, field);
        }

        w.WriteEndArray();
    }

    private static void WriteAttributes(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> attributes)
    {
        w.WriteStartObject();
        foreach (var (name, value) in attributes)
        {
            w.WritePropertyName(name);
            DefinitionWriter.WriteValue(w, value);
        }

        w.WriteEndObject();
    }
}
