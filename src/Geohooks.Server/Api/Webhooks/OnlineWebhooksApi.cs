using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>
/// ArcGIS Online hosted feature service webhooks (spec webhooks §4):
/// <c>rest/admin/services/[Hosted/]&lt;name&gt;/FeatureServer/WebHooks/…</c>, with the classic error envelope of the
/// other <c>rest</c> endpoints. The settings apply to every service, whichever service's path names them.
/// </summary>
internal static class OnlineWebhooksApi
{
    private static readonly WebhookFlavor Flavor = WebhookFlavor.Online;

    public static void MapOnlineWebhooks(this IEndpointRouteBuilder routes)
    {
        foreach (var root in (string[])["/rest/admin/services/{name}/FeatureServer/WebHooks", "/rest/admin/services/Hosted/{name}/FeatureServer/WebHooks"])
        {
            routes.MapServiceWebhooks(root, Flavor, Service);
            routes.MapResource(root + "/webhookSettings", async (ArcGisRequest r, ServiceWebhookService s) =>
                ServiceWebhookJson.OnlineSettings(await ServiceWebhookRoutes.SettingsAsync(r, s, Flavor.Kind, update => update with { NumberOfFailures = r.GetInt("numberOfFailures") })));
            routes.MapResource(root + "/{id}/notificationStatus", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
                ServiceWebhookJson.OnlineStatus(await s.AttemptsAsync(await r.RequireCallerAsync(), Flavor.Kind, Service(r.Http), id, r.Aborted)));
        }
    }

    private static ServiceRef Service(HttpContext http) => ServiceRef.Feature(http.Route("name"));
}
