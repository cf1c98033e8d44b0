using Geohooks.Core.Portal.Search;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Api.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Webhooks;

/// <summary>
/// How one flavor of service webhooks answers: its kind, whether its lists are paged, their shape, and its success
/// body. The endpoints both flavors share are mapped once, from this.
/// </summary>
internal sealed record WebhookFlavor(string Kind, bool Paged, Func<Page<Webhook>, object> List, object Done)
{
    /// <summary>Paged <c>{"webhooks":[…]}</c> and <c>{"status":"success"}</c> (spec webhooks §3.3, §3.5).</summary>
    public static readonly WebhookFlavor Enterprise = new(
        WebhookKinds.Server,
        Paged: true,
        page => new { total = page.Total, start = page.Start, num = page.Num, nextStart = page.NextStart, webhooks = page.Results.Select(ServiceWebhookJson.Webhook).ToArray() },
        ServerAdminEnvelope.Success);

    /// <summary>A plain array, and both success keys since Online's docs and the Python API disagree (spec webhooks §4.3).</summary>
    public static readonly WebhookFlavor Online = new(
        WebhookKinds.Online,
        Paged: false,
        page => page.Results.Select(ServiceWebhookJson.Webhook).ToArray(),
        new { success = true, status = "success" });
}

/// <summary>
/// The endpoints every service webhook root has (spec webhooks §3.3–3.5, §4.1–4.3): list, create, activateAll,
/// deactivateAll, deleteAll, and one webhook with edit and delete. <c>service</c> reads the service from the route.
/// </summary>
internal static class ServiceWebhookRoutes
{
    public static void MapServiceWebhooks(this IEndpointRouteBuilder routes, string root, WebhookFlavor flavor, Func<HttpContext, ServiceRef> service)
    {
        routes.MapResource(root, async (ArcGisRequest r, ServiceWebhookService s) =>
        {
            var (start, num) = flavor.Paged ? Paging.Read(r, defaultNum: Paging.MaxNum) : (1, int.MaxValue);
            return flavor.List(await s.ListAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), start, num, r.Aborted));
        });
        routes.MapOperation(root + "/create", async (ArcGisRequest r, ServiceWebhookService s) =>
            ServiceWebhookJson.Webhook(await s.CreateAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), Read(r), r.Aborted)));
        routes.MapOperation(root + "/activateAll", (ArcGisRequest r, ServiceWebhookService s) => SetAllActiveAsync(r, s, true));
        routes.MapOperation(root + "/deactivateAll", (ArcGisRequest r, ServiceWebhookService s) => SetAllActiveAsync(r, s, false));
        routes.MapOperation(root + "/deleteAll", async (ArcGisRequest r, ServiceWebhookService s) =>
        {
            await s.DeleteAllAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), r.Aborted);
            return flavor.Done;
        });
        routes.MapResource(root + "/{id}", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
            ServiceWebhookJson.Webhook(await s.GetAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), id, r.Aborted)));
        routes.MapOperation(root + "/{id}/edit", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
            ServiceWebhookJson.Webhook(await s.EditAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), id, Read(r), r.Aborted)));
        routes.MapOperation(root + "/{id}/delete", async (ArcGisRequest r, string id, ServiceWebhookService s) =>
        {
            await s.DeleteAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), id, r.Aborted);
            return flavor.Done;
        });

        async Task<object> SetAllActiveAsync(ArcGisRequest r, ServiceWebhookService s, bool active)
        {
            await s.SetAllActiveAsync(await r.RequireCallerAsync(), flavor.Kind, service(r.Http), active, r.Aborted);
            return flavor.Done;
        }
    }

    /// <summary>
    /// A flavor's settings resource: GET answers them; POST changes those given (the settings both flavors have, plus
    /// <paramref name="more"/>) and answers the result. Administrators only.
    /// </summary>
    public static async Task<WebhookSettings> SettingsAsync(ArcGisRequest r, ServiceWebhookService s, string kind, Func<ServiceSettingsUpdate, ServiceSettingsUpdate> more)
    {
        var caller = await r.RequireCallerAsync();
        if (!r.IsPost)
        {
            return await s.GetSettingsAsync(caller, kind, r.Aborted);
        }

        var common = new ServiceSettingsUpdate
        {
            NotificationAttempts = r.GetInt("notificationAttempts"),
            NotificationTimeOutInSeconds = r.GetInt("notificationTimeOutInSeconds"),
            SignatureEncoding = r.Get("signatureEncoding"),
        };
        return await s.UpdateSettingsAsync(caller, kind, more(common), r.Aborted);
    }

    /// <summary>A route value as text ("" when absent).</summary>
    public static string Route(this HttpContext http, string name) => http.GetRouteValue(name) as string ?? "";

    /// <summary>
    /// create / edit parameters. <c>signatureKey</c> is read as sent, so <c>signatureKey=</c> removes a key on edit;
    /// <c>content_type</c> is accepted for <c>contentType</c> because the ArcGIS API for Python's edit sends that name.
    /// </summary>
    private static ServiceWebhookRequest Read(ArcGisRequest r) => new()
    {
        Name = r.Get("name"),
        ChangeTypes = r.Get("changeTypes") is null ? null : r.GetList("changeTypes"),
        SignatureKey = r.GetRaw("signatureKey"),
        HookUrl = r.Get("hookUrl"),
        Active = r.GetBool("active"),
        ContentType = r.Get("contentType") ?? r.Get("content_type"),
        PayloadFormat = r.Get("payloadFormat"),
        ScheduleInfo = r.Get("scheduleInfo"),
        Filter = r.Get("filter"),
        FullPayload = r.GetBool("fullPayload"),
    };
}
