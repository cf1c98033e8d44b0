using Geohooks.Core.Webhooks;
using Geohooks.Server.Api.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>
/// portals/&lt;orgId&gt;/webhooks (spec webhooks §2), and beyond ArcGIS: the delivery log, redelivery of one delivery
/// and of every failed delivery in a time window.
/// </summary>
internal static class OrgWebhooksApi
{
    private const string Root = "/sharing/rest/portals/{orgId}/webhooks";
    private const string One = Root + "/{id}";

    public static void MapOrgWebhooks(this IEndpointRouteBuilder routes)
    {
        routes.MapResource(Root, ListAsync);
        routes.MapOperation(Root + "/createWebhook", CreateAsync);
        routes.MapResource(Root + "/settings", SettingsAsync);
        routes.MapOperation(Root + "/settings/update", UpdateSettingsAsync);
        routes.MapResource(One, GetAsync);
        routes.MapOperation(One + "/update", UpdateAsync);
        routes.MapOperation(One + "/delete", DeleteAsync);
        routes.MapOperation(One + "/activate", (ArcGisRequest r, string orgId, string id, OrgWebhookService s) => SetActiveAsync(r, orgId, id, s, true));
        routes.MapOperation(One + "/deactivate", (ArcGisRequest r, string orgId, string id, OrgWebhookService s) => SetActiveAsync(r, orgId, id, s, false));
        routes.MapResource(One + "/notificationStatus", NotificationStatusAsync);
        routes.MapResource(One + "/deliveries", DeliveriesAsync);
        routes.MapResource(One + "/deliveries/{deliveryId:long}", DeliveryAsync);
        routes.MapOperation(One + "/deliveries/{deliveryId:long}/redeliver", RedeliverAsync);
        routes.MapOperation(One + "/redeliverFailed", RedeliverFailedAsync);
    }

    private static async Task<object> ListAsync(ArcGisRequest r, string orgId, OrgWebhookService service)
    {
        var (start, num) = Paging.Read(r, defaultNum: 25);
        var page = await service.ListAsync(await r.RequireCallerAsync(), orgId, start, num, r.Aborted);
        return new { total = page.Total, start = page.Start, num = page.Num, nextStart = page.NextStart, webhooks = page.Results.Select(WebhookJson.Webhook).ToArray() };
    }

    private static async Task<object> CreateAsync(ArcGisRequest r, string orgId, OrgWebhookService service)
    {
        var webhook = await service.CreateAsync(await r.RequireCallerAsync(), orgId, ReadRequest(r), r.Aborted);
        return new { success = true, webhookId = webhook.Id };
    }

    private static async Task<object> GetAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service) =>
        WebhookJson.Webhook(await service.GetAsync(await r.RequireCallerAsync(), orgId, id, r.Aborted));

    private static async Task<object> UpdateAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service)
    {
        await service.UpdateAsync(await r.RequireCallerAsync(), orgId, id, ReadRequest(r), r.Aborted);
        return new { success = true };
    }

    private static async Task<object> DeleteAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service)
    {
        await service.DeleteAsync(await r.RequireCallerAsync(), orgId, id, r.Aborted);
        return new { success = true };
    }

    private static async Task<object> SetActiveAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service, bool active)
    {
        await service.SetActiveAsync(await r.RequireCallerAsync(), orgId, id, active, r.Aborted);
        return new { success = true };
    }

    private static async Task<object> SettingsAsync(ArcGisRequest r, string orgId, OrgWebhookService service) =>
        WebhookJson.Settings(await service.GetSettingsAsync(await r.RequireCallerAsync(), orgId, r.Aborted));

    private static async Task<object> UpdateSettingsAsync(ArcGisRequest r, string orgId, OrgWebhookService service)
    {
        var update = new SettingsUpdate(
            r.GetInt("notificationAttempts"), r.GetInt("notificationTimeOutInSeconds"),
            r.GetInt("notificationElapsedTimeInSeconds"), r.GetInt("featureServerMetricIntervalInMinutes"));
        await service.UpdateSettingsAsync(await r.RequireCallerAsync(), orgId, update, r.Aborted);
        return new { success = true };
    }

    private static async Task<object> NotificationStatusAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service)
    {
        var (start, num) = Paging.Read(r, defaultNum: 25);
        var page = await service.NotificationStatusAsync(await r.RequireCallerAsync(), orgId, id, start, num, r.Aborted);
        return new { total = page.Total, start = page.Start, num = page.Num, nextStart = page.NextStart, WebhookStatus = page.Results.Select(row => WebhookJson.Status(id, row)).ToArray() };
    }

    private static async Task<object> DeliveriesAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service)
    {
        var (start, num) = Paging.Read(r);
        var page = await service.ListDeliveriesAsync(
            await r.RequireCallerAsync(), orgId, id, WebhookJson.ParseStatus(r.Get("status")), Long(r, "from"), Long(r, "to"), r.Get("eventType"), start, num, r.Aborted);
        return new { total = page.Total, start = page.Start, num = page.Num, nextStart = page.NextStart, deliveries = page.Results.Select(WebhookJson.Delivery).ToArray() };
    }

    private static async Task<object> DeliveryAsync(ArcGisRequest r, string orgId, string id, long deliveryId, OrgWebhookService service)
    {
        var (delivery, attempts) = await service.GetDeliveryAsync(await r.RequireCallerAsync(), orgId, id, deliveryId, r.Aborted);
        return new
        {
            delivery = WebhookJson.Delivery(delivery),
            payload = System.Text.Encoding.UTF8.GetString(delivery.Payload),
            attempts = attempts.Select(WebhookJson.Attempt).ToArray(),
        };
    }

    private static async Task<object> RedeliverAsync(ArcGisRequest r, string orgId, string id, long deliveryId, OrgWebhookService service) =>
        new { success = true, requeued = await service.RedeliverAsync(await r.RequireCallerAsync(), orgId, id, deliveryId, r.Aborted) };

    private static async Task<object> RedeliverFailedAsync(ArcGisRequest r, string orgId, string id, OrgWebhookService service) =>
        new { success = true, requeued = await service.RedeliverFailedAsync(await r.RequireCallerAsync(), orgId, id, Long(r, "from"), Long(r, "to"), r.Aborted) };

    private static OrgWebhookRequest ReadRequest(ArcGisRequest r) => new(
        r.Get("name"), r.Get("url"), r.GetRaw("secret"), r.Get("changes"), r.GetList("events"), r.Get("config"));

    private static long? Long(ArcGisRequest r, string name) =>
        r.Get(name) is { } text ? long.TryParse(text, out var v) && v >= 0 ? v : throw Core.Errors.Errors.InvalidParameter(name, "must be epoch milliseconds.") : null;
}
