using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Webhooks.Services;

/// <summary>Webhooks of an asynchronous geoprocessing service (Enterprise flavor).</summary>
public abstract partial class ServiceWebhookApiTests
{
    [Fact]
    public async Task Geoprocessing_webhooks_have_no_change_types_and_no_schedule()
    {
        var root = Hooks.Root(Enterprise, Hooks.Diagnostics);
        var created = await Server.PostAsync(root + "/create", Token, ("name", "Job done"), ("hookUrl", ServiceHookWorld.Nowhere), ("changeTypes", "*"), ("active", "true"));
        var id = Hooks.Id(Enterprise, created);
        try
        {
            Assert.Equal(
                ["id", "folderName", "serviceName", "serviceType", "name", "signatureKey", "hookUrl", "active", "contentType", "payloadFormat", "created", "modified", "ownerId", "modifiedId", "changeTypes"],
                created.EnumerateObject().Select(p => p.Name));
            Assert.Equal(("Tools", "Diagnostics", "GPServer"), (created.Str("folderName"), created.Str("serviceName"), created.Str("serviceType")));
            Assert.Empty(created.Strings("changeTypes"));
            Assert.Equal("[]", created.GetProperty("changeTypes").GetRawText());

            // The catalog's names are case-insensitive; the webhook shows them as the catalog spells them.
            var list = await Server.GetAsync("/admin/services/tools/diagnostics.GPServer/webhooks", Token);
            Assert.Equal([id], list.GetProperty("webhooks").EnumerateArray().Select(w => w.Str("id")));
            Assert.Contains((await Server.GetAsync("/admin/services/webhooks", Token)).GetProperty("webhooks").EnumerateArray(), w => w.Str("id") == id && w.Str("serviceType") == "GPServer");

            var edited = await Server.PostAsync($"{root}/{id}/edit", Token, ("payloadFormat", "pjson"));
            Assert.Equal(("Job done", "pjson", false), (edited.Str("name"), edited.Str("payloadFormat"), edited.TryGetProperty("scheduleInfo", out _)));
            await world.RecordDeliveryAsync(id, world.Now, 502, null);
            Assert.Equal(
                $$$"""{"webhookNotificationStatus":[{"invoked":false,"invokedTimestamp":{{{world.Now}}}}]}""",
                (await Server.GetAsync($"{root}/{id}/notificationStatus", Token)).GetRawText());
            (await Server.GetAsync($"{root}/{id}", world.MemberToken)).AssertAdminError(403);
        }
        finally
        {
            (await Server.PostAsync(root + "/deleteAll", Token)).AssertDone(Enterprise);
        }

        Assert.Null(await world.StoredAsync(id));
    }
}
