using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Geometry;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Server.Api.Features;

/// <summary>
/// The layer and table resource (spec resources §3.2). Only what the server does is advertised: the query and edit
/// capabilities below are the ones the handlers implement.
/// </summary>
internal static class LayerJson
{
    public const int StandardMaxRecordCount = 32000;

    public static void Write(Utf8JsonWriter w, FeatureService service, FeatureLayer layer, Extent? extent)
    {
        var d = layer.Definition;
        var capabilities = d.Capabilities ?? service.Definition.Capabilities;
        w.WriteStartObject();
        w.WriteNumber("currentVersion", ServiceJson.CurrentVersion);
        w.WriteString("serviceItemId", service.ItemId);
        w.WriteNull("parentLayer");
        w.WriteStartArray("subLayers");
        w.WriteEndArray();
        w.WriteBoolean("defaultVisibility", true);
        w.WriteNumber("minScale", 0);
        w.WriteNumber("maxScale", 0);
        DefinitionWriter.WriteLayerProperties(w, d with { Capabilities = capabilities, MaxRecordCount = MaxRecordCount(service, layer) });
        w.WriteStartObject("uniqueIdField");
        w.WriteString("name", d.ObjectIdField);
        w.WriteBoolean("isSystemMaintained", true);
        w.WriteEndObject();
        WriteIfAbsent(w, d, "typeIdField", () => w.WriteStringValue(""));
        WriteIfAbsent(w, d, "htmlPopupType", () => w.WriteStringValue("esriServerHTMLPopupTypeAsHTMLText"));
        w.WriteBoolean("allowGeometryUpdates", service.Definition.AllowGeometryUpdates);
        w.WriteBoolean("allowTrueCurvesUpdates", false);
        w.WriteBoolean("isDataVersioned", false);
        w.WriteBoolean("isDataArchived", false);
        w.WriteBoolean("supportsRollbackOnFailureParameter", true);
        w.WriteBoolean("supportsApplyEditsWithGlobalIds", d.GlobalIdField is not null);
        w.WriteBoolean("supportsAttachmentsByUploadId", false);
        w.WriteBoolean("supportsQueryAttachments", d.HasAttachments);
        w.WriteBoolean("supportsStatistics", true);
        w.WriteBoolean("supportsAdvancedQueries", true);
        w.WriteBoolean("supportsValidateSql", false);
        w.WriteBoolean("supportsCalculate", false);
        w.WriteBoolean("supportsCoordinatesQuantization", false);
        w.WriteBoolean("useStandardizedQueries", true);
        w.WriteNumber("standardMaxRecordCount", StandardMaxRecordCount);
        w.WriteNumber("tileMaxRecordCount", StandardMaxRecordCount);
        w.WriteNumber("maxRecordCountFactor", 1);
        w.WriteString("supportedQueryFormats", "JSON, geoJSON");
        WriteSpatialRelationships(w);
        WriteAdvancedQueryCapabilities(w, d);
        w.WriteStartObject("advancedEditingCapabilities");
        w.WriteBoolean("supportsSplit", false);
        w.WriteBoolean("supportsAsyncApplyEdits", false);
        w.WriteBoolean("supportsReturnedEditResults", true);
        w.WriteBoolean("supportsApplyEditsbyUploadID", false);
        w.WriteEndObject();
        if (!d.IsTable)
        {
            w.WritePropertyName("extent");
            WriteExtent(w, extent, d.Wkid);
            WriteIfAbsent(w, d, "drawingInfo", () => WriteDefaultDrawingInfo(w, d.GeometryType!.Value));
        }

        var tracking = service.Definition.EditorTracking;
        w.WriteStartObject("ownershipBasedAccessControlForFeatures");
        w.WriteBoolean("allowOthersToQuery", tracking.AllowOthersToQuery);
        w.WriteBoolean("allowOthersToUpdate", tracking.AllowOthersToUpdate);
        w.WriteBoolean("allowOthersToDelete", tracking.AllowOthersToDelete);
        w.WriteEndObject();
        w.WriteStartObject("editingInfo");
        w.WriteNumber("lastEditDate", layer.LastEditDate);
        w.WriteNumber("schemaLastEditDate", layer.SchemaLastEditDate);
        w.WriteNumber("dataLastEditDate", layer.DataLastEditDate);
        w.WriteEndObject();
        w.WriteStartObject("serverGens");
        w.WriteNumber("minServerGen", layer.MinServerGen);
        w.WriteNumber("serverGen", layer.ServerGen);
        w.WriteEndObject();
        w.WriteStartObject("dateFieldsTimeReference");
        w.WriteString("timeZone", "UTC");
        w.WriteBoolean("respectsDaylightSaving", false);
        w.WriteEndObject();
        WriteIfAbsent(w, d, "indexes", () => WriteDefaultIndexes(w, layer));
        WriteIfAbsent(w, d, "types", () => { w.WriteStartArray(); w.WriteEndArray(); });
        WriteIfAbsent(w, d, "templates", () => WriteDefaultTemplate(w, d));
        WriteIfAbsent(w, d, "relationships", () => { w.WriteStartArray(); w.WriteEndArray(); });
        w.WriteBoolean("hasMetadata", false);
        w.WriteBoolean("supportsAppend", false);
        w.WriteBoolean("supportsTruncate", false);
        w.WriteEndObject();
    }

