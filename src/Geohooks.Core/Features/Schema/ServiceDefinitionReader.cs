using System.Text.Json;

namespace Geohooks.Core.Features.Schema;

/// <summary>Builds and changes <see cref="ServiceDefinition"/>s from <c>createParameters</c> and <c>updateDefinition</c> JSON.</summary>
public static class ServiceDefinitionReader
{
    /// <summary>Properties the server models or computes; never stored as extras.</summary>
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal)
    {
        "name", "serviceDescription", "description", "copyrightText", "capabilities", "maxRecordCount", "spatialReference",
        "allowGeometryUpdates", "hasStaticData", "units", "editorTrackingInfo", "layers", "tables", "currentVersion",
        "serviceItemId", "syncEnabled", "extractChangesCapabilities", "changeTrackingInfo", "fullExtent", "supportsApplyEditsWithGlobalIds",
        "supportsReturnDeleteResults", "hasVersionedData", "supportsDisconnectedEditing", "relationships", "adminServiceInfo",
        "supportsAppend", "advancedEditingCapabilities", "enableZDefaults", "isLocationTrackingService", "isLocationTrackingView",
        "hasSharedDomains", "supportedExportFormats", "supportsVCSProjection", "supportedQueryFormats",
    };

    public static ServiceDefinition Apply(JsonElement json, ServiceDefinition current, string operation)
    {
        var maxRecordCount = DefinitionJson.Int(json, "maxRecordCount", operation) ?? current.MaxRecordCount;
        if (maxRecordCount is < 1 or > 100_000)
        {
            throw DefinitionError.Of(operation, "'maxRecordCount' must be between 1 and 100000.");
        }

        var capabilities = DefinitionJson.Capabilities(json, operation) ?? current.Capabilities;
        if (capabilities.Sync)
        {
            // Sync needs the change log, as in ArcGIS: a Sync service always tracks changes. Replicas are not served, and
            // service webhooks refuse Sync services (webhooks spec §3.1, §6.2).
            capabilities = capabilities with { ChangeTracking = true };
        }

        return current with
        {
            ServiceDescription = DefinitionJson.String(json, "serviceDescription", operation) ?? current.ServiceDescription,
            Description = DefinitionJson.String(json, "description", operation) ?? current.Description,
            CopyrightText = DefinitionJson.String(json, "copyrightText", operation) ?? current.CopyrightText,
            Capabilities = capabilities,
            MaxRecordCount = maxRecordCount,
            Wkid = DefinitionJson.Wkid(json, "spatialReference", operation) ?? current.Wkid,
            AllowGeometryUpdates = DefinitionJson.Bool(json, "allowGeometryUpdates", operation) ?? current.AllowGeometryUpdates,
            HasStaticData = DefinitionJson.Bool(json, "hasStaticData", operation) ?? current.HasStaticData,
            Units = DefinitionJson.String(json, "units", operation) ?? current.Units,
            EditorTracking = DefinitionJson.EditorTracking(json, current.EditorTracking, operation),
            Extras = DefinitionJson.Extras(json, current.Extras, Modelled),
        };
    }

    /// <summary>
    /// The rule for service names: Enterprise allows letters, digits and underscores only; the name is also a URL
    /// segment, so the same rule serves both shapes.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 120 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
