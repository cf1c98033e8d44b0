using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Api.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>
/// Enterprise service webhooks, the Server Administrator API (spec webhooks §3):
/// <c>admin/services/[Hosted/]&lt;name&gt;.FeatureServer/webhooks/…</c>, the site-wide list and the settings. Every
/// answer here, errors included, uses the Server Administrator envelope.
/// </summary>
internal static class ServerWebhooksApi
{
    private static readonly WebhookFlavor Flavor = new(
        WebhookKinds.Server,
        page => new { total = page.Total, start = page.Start, num = page.Num, nextStart = page.NextStart, webhooks = page.Results.Select(ServiceWebhookJson.Webhook).ToArray() },
        ServerAdminEnvelope.Success);

    public static void MapServerWebhooks(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/services").WithServerAdminEnvelope();
        admin.MapResource("/webhooks", ListSiteAsync);
        admin.MapResource("/webhooks/settings", SettingsAsync);
        foreach (var root in (string[])["/Hosted/{name}.FeatureServer/webhooks", "/{name}.FeatureServer/webhooks"])
        {
            admin.MapServiceWebhooks(root, Flavor, http => ServiceRef.Feature(http.Route("name")));
            admin.MapResource(root + "/{id}/notificationStatus", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
                ServiceWebhookJson.EnterpriseStatus(await s.FailedDeliveriesAsync(await r.RequireCallerAsync(), Flavor.Kind, ServiceRef.Feature(r.Http.Route("name")), id, r.Aborted)));
        }
    }

    private static async Task<object> ListSiteAsync(ArcGisRequest r, ServiceWebhookService s)
    {
        var (start, num) = Paging.Read(r, defaultNum: Paging.MaxNum);
        return Flavor.List(await s.ListSiteAsync(await r.RequireCallerAsync(), Flavor.Kind, start, num, r.Aborted));
    }

    /// <summary>GET answers the settings; POST changes those given and answers the result.</summary>
    private static async Task<object> SettingsAsync(ArcGisRequest r, ServiceWebhookService s)
    {
        var caller = await r.RequireCallerAsync();
        var settings = r.IsPost
            ? await s.UpdateSettingsAsync(caller, Flavor.Kind, new ServiceSettingsUpdate
            {
                NotificationAttempts = r.GetInt("notificationAttempts"),
                NotificationTimeOutInSeconds = r.GetInt("notificationTimeOutInSeconds"),
                NotificationElapsedTimeInSeconds = r.GetInt("notificationElapsedTimeInSeconds"),
                DeactivationPolicy = r.Get("deactivationPolicy"),
                SignatureEncoding = r.Get("signatureEncoding"),
            }, r.Aborted)
            : await s.GetSettingsAsync(caller, Flavor.Kind, r.Aborted);
        return ServiceWebhookJson.EnterpriseSettings(settings);
    }
}