    public static int MaxRecordCount(FeatureService service, FeatureLayer layer) =>
        layer.Definition.MaxRecordCount ?? service.Definition.MaxRecordCount;

    /// <summary>An envelope with its spatial reference; an empty one has the string bounds "NaN" (spec resources §4.2).</summary>
    public static void WriteExtent(Utf8JsonWriter w, Extent? extent, int wkid)
    {
        w.WriteStartObject();
        if (extent is { } e)
        {
            w.WriteNumber("xmin", e.XMin);
            w.WriteNumber("ymin", e.YMin);
            w.WriteNumber("xmax", e.XMax);
            w.WriteNumber("ymax", e.YMax);
        }
        else
        {
            w.WriteString("xmin", "NaN");
            w.WriteString("ymin", "NaN");
            w.WriteString("xmax", "NaN");
            w.WriteString("ymax", "NaN");
        }

        w.WritePropertyName("spatialReference");
        DefinitionWriter.WriteSpatialReference(w, wkid);
        w.WriteEndObject();
    }

    private static void WriteIfAbsent(Utf8JsonWriter w, LayerDefinition d, string name, Action write)
    {
        if (!d.Extras.ContainsKey(name))
        {
            w.WritePropertyName(name);
            write();
        }
    }

    private static void WriteSpatialRelationships(Utf8JsonWriter w)
    {
        w.WriteStartArray("supportedSpatialRelationships");
        foreach (var rel in new[]
        {
            "esriSpatialRelIntersects", "esriSpatialRelContains", "esriSpatialRelCrosses", "esriSpatialRelEnvelopeIntersects",
            "esriSpatialRelIndexIntersects", "esriSpatialRelOverlaps", "esriSpatialRelTouches", "esriSpatialRelWithin", "esriSpatialRelRelation",
        })
        {
            w.WriteStringValue(rel);
        }

        w.WriteEndArray();
    }

