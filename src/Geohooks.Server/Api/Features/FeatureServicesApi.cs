using Geohooks.Core.Features;
using Geohooks.Core.Portal;
using Geohooks.Server.Api.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Features;

/// <summary>
/// Hosted feature services as resources: the <c>rest/services</c> catalog, the service and its layers, under the
/// ArcGIS Online shape (<c>rest/services/&lt;name&gt;/FeatureServer</c>) and the Enterprise one with the
/// <c>Hosted</c> folder (spec resources §3, §3.4, §3.5). createService lives with the user's content.
/// </summary>
internal static class FeatureServicesApi
{
    public static readonly string[] ServiceRoots = ["/rest/services/{name}/FeatureServer", "/rest/services/Hosted/{name}/FeatureServer"];

    public static void MapFeatureServices(this IEndpointRouteBuilder routes)
    {
        routes.MapResource("/rest/services", CatalogAsync);
        routes.MapResource("/rest/services/Hosted", CatalogAsync);
        foreach (var root in ServiceRoots)
        {
            routes.MapResource(root, ServiceAsync);
            routes.MapResource(root + "/layers", LayersAsync);
            routes.MapResource(root + "/{layerId:int}", LayerAsync);
            foreach (var operation in ReplicaOperations)
            {
                routes.MapOperation(root + "/" + operation, ReplicasAsync);
            }

            routes.MapResource(root + "/replicas", ReplicasAsync);
        }

        const string User = "/sharing/rest/content/users/{username}";
        routes.MapOperation(User + "/createService", (ArcGisRequest r, string username, ItemService items) => CreateAsync(r, username, null, items));
        routes.MapOperation(User + "/{folderId}/createService", (ArcGisRequest r, string username, string folderId, ItemService items) => CreateAsync(r, username, folderId, items));
        routes.MapResource("/sharing/rest/portals/self/isServiceNameAvailable", IsNameAvailableAsync);
    }

    /// <summary>The sync operations of a Sync-enabled service (spec resources §3.1), which Geohooks does not serve.</summary>
    private static readonly string[] ReplicaOperations = ["createReplica", "synchronizeReplica", "unRegisterReplica"];

    public static string ServicesRoot(ArcGisRequest r) => r.BaseUrl + "/rest/services";

    private static async Task<object> CatalogAsync(ArcGisRequest r, FeatureServices services, Core.Geoprocessing.GpCatalog geoprocessing)
    {
        var hosted = r.Http.Request.Path.Value?.EndsWith("/Hosted", StringComparison.OrdinalIgnoreCase) == true;
        var list = await services.ListVisibleAsync(await r.CallerAsync(), r.Aborted);
        return new
        {
            currentVersion = ServiceJson.CurrentVersion,
            folders = hosted ? Array.Empty<string>() : ["Hosted", .. geoprocessing.Folders],
            services = list.Select(s => new { name = hosted ? "Hosted/" + s.Name : s.Name, type = "FeatureServer", url = $"{ServicesRoot(r)}/{s.Name}/FeatureServer" }).ToArray(),
        };
    }

    private static async Task<IResult> ServiceAsync(ArcGisRequest r, string name, FeatureServices services)
    {
        var (service, extents) = await services.GetWithExtentsAsync(await r.CallerAsync(), name, r.Aborted);
        return ArcGisJson.Write(r.Format, w => ServiceJson.Write(w, service, extents));
    }

    private static async Task<IResult> LayersAsync(ArcGisRequest r, string name, FeatureServices services)
    {
        var (service, extents) = await services.GetWithExtentsAsync(await r.CallerAsync(), name, r.Aborted);
        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartObject();
            foreach (var (key, tables) in new[] { ("layers", false), ("tables", true) })
            {
                w.WriteStartArray(key);
                foreach (var layer in service.Layers.Where(l => l.Definition.IsTable == tables))
                {
                    LayerJson.Write(w, service, layer, extents.GetValueOrDefault(layer.Id));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    private static async Task<IResult> LayerAsync(ArcGisRequest r, string name, int layerId, FeatureServices services)
    {
        var (service, extents) = await services.GetWithExtentsAsync(await r.CallerAsync(), name, r.Aborted);
        var layer = FeatureServices.FindLayer(service, layerId);
        return ArcGisJson.Write(r.Format, w => LayerJson.Write(w, service, layer, extents.GetValueOrDefault(layerId)));
    }

    /// <summary>Replicas: the service is looked up as for any call (unknown or hidden is "Invalid URL"), then refused.</summary>
    private static async Task<object> ReplicasAsync(ArcGisRequest r, string name, FeatureServices services)
    {
        await services.GetAsync(await r.CallerAsync(), name, r.Aborted);
        throw FeatureErrors.NotSupported("Replicas are not supported: 'Sync' marks the service as sync-enabled and its edits are tracked for extractChanges.");
    }

    private static async Task<object> CreateAsync(ArcGisRequest r, string username, string? folderId, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        var outputType = r.Get("outputType");
        if (outputType is not null && !outputType.Equals("featureService", StringComparison.OrdinalIgnoreCase))
        {
            throw Core.Errors.Errors.InvalidParameter("outputType", "only 'featureService' is supported.");
        }

        if (r.GetBool("isView") == true)
        {
            throw FeatureErrors.NotSupported("Views of hosted feature services are not supported.");
        }

        var (item, service) = await items.CreateServiceAsync(caller, username, folderId ?? r.Get("folder"), r.Get("createParameters"), ItemParams.Fields(r), ServicesRoot(r), r.Aborted);
        var url = item.Url!;
        return new
        {
            encodedServiceURL = url, // names are letters, digits and underscores: nothing to encode
            itemId = item.Id,
            name = service.Name,
            serviceItemId = item.Id,
            serviceurl = url,
            size = -1,
            success = true,
            type = "Feature Service",
            typeKeywords = item.TypeKeywords,
            isView = false,
        };
    }

    private static async Task<object> IsNameAvailableAsync(ArcGisRequest r, ItemService items)
    {
        var caller = await r.RequireCallerAsync();
        return new { available = await items.IsServiceNameAvailableAsync(caller, r.Require("name"), r.Aborted) };
    }
}
