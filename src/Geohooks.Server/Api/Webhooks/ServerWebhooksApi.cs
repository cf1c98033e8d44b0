using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Api.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>
/// Enterprise service webhooks, the Server Administrator API (spec webhooks §3):
/// <c>admin/services/[Hosted/]&lt;name&gt;.FeatureServer/webhooks/…</c>,
/// <c>admin/services/[&lt;folder&gt;/]&lt;name&gt;.GPServer/webhooks/…</c>, the site-wide list and the settings.
/// Every answer here, errors included, uses the Server Administrator envelope.
/// </summary>
internal static class ServerWebhooksApi
{
    private static readonly WebhookFlavor Flavor = WebhookFlavor.Enterprise;

    public static void MapServerWebhooks(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/services").WithServerAdminEnvelope();
        admin.MapResource("/webhooks", ListSiteAsync);
        admin.MapResource("/webhooks/settings", async (ArcGisRequest r, ServiceWebhookService s) =>
            ServiceWebhookJson.EnterpriseSettings(await ServiceWebhookRoutes.SettingsAsync(r, s, Flavor.Kind, update => update with
            {
                NotificationElapsedTimeInSeconds = r.GetInt("notificationElapsedTimeInSeconds"),
                DeactivationPolicy = r.Get("deactivationPolicy"),
            })));
        Func<HttpContext, ServiceRef> feature = http => ServiceRef.Feature(http.Route("name"));
        Func<HttpContext, ServiceRef> gp = http => ServiceRef.Gp(http.Route("folder"), http.Route("name"));
        foreach (var (root, service) in new[]
        {
            ("/Hosted/{name}.FeatureServer/webhooks", feature), ("/{name}.FeatureServer/webhooks", feature),
            ("/{folder}/{name}.GPServer/webhooks", gp), ("/{name}.GPServer/webhooks", gp),
        })
        {
            admin.MapServiceWebhooks(root, Flavor, service);
            admin.MapResource(root + "/{id}/notificationStatus", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
                ServiceWebhookJson.EnterpriseStatus(await s.FailedDeliveriesAsync(await r.RequireCallerAsync(), Flavor.Kind, service(r.Http), id, r.Aborted)));
        }
    }

    private static async Task<object> ListSiteAsync(ArcGisRequest r, ServiceWebhookService s)
    {
        var (start, num) = Paging.Read(r, defaultNum: Paging.MaxNum);
        return Flavor.List(await s.ListSiteAsync(await r.RequireCallerAsync(), Flavor.Kind, start, num, r.Aborted));
    }
}
