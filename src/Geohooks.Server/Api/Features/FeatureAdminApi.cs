using Geohooks.Core.Features;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Features;

/// <summary>
/// The hosted-service admin definitions (spec resources §9) under both URL shapes: ArcGIS Online's
/// <c>rest/admin/services/&lt;name&gt;/FeatureServer[/&lt;layer&gt;]/…</c> (what ArcGIS REST JS derives from the service URL)
/// and Enterprise's <c>admin/services/Hosted/&lt;name&gt;.FeatureServer[/&lt;layer&gt;]/…</c>. The admin resources
/// themselves answer like the public ones.
/// </summary>
internal static class FeatureAdminApi
{
    private static readonly string[] AdminRoots =
    [
        "/rest/admin/services/{name}/FeatureServer",
        "/rest/admin/services/Hosted/{name}/FeatureServer",
        "/admin/services/Hosted/{name}.FeatureServer",
        "/admin/services/{name}.FeatureServer",
    ];

    public static void MapFeatureAdmin(this IEndpointRouteBuilder routes)
    {
        foreach (var root in AdminRoots)
        {
            routes.MapOperation(root + "/addToDefinition", async (ArcGisRequest r, string name, FeatureServices services) =>
            {
                var added = await services.AddToDefinitionAsync(await r.RequireCallerAsync(), name, r.Get("addToDefinition"), r.Aborted);
                return new
                {
                    layers = added.Where(a => !a.IsTable).Select(a => new { name = a.Name, id = a.Id }).ToArray(),
                    tables = added.Where(a => a.IsTable).Select(a => new { name = a.Name, id = a.Id }).ToArray(),
                    success = true,
                };
            });
            routes.MapOperation(root + "/updateDefinition", async (ArcGisRequest r, string name, FeatureServices services) =>
            {
                await services.UpdateDefinitionAsync(await r.RequireCallerAsync(), name, r.Get("updateDefinition"), r.Aborted);
                return Success;
            });
            routes.MapOperation(root + "/deleteFromDefinition", async (ArcGisRequest r, string name, FeatureServices services) =>
            {
                await services.DeleteFromDefinitionAsync(await r.RequireCallerAsync(), name, r.Get("deleteFromDefinition"), r.Aborted);
                return Success;
            });
            routes.MapOperation(root + "/{layerId:int}/addToDefinition", async (ArcGisRequest r, string name, int layerId, FeatureServices services) =>
            {
                await services.AddToLayerDefinitionAsync(await r.RequireCallerAsync(), name, layerId, r.Get("addToDefinition"), r.Aborted);
                return Success;
            });
            routes.MapOperation(root + "/{layerId:int}/updateDefinition", async (ArcGisRequest r, string name, int layerId, FeatureServices services) =>
            {
                await services.UpdateLayerDefinitionAsync(await r.RequireCallerAsync(), name, layerId, r.Get("updateDefinition"), r.Aborted);
                return Success;
            });
            routes.MapOperation(root + "/{layerId:int}/deleteFromDefinition", async (ArcGisRequest r, string name, int layerId, FeatureServices services) =>
            {
                await services.DeleteFromLayerDefinitionAsync(await r.RequireCallerAsync(), name, layerId, r.Get("deleteFromDefinition"), r.Aborted);
                return Success;
            });
        }
    }

    private static readonly object Success = new { success = true };
}