    private static void WriteAdvancedQueryCapabilities(Utf8JsonWriter w, LayerDefinition d)
    {
        w.WriteStartObject("advancedQueryCapabilities");
        w.WriteBoolean("supportsPagination", true);
        w.WriteBoolean("supportsPaginationOnAggregatedQueries", false);
        w.WriteBoolean("supportsQueryRelatedPagination", false);
        w.WriteBoolean("supportsQueryWithDistance", true);
        w.WriteBoolean("supportsReturningQueryExtent", true);
        w.WriteBoolean("supportsStatistics", true);
        w.WriteBoolean("supportsHavingClause", false);
        w.WriteBoolean("supportsOrderBy", true);
        w.WriteBoolean("supportsDistinct", true);
        w.WriteBoolean("supportsCountDistinct", false);
        w.WriteBoolean("supportsSqlExpression", false);
        w.WriteBoolean("supportsOutFieldSQLExpression", false);
        w.WriteBoolean("supportsPercentileStatistics", false);
        w.WriteBoolean("supportsTrueCurve", false);
        w.WriteBoolean("supportsQueryAttachments", d.HasAttachments);
        w.WriteBoolean("supportsQueryAttachmentsCountOnly", d.HasAttachments);
        w.WriteBoolean("supportsReturningGeometryCentroid", d.GeometryType == GeometryType.Polygon);
        w.WriteBoolean("supportsReturningGeometryEnvelope", false);
        w.WriteBoolean("supportsCurrentUserQueries", true);
        w.WriteBoolean("supportsDefaultSR", false);
        w.WriteBoolean("supportsFullTextSearch", false);
        w.WriteBoolean("supportsQueryWithResultType", true);
        w.WriteBoolean("supportsMaxRecordCountFactor", false);
        w.WriteBoolean("supportsTopFeaturesQuery", false);
        w.WriteBoolean("supportsDisjointSpatialRel", false);
        w.WriteEndObject();
    }

    private static void WriteDefaultDrawingInfo(Utf8JsonWriter w, GeometryType type)
    {
        w.WriteStartObject();
        w.WriteStartObject("renderer");
        w.WriteString("type", "simple");
        w.WriteStartObject("symbol");
        switch (type)
        {
            case GeometryType.Polygon:
                w.WriteString("type", "esriSFS");
                w.WriteString("style", "esriSFSSolid");
                WriteColor(w, "color", 252, 193, 184);
                w.WriteStartObject("outline");
                w.WriteString("type", "esriSLS");
                w.WriteString("style", "esriSLSSolid");
                WriteColor(w, "color", 110, 110, 110);
                w.WriteNumber("width", 0.7);
                w.WriteEndObject();
                break;
            case GeometryType.Polyline:
                w.WriteString("type", "esriSLS");
                w.WriteString("style", "esriSLSSolid");
                WriteColor(w, "color", 31, 120, 180);
                w.WriteNumber("width", 1.5);
                break;
            default:
                w.WriteString("type", "esriSMS");
                w.WriteString("style", "esriSMSCircle");
                WriteColor(w, "color", 227, 26, 28);
                w.WriteNumber("size", 6);
                break;
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("transparency", 0);
        w.WriteNull("labelingInfo");
        w.WriteEndObject();
    }

    private static void WriteColor(Utf8JsonWriter w, string name, int r, int g, int b)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(r);
        w.WriteNumberValue(g);
        w.WriteNumberValue(b);
        w.WriteNumberValue(255);
        w.WriteEndArray();
    }

    private static void WriteDefaultIndexes(Utf8JsonWriter w, FeatureLayer layer)
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("name", "PK__" + layer.Definition.Name.Replace(' ', '_'));
        w.WriteString("fields", layer.Definition.ObjectIdField);
        w.WriteBoolean("isAscending", true);
        w.WriteBoolean("isUnique", true);
        w.WriteString("description", "");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteDefaultTemplate(Utf8JsonWriter w, LayerDefinition d)
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("name", d.Name);
        w.WriteString("description", "");
        w.WriteString("drawingTool", d.GeometryType switch
        {
            GeometryType.Point or GeometryType.Multipoint => "esriFeatureEditToolPoint",
            GeometryType.Polyline => "esriFeatureEditToolLine",
            GeometryType.Polygon => "esriFeatureEditToolPolygon",
            _ => "esriFeatureEditToolNone",
        });
        w.WriteStartObject("prototype");
        w.WriteStartObject("attributes");
        foreach (var field in d.Fields.Where(f => f.Editable))
        {
            w.WritePropertyName(field.Name);
            DefinitionWriter.WriteValue(w, field.DefaultValue);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
