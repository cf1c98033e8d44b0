using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Server.Api.Features;

/// <summary>The FeatureServer service resource (spec resources §3.1), in the key order ArcGIS Online emits.</summary>
internal static class ServiceJson
{
    public const double CurrentVersion = 11.3;

    /// <summary>The <c>syncCapabilities</c> flags (spec resources §3.1), all false: replicas are not served.</summary>
    private static readonly string[] SyncFlags =
    [
        "supportsAsync", "supportsRegisteringExistingData", "supportsSyncDirectionControl", "supportsPerLayerSync", "supportsPerReplicaSync",
        "supportsRollbackOnFailure",
    ];

    public static void Write(Utf8JsonWriter w, FeatureService service, IReadOnlyDictionary<int, Extent?> extents)
    {
        var d = service.Definition;
        w.WriteStartObject();
        w.WriteNumber("currentVersion", CurrentVersion);
        w.WriteString("serviceItemId", service.ItemId);
        w.WriteBoolean("hasVersionedData", false);
        w.WriteBoolean("supportsDisconnectedEditing", false);
        w.WriteBoolean("hasSharedDomains", false);
        w.WriteString("supportedQueryFormats", "JSON");
        w.WriteBoolean("supportsVCSProjection", false);
        w.WriteString("supportedExportFormats", "");
        DefinitionWriter.WriteServiceProperties(w, d);
        var full = Union(extents.Values);
        if (!d.Extras.ContainsKey("initialExtent"))
        {
            w.WritePropertyName("initialExtent");
            LayerJson.WriteExtent(w, full, d.Wkid);
        }

        w.WritePropertyName("fullExtent");
        LayerJson.WriteExtent(w, full, d.Wkid);
        w.WriteBoolean("supportsAppend", false);
        w.WriteBoolean("supportsApplyEditsWithGlobalIds", service.Layers.All(l => l.Definition.GlobalIdField is not null));
        w.WriteBoolean("supportsReturnDeleteResults", true);
        w.WriteBoolean("syncEnabled", d.Capabilities.Sync);
        if (d.Capabilities.Sync)
        {
            // Sync is advertised, replicas are not served (createReplica and the like answer "not supported").
            w.WriteStartObject("syncCapabilities");
            foreach (var flag in SyncFlags)
            {
                w.WriteBoolean(flag, false);
            }

            w.WriteNumber("supportedSyncDataOptions", 0);
            w.WriteEndObject();
        }

        if (d.Capabilities.ChangeTracking)
        {
            w.WriteStartObject("extractChangesCapabilities");
            w.WriteBoolean("supportsReturnIdsOnly", true);
            w.WriteBoolean("supportsReturnExtentOnly", false);
            w.WriteBoolean("supportsReturnAttachments", true);
            w.WriteBoolean("supportsLayerQueries", true);
            w.WriteBoolean("supportsGeometry", true);
            w.WriteBoolean("supportsSpatialFilter", true);
            w.WriteBoolean("supportsReturnFeature", true);
            w.WriteBoolean("supportsServerGens", true);
            w.WriteBoolean("supportsReturnHasGeometryUpdates", true);
            w.WriteBoolean("supportsFieldsToCompare", false);
            w.WriteEndObject();
            w.WriteStartObject("changeTrackingInfo");
            w.WriteNumber("lastSyncDate", service.Layers.Count == 0 ? service.SchemaLastEditDate : service.Layers.Max(l => l.DataLastEditDate));
            w.WriteStartArray("layerServerGens");
            foreach (var layer in service.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("id", layer.Id);
                w.WriteNumber("minServerGen", layer.MinServerGen);
                w.WriteNumber("serverGen", layer.ServerGen);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteStartObject("advancedEditingCapabilities");
        w.WriteBoolean("supportsSplit", false);
        w.WriteBoolean("supportsReturnServiceEditsInSourceSR", false);
        w.WriteEndObject();
        WriteEntries(w, "layers", service.Layers.Where(l => !l.Definition.IsTable));
        WriteEntries(w, "tables", service.Layers.Where(l => l.Definition.IsTable));
        w.WriteStartArray("relationships");
        w.WriteEndArray();
        w.WriteBoolean("enableZDefaults", false);
        w.WriteBoolean("isLocationTrackingService", false);
        w.WriteBoolean("isLocationTrackingView", false);
        w.WriteEndObject();
    }

    public static Extent? Union(IEnumerable<Extent?> extents)
    {
        Extent? result = null;
        foreach (var e in extents)
        {
            if (e is { } x)
            {
                result = result is { } r
                    ? new Extent(Math.Min(r.XMin, x.XMin), Math.Min(r.YMin, x.YMin), Math.Max(r.XMax, x.XMax), Math.Max(r.YMax, x.YMax))
                    : x;
            }
        }

        return result;
    }

    private static void WriteEntries(Utf8JsonWriter w, string name, IEnumerable<FeatureLayer> layers)
    {
        w.WriteStartArray(name);
        foreach (var layer in layers)
        {
            var d = layer.Definition;
            w.WriteStartObject();
            w.WriteNumber("id", d.Id);
            w.WriteString("name", d.Name);
            w.WriteNumber("parentLayerId", -1);
            w.WriteBoolean("defaultVisibility", true);
            w.WriteNull("subLayerIds");
            w.WriteNumber("minScale", 0);
            w.WriteNumber("maxScale", 0);
            w.WriteString("type", d.IsTable ? "Table" : "Feature Layer");
            if (d.GeometryType is { } geometry)
            {
                w.WriteString("geometryType", Core.Features.Geometry.GeometryTypes.WireName(geometry));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
