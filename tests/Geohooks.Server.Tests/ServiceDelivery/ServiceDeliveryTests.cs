using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Geoprocessing;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.ServiceDelivery.ServiceHookKit;

namespace Geohooks.Server.Tests.ServiceDelivery;

/// <summary>
/// Edits through the REST API reach service webhooks of both flavors (spec webhooks §3.8, §4.5) in both content
/// types, for every change type, and the changesUrl each delivery carries returns exactly the changes it announced.
/// </summary>
public abstract partial class ServiceDeliveryTests(ServiceHookServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Enterprise_payloads_announce_each_edit_and_their_changesUrl_returns_exactly_it()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        var hookId = await Server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, secret: "MYSECRETKEY");

        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":2},"attributes":{"name":"a"}},{"geometry":{"x":3,"y":4},"attributes":{"name":"b"}}]""");
        var created = (await receiver.WaitForAsync(1))[0];
        AssertSigned(created, "MYSECRETKEY");
        var payload = Json(created);
        Assert.Equal(("FeatureServer", hookId, "", name), (payload.Str("serviceType"), payload.Str("id"), payload.Str("folderName"), payload.Str("serviceName")));
        Assert.StartsWith("svchook", payload.Str("name"), StringComparison.Ordinal);
        Assert.Equal(["FeaturesCreated", "FeaturesEdited"], payload.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        Assert.All(payload.GetProperty("events").EnumerateArray(), e => Assert.True(e.GetProperty("when").GetInt64() > 1_600_000_000_000));
        Assert.Contains("/extractChanges?serverGens=%5B", payload.Str("changesUrl"), StringComparison.Ordinal);
        var changes = await Server.FollowAsync(payload.Str("changesUrl"), token);
        Assert.Equal(ids.Order(), Changed(changes, 0, "adds"));
        Assert.Empty(Changed(changes, 0, "updates"));

        await Server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{ids[0]}}},"name":"a2"}}]"""));
        var updated = Json((await receiver.WaitForAsync(2))[1]);
        Assert.Equal(["FeaturesUpdated", "FeaturesEdited"], updated.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        var updates = await Server.FollowAsync(updated.Str("changesUrl"), token);
        Assert.Equal([ids[0]], Changed(updates, 0, "updates"));
        Assert.Empty(Changed(updates, 0, "adds"));

        await Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(ids[1])));
        var deleted = Json((await receiver.WaitForAsync(3))[2]);
        Assert.Equal(["FeaturesDeleted", "FeaturesEdited"], deleted.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        Assert.Equal([ids[1]], Changed(await Server.FollowAsync(deleted.Str("changesUrl"), token), 0, "deleteIds"));

        var attached = await Server.PostFileAsync($"{Svc(name)}/0/{ids[0]}/addAttachment", token, "attachment", "a.txt", "text/plain", [1, 2, 3]);
        var attachmentId = attached.GetProperty("addAttachmentResult").GetProperty("objectId").GetInt64();
        var attachment = Json((await receiver.WaitForAsync(4))[3]);
        Assert.Equal(["AttachmentsCreated"], attachment.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        var attachmentChanges = await Server.FollowAsync(attachment.Str("changesUrl"), token);
        var adds = attachmentChanges.GetProperty("edits")[0].GetProperty("attachments").GetProperty("adds");
        Assert.Equal([attachmentId], adds.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));

        (await Server.PostAsync(AdminSvc(name) + "/0/addToDefinition", token, ("addToDefinition", """{"fields":[{"name":"extra","type":"esriFieldTypeInteger"}]}"""))).AssertSuccess();
        var schema = Json((await receiver.WaitForAsync(5))[4]);
        Assert.Contains("LayerSchemaChanged", schema.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        Assert.EndsWith($"/rest/services/{name}/FeatureServer/0", schema.Str("changesUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_payloads_are_arrays_with_one_entry_per_layer_and_the_documented_changesUrl()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        await Server.HookAsync(WebhookKinds.Online, name, item, receiver.Url);

        // One service-level applyEdits touching the layer and the table: one delivery, one entry per layer.
        var edits = """[{"id":0,"adds":[{"geometry":{"x":1,"y":1},"attributes":{"name":"s"}}]},{"id":1,"adds":[{"attributes":{"note":"n"}}]}]""";
        (await Server.PostAsync($"{Svc(name)}/applyEdits", token, ("edits", edits)))[0].GetProperty("addResults")[0].GetProperty("success").GetBoolean();
        var payload = Json((await receiver.WaitForAsync(1))[0]);
        Assert.Equal(JsonValueKind.Array, payload.ValueKind);
        Assert.Equal([0, 1], payload.EnumerateArray().Select(e => e.GetProperty("layerId").GetInt32()));
        foreach (var entry in payload.EnumerateArray())
        {
            Assert.Equal(name, entry.Str("serviceName"));
            Assert.Equal(["FeaturesCreated", "FeaturesEdited"], entry.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
            Assert.True(entry.GetProperty("lastUpdatedTime").GetInt64() > 1_600_000_000_000);
            Assert.Equal(32 - 16, entry.Str("orgId").Length);
            var url = entry.Str("changesUrl");
            Assert.Matches(@"/extractChanges\?serverGens=\[\d+,\d+\]&async=true&returnUpdates=false&returnDeletes=false&returnAttachments=false&layers=\[\d\]$", url);
            var changes = await Server.FollowAsync(url, token);
            var layerId = entry.GetProperty("layerId").GetInt32();
            Assert.Single(Changed(changes, layerId, "adds"));
        }

        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":5,"y":5},"attributes":{"name":"d"}}]""");
        await Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(ids[0])));
        // Deliveries of one webhook may overlap (up to its maxConcurrency), so the delete is found by its events.
        var deleted = (await receiver.WaitForAsync(3)).Select(p => Json(p)[0])
            .Single(e => e.GetProperty("events").EnumerateArray().Any(t => t.GetString() == "FeaturesDeleted"));
        Assert.EndsWith("&async=true&returnInserts=false&returnUpdates=false&returnAttachments=false&layers=[0]", deleted.Str("changesUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_encoded_deliveries_carry_the_payload_field_and_its_signature_in_both_flavors()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        await Server.HookAsync(WebhookKinds.Online, name, item, receiver.Url, secret: "form-key", contentType: ServiceHookSpec.Form);
        await Server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, secret: "form-key", contentType: ServiceHookSpec.Form);

        await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"100% & more+"}}]""");
        var posts = await receiver.WaitForAsync(2);
        foreach (var post in posts)
        {
            Assert.Equal("application/x-www-form-urlencoded", post.Header("Content-Type"));
            AssertSigned(post, "form-key");
            var json = Json(post);
            var entry = json.ValueKind == JsonValueKind.Array ? json[0] : json;
            // The changesUrl is percent-encoded inside the raw body (as ArcGIS Online sends it) and plain once decoded.
            Assert.Contains("changesUrl\":\"http%3a%2f%2f", post.Text, StringComparison.Ordinal);
            Assert.StartsWith("http://", entry.Str("changesUrl"), StringComparison.Ordinal);
            Assert.Single(Changed(await Server.FollowAsync(entry.Str("changesUrl"), token), 0, "adds"));
        }
    }

    [Fact]
    public async Task A_webhook_hears_only_the_change_types_it_subscribed_to_and_pjson_is_indented()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        await Server.HookAsync(WebhookKinds.Server, name, item, receiver.Url, changeTypes: ["FeaturesDeleted"], payloadFormat: ServiceHookSpec.PrettyFormat);

        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a"}},{"geometry":{"x":2,"y":2},"attributes":{"name":"b"}}]""");
        await Server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{ids[0]}}},"name":"a2"}}]"""));
        await Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(ids[1])));
        var post = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Contains("\n  \"", post.Text, StringComparison.Ordinal);
        var payload = Json(post);
        Assert.Equal(["FeaturesDeleted"], payload.GetProperty("events").EnumerateArray().Select(e => e.Str("eventType")));
        var changes = await Server.FollowAsync(payload.Str("changesUrl"), token);
        Assert.Equal([ids[1]], Changed(changes, 0, "deleteIds"));
        Assert.Empty(Changed(changes, 0, "adds"));
        Assert.Empty(Changed(changes, 0, "updates"));
        await Task.Delay(300);
        Assert.Single(receiver.Posts);
    }
}

/// <summary>A server that may deliver to loopback receivers and allows immediate delivery (no minimum interval).</summary>
public abstract partial class ServiceDeliveryTests
{
    [Fact]
    public async Task Geoprocessing_webhooks_hear_finished_jobs_with_a_statusURL_to_the_job()
    {
        await using var receiver = await Receiver.StartAsync();
        var token = await Server.AdminTokenAsync();
        await Server.HookAsync(WebhookKinds.Server, "Diagnostics", "", receiver.Url, secret: "gp-key", folder: "Tools");

        var succeeded = await Server.RunAsync(token, GpKit.Diagnostics, "Wait", ("Seconds", "0"));
        var failed = await Server.RunAsync(token, GpKit.Diagnostics, "Wait", ("Seconds", "0"), ("Fail_With", "No."));
        var posts = await receiver.WaitForAsync(2);
        foreach (var post in posts)
        {
            AssertSigned(post, "gp-key");
        }

        var payloads = posts.Select(Json).ToDictionary(p => p.Str("jobId"));
        foreach (var (job, status) in new[] { (succeeded, "esriJobSucceeded"), (failed, "esriJobFailed") })
        {
            var payload = payloads[job.Str("jobId")];
            Assert.Equal(
                ["serviceType", "jobId", "statusURL", "name", "taskName", "folderName", "serviceName", "events"],
                payload.EnumerateObject().Select(p => p.Name));
            Assert.Equal(("GPServer", "Wait", "Tools", "Diagnostics"), (payload.Str("serviceType"), payload.Str("taskName"), payload.Str("folderName"), payload.Str("serviceName")));
            Assert.Equal(status, Assert.Single(payload.GetProperty("events").EnumerateArray()).Str("eventType"));
            var statusUrl = payload.Str("statusURL");
            Assert.EndsWith($"/rest/services/Tools/Diagnostics/GPServer/Wait/jobs/{job.Str("jobId")}", statusUrl, StringComparison.Ordinal);
            var followed = await Server.GetAsync(statusUrl[Server.BaseUrl.Length..], token);
            Assert.Equal(status, followed.Str("jobStatus"));
        }
    }
}

public abstract partial class ServiceDeliveryTests
{
    /// <summary>
    /// One webhook per change type, each subscribed to that type only (Online flavor, so each changesUrl is the async
    /// job form with its layer): every edit reaches exactly its subscribers, and every changesUrl, followed as soon as
    /// it arrives, returns exactly the announced rows.
    /// </summary>
    [Fact]
    public async Task Every_change_type_reaches_exactly_its_subscribers_and_its_changesUrl_returns_what_was_announced()
    {
        string[] types =
        [
            "FeaturesCreated", "FeaturesUpdated", "FeaturesDeleted", "FeaturesEdited", "AttachmentsCreated", "AttachmentsUpdated",
            "AttachmentsDeleted", "LayerSchemaChanged", "LayerDefinitionChanged", "FeatureServiceDefinitionChanged",
        ];
        var token = await Server.AdminTokenAsync();
        var (name, item) = await Server.TrackedServiceAsync(token);
        var receivers = new Dictionary<string, Receiver>();
        try
        {
            foreach (var type in types)
            {
                receivers[type] = await Receiver.StartAsync();
                await Server.HookAsync(WebhookKinds.Online, name, item, receivers[type].Url, changeTypes: [type]);
            }

            var counts = types.ToDictionary(t => t, _ => 0);

            // Runs one edit, waits for the deliveries it must cause, checks nobody else heard of it, returns the entries.
            async Task<Dictionary<string, JsonElement>> StepAsync(Func<Task> edit, params string[] expected)
            {
                await edit();
                var entries = new Dictionary<string, JsonElement>();
                foreach (var type in expected)
                {
                    counts[type]++;
                    var post = (await receivers[type].WaitForAsync(counts[type]))[counts[type] - 1];
                    var entry = Assert.Single(Json(post).EnumerateArray());
                    Assert.Equal([type], entry.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
                    entries[type] = entry;
                }

                await Task.Delay(150);
                Assert.All(types, t => Assert.Equal(counts[t], receivers[t].Posts.Count));
                return entries;
            }

            long[] ids = [];
            var created = await StepAsync(async () => ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a"}},{"geometry":{"x":2,"y":2},"attributes":{"name":"b"}}]"""), "FeaturesCreated", "FeaturesEdited");
            foreach (var entry in created.Values)
            {
                Assert.Equal(ids.Order(), Changed(await Server.FollowAsync(entry.Str("changesUrl"), token), 0, "adds"));
            }

            var updated = await StepAsync(() => Server.ApplyEditsAsync(token, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{ids[0]}}},"name":"a2"}}]""")), "FeaturesUpdated", "FeaturesEdited");
            var updates = await Server.FollowAsync(updated["FeaturesUpdated"].Str("changesUrl"), token);
            Assert.Equal([ids[0]], Changed(updates, 0, "updates"));
            Assert.Equal((0, 0), (Changed(updates, 0, "adds").Length, Changed(updates, 0, "deleteIds").Length));

            var deleted = await StepAsync(() => Server.ApplyEditsAsync(token, name, 0, ("deletes", Id(ids[1]))), "FeaturesDeleted", "FeaturesEdited");
            var deletes = await Server.FollowAsync(deleted["FeaturesDeleted"].Str("changesUrl"), token);
            Assert.Equal([ids[1]], Changed(deletes, 0, "deleteIds"));
            Assert.Equal((0, 0), (Changed(deletes, 0, "adds").Length, Changed(deletes, 0, "updates").Length));

            long attachment = 0;
            var attachmentAdded = await StepAsync(
                async () => attachment = (await Server.PostFileAsync($"{Svc(name)}/0/{ids[0]}/addAttachment", token, "attachment", "a.txt", "text/plain", [1]))
                    .GetProperty("addAttachmentResult").GetProperty("objectId").GetInt64(),
                "AttachmentsCreated");
            Assert.Equal([attachment], Attachments(await Server.FollowAsync(attachmentAdded["AttachmentsCreated"].Str("changesUrl"), token), "adds"));
            var attachmentUpdated = await StepAsync(
                () => Server.PostFileAsync($"{Svc(name)}/0/{ids[0]}/updateAttachment", token, "attachment", "b.txt", "text/plain", [2], ("attachmentId", Id(attachment))),
                "AttachmentsUpdated");
            Assert.Equal([attachment], Attachments(await Server.FollowAsync(attachmentUpdated["AttachmentsUpdated"].Str("changesUrl"), token), "updates"));
            var attachmentDeleted = await StepAsync(
                () => Server.PostAsync($"{Svc(name)}/0/{ids[0]}/deleteAttachments", token, ("attachmentIds", Id(attachment))),
                "AttachmentsDeleted");
            Assert.Equal([attachment], Attachments(await Server.FollowAsync(attachmentDeleted["AttachmentsDeleted"].Str("changesUrl"), token), "deleteIds"));

            var schema = await StepAsync(
                () => Server.PostAsync(AdminSvc(name) + "/0/addToDefinition", token, ("addToDefinition", """{"fields":[{"name":"extra","type":"esriFieldTypeInteger"}]}""")),
                "LayerSchemaChanged");
            var layer = await Server.FollowAsync(schema["LayerSchemaChanged"].Str("changesUrl"), token);
            Assert.Contains("extra", layer.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
            var definition = await StepAsync(
                () => Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", token, ("updateDefinition", """{"description":"watched"}""")),
                "LayerDefinitionChanged");
            Assert.Equal("watched", (await Server.FollowAsync(definition["LayerDefinitionChanged"].Str("changesUrl"), token)).Str("description"));
            var service = await StepAsync(
                () => Server.PostAsync(AdminSvc(name) + "/updateDefinition", token, ("updateDefinition", """{"description":"whole"}""")),
                "FeatureServiceDefinitionChanged");
            Assert.Equal(-1, service["FeatureServiceDefinitionChanged"].GetProperty("layerId").GetInt32());
            Assert.Equal("whole", (await Server.FollowAsync(service["FeatureServiceDefinitionChanged"].Str("changesUrl"), token)).Str("description"));
        }
        finally
        {
            foreach (var receiver in receivers.Values)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    private static long[] Attachments(JsonElement changes, string kind)
    {
        var attachments = changes.GetProperty("edits").EnumerateArray().Single(e => e.GetProperty("id").GetInt32() == 0).GetProperty("attachments").GetProperty(kind);
        return [.. attachments.EnumerateArray().Select(a => kind == "deleteIds" ? a.GetInt64() : a.GetProperty("id").GetInt64())];
    }
}

public abstract class ServiceHookServerFixture : ServerFixture
{
    public static readonly string[] Args = ["--hook-allow", "127.0.0.1", "--min-schedule-interval", "0"];
}

public sealed class SqliteServiceHookServerFixture : ServiceHookServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync(null, Args);
}

public sealed class PostgresServiceHookServerFixture : ServiceHookServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync(null, Args);
}

public sealed class SqliteServiceDeliveryTests(SqliteServiceHookServerFixture f) : ServiceDeliveryTests(f), IClassFixture<SqliteServiceHookServerFixture>;

public sealed class PostgresServiceDeliveryTests(PostgresServiceHookServerFixture f) : ServiceDeliveryTests(f), IClassFixture<PostgresServiceHookServerFixture>;
