using System.Text.Json;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Webhooks.Services;

/// <summary>Every service-webhook endpoint of both flavors over real HTTP, with the JSON shapes they answer.</summary>
public abstract partial class ServiceWebhookApiTests(ServiceHookWorld world)
{
    private const string Enterprise = WebhookKinds.Server;
    private const string Online = WebhookKinds.Online;
    private const string Filter = """{"where":"status = 1","layers":[0]}""";

    private GeohooksServer Server => world.Server;

    private string Token => world.AdminToken;

    [Fact]
    public async Task Enterprise_webhooks_are_created_read_listed_edited_and_deleted_as_documented()
    {
        var service = await world.ServiceAsync();
        var root = Hooks.Root(Enterprise, service);
        var full = await Server.PostAsync(
            root + "/create", Token, ("name", "Everything set"), ("changeTypes", "FeaturesCreated,featuresdeleted"), ("signatureKey", "k3y"),
            ("hookUrl", ServiceHookWorld.Nowhere), ("active", "true"), ("contentType", ServiceHookSpec.Form), ("payloadFormat", "pjson"),
            ("scheduleInfo", """{"name":"every minute","startAt":1000,"recurrenceInfo":{"interval":1,"frequency":"minute"}}"""),
            ("filter", Filter), ("fullPayload", "true"));
        var id = Hooks.Id(Enterprise, full);
        Assert.Equal(
            ["id", "folderName", "serviceName", "serviceType", "name", "signatureKey", "hookUrl", "active", "contentType", "scheduleInfo", "payloadFormat", "created", "modified", "ownerId", "modifiedId", "changeTypes", "filter", "fullPayload"],
            full.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Hosted", service, "FeatureServer", "Everything set", "k3y"), (full.Str("folderName"), full.Str("serviceName"), full.Str("serviceType"), full.Str("name"), full.Str("signatureKey")));
        Assert.Equal((ServiceHookWorld.Nowhere, true, ServiceHookSpec.Form, "pjson"), (full.Str("hookUrl"), full.GetProperty("active").GetBoolean(), full.Str("contentType"), full.Str("payloadFormat")));
        Assert.Equal(("admin", "admin", world.Now), (full.Str("ownerId"), full.Str("modifiedId"), full.GetProperty("created").GetInt64()));
        Assert.Equal(["FeaturesCreated", "FeaturesDeleted"], full.Strings("changeTypes"));
        Assert.Equal("""{"name":"every minute","state":"enabled","startAt":1000,"recurrenceInfo":{"interval":1,"frequency":"minute"}}""", full.GetProperty("scheduleInfo").GetRawText());
        Assert.Equal(Filter, full.GetProperty("filter").GetRawText());
        world.Clock.Advance(TimeSpan.FromMilliseconds(1));

        var plain = await Server.PostAsync(root + "/create", Token, ("name", "Defaults"), ("hookUrl", ServiceHookWorld.Nowhere));
        var plainId = Hooks.Id(Enterprise, plain);
        Assert.Equal(
            ["id", "folderName", "serviceName", "serviceType", "name", "signatureKey", "hookUrl", "active", "contentType", "scheduleInfo", "payloadFormat", "created", "modified", "ownerId", "modifiedId", "changeTypes"],
            plain.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("", false, ServiceHookSpec.Json, "json"), (plain.Str("signatureKey"), plain.GetProperty("active").GetBoolean(), plain.Str("contentType"), plain.Str("payloadFormat")));
        Assert.Equal(["*"], plain.Strings("changeTypes"));
        Assert.Equal($$$"""{"name":"","state":"enabled","startAt":{{{world.Now}}},"recurrenceInfo":{"interval":20,"frequency":"second"}}""", plain.GetProperty("scheduleInfo").GetRawText());

        // Both URL shapes of a hosted service name the same webhooks.
        var viaRoot = await Server.GetAsync($"/admin/services/{service}.FeatureServer/webhooks/{id}", Token);
        Assert.Equal(full.GetRawText(), viaRoot.GetRawText());
        var list = await Server.GetAsync(root, Token);
        Assert.Equal(["total", "start", "num", "nextStart", "webhooks"], list.EnumerateObject().Select(p => p.Name));
        Assert.Equal([id, plainId], list.GetProperty("webhooks").EnumerateArray().Select(w => w.Str("id")));
        var first = await Server.GetAsync(root, Token, ("num", "1"));
        Assert.Equal((2, 2, id), (first.GetProperty("total").GetInt32(), first.GetProperty("nextStart").GetInt32(), first.GetProperty("webhooks")[0].Str("id")));
        var second = await Server.GetAsync(root, Token, ("start", "2"), ("num", "1"));
        Assert.Equal((-1, plainId), (second.GetProperty("nextStart").GetInt32(), second.GetProperty("webhooks")[0].Str("id")));

        // Edit keeps what it is not given; filter {} removes the filter; active=false deactivates.
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var edited = await Server.PostAsync($"{root}/{id}/edit", Token, ("name", "Renamed"), ("filter", "{}"), ("active", "false"));
        Assert.Equal(("Renamed", "k3y", false, "pjson"), (edited.Str("name"), edited.Str("signatureKey"), edited.GetProperty("active").GetBoolean(), edited.Str("payloadFormat")));
        Assert.Equal(["FeaturesCreated", "FeaturesDeleted"], edited.Strings("changeTypes"));
        Assert.False(edited.TryGetProperty("filter", out _));
        Assert.Equal("deactivate", edited.Str("deactivationReason"));
        Assert.Equal((full.GetProperty("created").GetInt64(), world.Now), (edited.GetProperty("created").GetInt64(), edited.GetProperty("modified").GetInt64()));
        Assert.Equal(edited.GetRawText(), (await Server.GetAsync($"{root}/{id}", Token)).GetRawText());

        (await Server.PostAsync($"{root}/{id}/delete", Token)).AssertDone(Enterprise);
        (await Server.GetAsync($"{root}/{id}", Token)).AssertAdminError(404, id);
        Assert.Equal([plainId], (await Server.GetAsync(root, Token)).GetProperty("webhooks").EnumerateArray().Select(w => w.Str("id")));
    }

    [Fact]
    public async Task Enterprise_bulk_operations_touch_one_service_and_one_flavor_and_the_site_list_has_them_all()
    {
        var a = await world.ServiceAsync();
        var b = await world.ServiceAsync();
        var a1 = await world.CreateAsync(Enterprise, a, ("name", "a1"), ("active", "true"));
        var a2 = await world.CreateAsync(Enterprise, a, ("name", "a2"));
        var b1 = await world.CreateAsync(Enterprise, b, ("name", "b1"), ("active", "true"));
        var online = await world.CreateAsync(Online, a, ("name", "a1"));

        var site = await Server.GetAsync("/admin/services/webhooks", Token);
        var ours = site.GetProperty("webhooks").EnumerateArray().Where(w => w.Str("serviceName") == a || w.Str("serviceName") == b).ToArray();
        Assert.Equal([(a1, a), (a2, a), (b1, b)], ours.Select(w => (w.Str("id"), w.Str("serviceName"))));
        Assert.All(ours, w => Assert.Equal(("Hosted", "FeatureServer"), (w.Str("folderName"), w.Str("serviceType"))));
        Assert.DoesNotContain(site.GetProperty("webhooks").EnumerateArray(), w => w.Str("id") == online);
        (await Server.GetAsync("/admin/services/webhooks", world.MemberToken)).AssertAdminError(403);

        // activateAll resets the failure state the engine keeps.
        await world.UpdateStoredAsync(a1, w => w with { IsActive = false, FailureCount = 4, FailureWindowStart = 1, DeactivationReason = "deactivationPolicy" });
        (await Server.PostAsync(Hooks.Root(Enterprise, a) + "/activateAll", Token)).AssertDone(Enterprise);
        foreach (var id in (string[])[a1, a2])
        {
            var hook = await world.StoredAsync(id);
            Assert.Equal((true, 0, null, null), (hook!.IsActive, hook.FailureCount, hook.FailureWindowStart, hook.DeactivationReason));
        }

        Assert.False((await world.StoredAsync(online))!.IsActive);
        (await Server.PostAsync(Hooks.Root(Enterprise, a) + "/deactivateAll", Token)).AssertDone(Enterprise);
        var deactivated = await Server.GetAsync(Hooks.Root(Enterprise, a), Token);
        Assert.All(deactivated.GetProperty("webhooks").EnumerateArray(), w => Assert.Equal((false, "deactivate"), (w.GetProperty("active").GetBoolean(), w.Str("deactivationReason"))));
        Assert.True((await world.StoredAsync(b1))!.IsActive);

        (await Server.PostAsync(Hooks.Root(Enterprise, a) + "/deleteAll", Token)).AssertDone(Enterprise);
        Assert.Equal(0, (await Server.GetAsync(Hooks.Root(Enterprise, a), Token)).GetProperty("total").GetInt32());
        Assert.NotNull(await world.StoredAsync(online));
        Assert.NotNull(await world.StoredAsync(b1));
    }

    [Fact]
    public async Task Online_webhooks_are_arrays_of_globalId_objects_with_both_success_keys()
    {
        var service = await world.ServiceAsync();
        var root = Hooks.Root(Online, service);
        var created = await Server.PostAsync(root + "/create", Token, ("name", "Online one"), ("hookUrl", ServiceHookWorld.Nowhere), ("changeTypes", """["FeaturesUpdated"]"""), ("filter", Filter));
        var id = Hooks.Id(Online, created);
        Assert.Equal(
            ["globalId", "serviceName", "name", "signatureKey", "hookUrl", "active", "contentType", "scheduleInfo", "payloadFormat", "created", "modified", "ownerId", "modifiedId", "changeTypes", "filter"],
            created.EnumerateObject().Select(p => p.Name));
        Assert.Equal((service, false, ServiceHookSpec.Json), (created.Str("serviceName"), created.GetProperty("active").GetBoolean(), created.Str("contentType")));
        world.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var other = await world.CreateAsync(Online, service, ("name", "Online two"), ("active", "true"));

        var list = await Server.GetAsync(root, Token);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal([id, other], list.EnumerateArray().Select(w => w.Str("globalId")));
        Assert.Equal(list.GetRawText(), (await Server.PostAsync($"/rest/admin/services/Hosted/{service}/FeatureServer/WebHooks", Token)).GetRawText());
        Assert.Equal(created.GetRawText(), (await Server.GetAsync($"{root}/{id}", Token)).GetRawText());
        Assert.Equal(created.GetRawText(), (await Server.PostAsync($"{root}/{id}", Token)).GetRawText());

        var edited = await Server.PostAsync($"{root}/{id}/edit", Token, ("payloadFormat", "pjson"), ("content_type", ServiceHookSpec.Form), ("active", "true"));
        Assert.Equal(("Online one", "pjson", ServiceHookSpec.Form, true), (edited.Str("name"), edited.Str("payloadFormat"), edited.Str("contentType"), edited.GetProperty("active").GetBoolean()));
        Assert.Equal(["FeaturesUpdated"], edited.Strings("changeTypes"));

        (await Server.PostAsync(root + "/deactivateAll", Token)).AssertDone(Online);
        Assert.All((await Server.GetAsync(root, Token)).EnumerateArray(), w => Assert.False(w.GetProperty("active").GetBoolean()));
        (await Server.PostAsync(root + "/activateAll", Token)).AssertDone(Online);
        Assert.All((await Server.GetAsync(root, Token)).EnumerateArray(), w => Assert.True(w.GetProperty("active").GetBoolean()));
        (await Server.PostAsync($"{root}/{id}/delete", Token)).AssertDone(Online);
        (await Server.GetAsync($"{root}/{id}", Token)).AssertClassicError(404, id);
        (await Server.PostAsync(root + "/deleteAll", Token)).AssertDone(Online);
        Assert.Equal(0, (await Server.GetAsync(root, Token)).GetArrayLength());
    }

    [Fact]
    public async Task NotificationStatus_lists_failed_deliveries_in_Enterprise_and_every_attempt_as_strings_in_Online()
    {
        var service = await world.ServiceAsync();
        var enterprise = await world.CreateAsync(Enterprise, service, ("name", "e"));
        var online = await world.CreateAsync(Online, service, ("name", "o"));
        var t = world.Now;
        await world.RecordDeliveryAsync(enterprise, t + 1, 500, null);
        await world.RecordDeliveryAsync(enterprise, t + 2, 200, null);
        await world.RecordDeliveryAsync(enterprise, t + 3, null, "Connection failed: ConnectionRefused.");
        await world.RecordDeliveryAsync(online, t + 1, 500, null);
        await world.RecordDeliveryAsync(online, t + 2, null, "No response within 10 s.");
        await world.RecordDeliveryAsync(online, t + 3, 204, null);

        var status = await Server.GetAsync($"{Hooks.Root(Enterprise, service)}/{enterprise}/notificationStatus", Token);
        Assert.Equal(
            $$$"""{"webhookNotificationStatus":[{"invoked":false,"invokedTimestamp":{{{t + 3}}}},{"invoked":false,"invokedTimestamp":{{{t + 1}}}}]}""",
            status.GetRawText());

        var onlineStatus = await Server.PostAsync($"{Hooks.Root(Online, service)}/{online}/notificationStatus", Token);
        Assert.Equal(
            $$"""
            [{"webhookNotificationStatus":[{"invoked":"true","invokedTimestamp":"{{t + 3}}","serverResponse":"HTTP 204 No Content"},{"invoked":"false","invokedTimestamp":"{{t + 2}}","serverResponse":"No response within 10 s."},{"invoked":"false","invokedTimestamp":"{{t + 1}}","serverResponse":"HTTP 500 Internal Server Error"}]}]
            """,
            onlineStatus.GetRawText());

        // Each flavor sees only its own webhooks.
        (await Server.GetAsync($"{Hooks.Root(Enterprise, service)}/{online}/notificationStatus", Token)).AssertAdminError(404);
        (await Server.GetAsync($"{Hooks.Root(Online, service)}/{enterprise}/notificationStatus", Token)).AssertClassicError(404);
    }

    [Fact]
    public async Task Enterprise_settings_have_defaults_ranges_and_persist()
    {
        const string Settings = "/admin/services/webhooks/settings";
        Assert.Equal(
            """{"notificationAttempts":3,"notificationTimeOutInSeconds":10,"notificationElapsedTimeInSeconds":5,"deactivationPolicy":{"numberOfFailures":5,"daysInPast":5},"signatureEncoding":"base64"}""",
            (await Server.GetAsync(Settings, Token)).GetRawText());
        try
        {
            var updated = await Server.PostAsync(
                Settings, Token, ("notificationAttempts", "5"), ("notificationTimeOutInSeconds", "60"), ("notificationElapsedTimeInSeconds", "0"),
                ("deactivationPolicy", """{"numberOfFailures":100,"daysInPast":365}"""), ("signatureEncoding", "HEX"));
            const string Expected = """{"notificationAttempts":5,"notificationTimeOutInSeconds":60,"notificationElapsedTimeInSeconds":0,"deactivationPolicy":{"numberOfFailures":100,"daysInPast":365},"signatureEncoding":"hex"}""";
            Assert.Equal(Expected, updated.GetRawText());
            Assert.Equal(Expected, (await Server.GetAsync(Settings, Token)).GetRawText());

            foreach (var (name, value) in new[]
            {
                ("notificationAttempts", "0"), ("notificationAttempts", "6"), ("notificationAttempts", "x"), ("notificationTimeOutInSeconds", "0"),
                ("notificationTimeOutInSeconds", "61"), ("notificationElapsedTimeInSeconds", "-1"), ("notificationElapsedTimeInSeconds", "301"),
                ("deactivationPolicy", """{"numberOfFailures":0}"""), ("deactivationPolicy", """{"daysInPast":366}"""), ("deactivationPolicy", "[1]"),
                ("deactivationPolicy", "{nope"), ("signatureEncoding", "base32"),
            })
            {
                (await Server.PostAsync(Settings, Token, (name, value))).AssertAdminError(400, name);
            }

            Assert.Equal(Expected, (await Server.GetAsync(Settings, Token)).GetRawText());
            (await Server.GetAsync(Settings, world.MemberToken)).AssertAdminError(403);
            (await Server.GetAsync(Settings, null)).AssertAdminError(499);
        }
        finally
        {
            await Server.PostAsync(
                Settings, Token, ("notificationAttempts", "3"), ("notificationTimeOutInSeconds", "10"), ("notificationElapsedTimeInSeconds", "5"),
                ("deactivationPolicy", """{"numberOfFailures":5,"daysInPast":5}"""), ("signatureEncoding", "base64"));
        }
    }

    [Fact]
    public async Task Online_settings_are_string_valued_with_their_own_ranges_and_persist()
    {
        var settings = Hooks.Root(Online, await world.ServiceAsync()) + "/webhookSettings";
        Assert.Equal(
            """[{"notificationAttempts":"1","notificationTimeOutInSeconds":"10","numberOfFailures":"5","signatureEncoding":"base64"}]""",
            (await Server.GetAsync(settings, Token)).GetRawText());
        try
        {
            const string Expected = """[{"notificationAttempts":"5","notificationTimeOutInSeconds":"3","numberOfFailures":"10","signatureEncoding":"base64"}]""";
            var updated = await Server.PostAsync(settings, Token, ("notificationAttempts", "5"), ("notificationTimeOutInSeconds", "3"), ("numberOfFailures", "10"));
            Assert.Equal(Expected, updated.GetRawText());
            Assert.Equal(Expected, (await Server.GetAsync(settings, Token)).GetRawText());
            await using (var session = await Server.Store.ReadAsync(CancellationToken.None))
            {
                var org = (await session.Orgs.GetDefaultAsync(CancellationToken.None))!.Id;
                var stored = await session.Webhooks.GetSettingsAsync(WebhookSettingsScopes.For(org, Online), CancellationToken.None);
                Assert.Equal((10, true, 3), (stored!.DeactivationFailures, stored.ConsecutiveFailures, stored.NotificationTimeOutInSeconds));
            }

            foreach (var (name, value) in new[] { ("notificationAttempts", "0"), ("notificationAttempts", "6"), ("notificationTimeOutInSeconds", "11"), ("numberOfFailures", "0"), ("numberOfFailures", "11"), ("signatureEncoding", "utf8") })
            {
                (await Server.PostAsync(settings, Token, (name, value))).AssertClassicError(400, name);
            }

            Assert.Equal(Expected, (await Server.GetAsync(settings, Token)).GetRawText());
            (await Server.GetAsync(settings, world.MemberToken)).AssertClassicError(403);
        }
        finally
        {
            await Server.PostAsync(settings, Token, ("notificationAttempts", "1"), ("notificationTimeOutInSeconds", "10"), ("numberOfFailures", "5"));
        }
    }

    [Fact]
    public async Task Deleting_the_service_item_deletes_its_webhooks_of_both_flavors()
    {
        var service = await world.ServiceAsync();
        var keep = await world.ServiceAsync();
        var enterprise = await world.CreateAsync(Enterprise, service, ("name", "gone"));
        var online = await world.CreateAsync(Online, service, ("name", "gone"));
        var kept = await world.CreateAsync(Enterprise, keep, ("name", "kept"));
        await world.RecordDeliveryAsync(enterprise, world.Now, 500, null);
        var item = (await Server.GetAsync($"/rest/services/{service}/FeatureServer", Token)).Str("serviceItemId");

        (await Server.PostAsync($"content/users/admin/items/{item}/delete", Token)).AssertSuccess();
        Assert.Null(await world.StoredAsync(enterprise));
        Assert.Null(await world.StoredAsync(online));
        Assert.NotNull(await world.StoredAsync(kept));
        Assert.DoesNotContain((await Server.GetAsync("/admin/services/webhooks", Token)).GetProperty("webhooks").EnumerateArray(), w => w.Str("serviceName") == service);
        (await Server.GetAsync(Hooks.Root(Enterprise, service), Token)).AssertAdminError(400, service);
    }

    [Fact]
    public async Task Admin_webhook_paths_answer_errors_in_the_Server_Admin_envelope_while_the_definition_routes_keep_the_classic_one()
    {
        var service = await world.ServiceAsync();
        (await Server.GetAsync(Hooks.Root(Enterprise, service) + "/create", Token)).AssertAdminError(405, "POST");
        (await Server.PostAsync(Hooks.Root(Enterprise, service) + "/create", null, ("name", "x"))).AssertAdminError(499);
        (await Server.PostAsync(Hooks.Root(Enterprise, service) + "/create", "not-a-token", ("name", "x"))).AssertAdminError(498);
        (await Server.GetAsync("/admin/services/webhooks", Token, ("num", "1000"))).AssertAdminError(400, "num");
        (await Server.PostAsync($"/admin/services/Hosted/{service}.FeatureServer/updateDefinition", Token, ("updateDefinition", "{bad"))).AssertError(400);
        (await Server.GetAsync(Hooks.Root(Online, service) + "/create", Token)).AssertClassicError(405);
    }
}

public sealed class SqliteServiceWebhookApiTests(SqliteServiceHookWorld world) : ServiceWebhookApiTests(world), IClassFixture<SqliteServiceHookWorld>;

public sealed class PostgresServiceWebhookApiTests(PostgresServiceHookWorld world) : ServiceWebhookApiTests(world), IClassFixture<PostgresServiceHookWorld>;
