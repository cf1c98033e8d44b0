using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>
/// ArcGIS Online hosted feature service webhooks (spec webhooks §4):
/// <c>rest/admin/services/[Hosted/]&lt;name&gt;/FeatureServer/WebHooks/…</c>, with the classic error envelope of the
/// other <c>rest</c> endpoints.
/// </summary>
internal static class OnlineWebhooksApi
{
    private static readonly WebhookFlavor Flavor = new(
        WebhookKinds.Online,
        page => page.Results.Select(ServiceWebhookJson.Webhook).ToArray(),
        new { success = true, status = "success" });

    public static void MapOnlineWebhooks(this IEndpointRouteBuilder routes)
    {
        foreach (var root in (string[])["/rest/admin/services/{name}/FeatureServer/WebHooks", "/rest/admin/services/Hosted/{name}/FeatureServer/WebHooks"])
        {
            routes.MapServiceWebhooks(root, Flavor, Service);
            routes.MapResource(root + "/webhookSettings", SettingsAsync);
            routes.MapResource(root + "/{id}/notificationStatus", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
                ServiceWebhookJson.OnlineStatus(await s.AttemptsAsync(await r.RequireCallerAsync(), Flavor.Kind, Service(r.Http), id, r.Aborted)));
        }
    }

    private static ServiceRef Service(HttpContext http) => ServiceRef.Feature(http.Route("name"));

    /// <summary>GET answers the settings; POST changes those given and answers the result. They apply to every service.</summary>
    private static async Task<object> SettingsAsync(ArcGisRequest r, ServiceWebhookService s)
    {
        var caller = await r.RequireCallerAsync();
        var settings = r.IsPost
            ? await s.UpdateSettingsAsync(caller, Flavor.Kind, new ServiceSettingsUpdate
            {
                NotificationAttempts = r.GetInt("notificationAttempts"),
                NotificationTimeOutInSeconds = r.GetInt("notificationTimeOutInSeconds"),
                NumberOfFailures = r.GetInt("numberOfFailures"),
                SignatureEncoding = r.Get("signatureEncoding"),
            }, r.Aborted)
            : await s.GetSettingsAsync(caller, Flavor.Kind, r.Aborted);
        return ServiceWebhookJson.OnlineSettings(settings);
    }
}
