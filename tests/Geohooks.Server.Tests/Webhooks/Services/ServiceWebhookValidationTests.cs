using System.Text.Json;
using Geohooks.Core.Webhooks;
using Geohooks.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Geohooks.Server.Tests.Webhooks.Services;

/// <summary>
/// Bad create and edit requests of both flavors: each gets a clear error in its flavor's envelope, and nothing is
/// stored or changed.
/// </summary>
public abstract class ServiceWebhookValidationTests(ServiceWebhookValidationTests.World world, ITestOutputHelper output)
{
    private const string S = WebhookKinds.Server;
    private const string O = WebhookKinds.Online;

    /// <summary>
    /// One bad request. <c>Service</c> is one of the world's services (Hooked, NoTracking, WithSync, NoEditing, Full), a
    /// GP service (<c>folder/name.GPServer</c>) or an unknown name; <c>Operation</c> is <c>create</c>, <c>edit</c> (of the service's webhook named "Taken") or
    /// <c>edit:unknown</c>; <c>Parameters</c> is <c>name=value|...</c>.
    /// </summary>
    public sealed record Row(string Description, string Kind, string Service, string Operation, string Token, string Parameters, int Code, string Fragment);

    private const string Url = "hookUrl=" + ServiceHookWorld.Nowhere;

    public static readonly IReadOnlyList<Row> Table =
    [
        new("missing name", S, "Hooked", "create", "admin", Url, 400, "'name' must be specified"),
        new("missing name", O, "Hooked", "create", "admin", Url, 400, "'name' must be specified"),
        new("blank name", O, "Hooked", "create", "admin", "name=   |" + Url, 400, "'name'"),
        new("missing hookUrl", S, "Hooked", "create", "admin", "name=n", 400, "'hookUrl' must be specified"),
        new("missing hookUrl", O, "Hooked", "create", "admin", "name=n", 400, "'hookUrl' must be specified"),
        new("duplicate name", S, "Hooked", "create", "admin", "name=Taken|" + Url, 400, "already exists"),
        new("duplicate name, other case", O, "Hooked", "create", "admin", "name=TAKEN|" + Url, 400, "already exists"),
        new("rename onto a taken name", S, "Hooked", "edit", "admin", "name=taken too", 400, "already exists"),
        new("unknown change type", S, "Hooked", "create", "admin", "name=n|changeTypes=FeaturesMoved|" + Url, 400, "'FeaturesMoved' is not a change type"),
        new("unknown change type in a JSON array", O, "Hooked", "create", "admin", "name=n|changeTypes=[\"FeaturesCreated\",\"Nope\"]|" + Url, 400, "'Nope'"),
        new("empty change type array", S, "Hooked", "create", "admin", "name=n|changeTypes=[]|" + Url, 400, "at least one"),
        new("change types not a list", O, "Hooked", "edit", "admin", "changeTypes=[{]", 400, "'changeTypes'"),
        new("content type", S, "Hooked", "create", "admin", "name=n|contentType=text/plain|" + Url, 400, "'contentType'"),
        new("payload format", O, "Hooked", "create", "admin", "name=n|payloadFormat=xml|" + Url, 400, "'payloadFormat'"),
        new("payload format on edit", S, "Hooked", "edit", "admin", "payloadFormat=geojson", 400, "'payloadFormat'"),
        new("schedule below the minimum", S, "Hooked", "create", "admin", "name=n|scheduleInfo={\"recurrenceInfo\":{\"interval\":5,\"frequency\":\"second\"}}|" + Url, 400, "at least 20 seconds"),
        new("schedule not JSON", O, "Hooked", "create", "admin", "name=n|scheduleInfo={every minute}|" + Url, 400, "'scheduleInfo'"),
        new("schedule frequency", O, "Hooked", "edit", "admin", "scheduleInfo={\"recurrenceInfo\":{\"interval\":1,\"frequency\":\"fortnight\"}}", 400, "frequency"),
        new("filter where on an unknown field", S, "Hooked", "create", "admin", "name=n|filter={\"where\":\"nosuchfield = 1\"}|" + Url, 400, "'filter'"),
        new("filter on an unknown layer", O, "Hooked", "create", "admin", "name=n|filter={\"layers\":[9]}|" + Url, 400, "layer 9 does not exist"),
        new("filter not an object", S, "Hooked", "edit", "admin", "filter=[1]", 400, "'filter'"),
        new("active not a boolean", O, "Hooked", "create", "admin", "name=n|active=maybe|" + Url, 400, "'active'"),
        new("fullPayload not a boolean", S, "Hooked", "create", "admin", "name=n|fullPayload=perhaps|" + Url, 400, "'fullPayload'"),
        new("control characters in the key", O, "Hooked", "create", "admin", "name=n|signatureKey=a\nb|" + Url, 400, "'signatureKey'"),
        new("hook URL not http", S, "Hooked", "create", "admin", "name=n|hookUrl=ftp://example.org/x", 400, "'hookUrl'"),
        new("hook URL relative", O, "Hooked", "edit", "admin", "hookUrl=/hook", 400, "'hookUrl'"),
        new("hook URL at cloud metadata", S, "Hooked", "create", "admin", "name=n|hookUrl=http://169.254.169.254/latest/meta-data/", 400, "link-local"),
        new("hook URL on a private network", O, "Hooked", "create", "admin", "name=n|hookUrl=http://10.1.2.3/hook", 400, "'hookUrl'"),
        new("hook URL edited to a private network", S, "Hooked", "edit", "admin", "hookUrl=http://192.168.1.1/hook", 400, "'hookUrl'"),
        new("service without ChangeTracking", S, "NoTracking", "create", "admin", "name=n|" + Url, 400, "ChangeTracking is not enabled"),
        new("service without ChangeTracking", O, "NoTracking", "create", "admin", "name=n|" + Url, 400, "ChangeTracking is not enabled"),
        new("service with Sync", O, "WithSync", "create", "admin", "name=n|" + Url, 400, "Sync is enabled"),
        new("service with Sync", S, "WithSync", "create", "admin", "name=n|" + Url, 400, "Sync is enabled"),
        new("service without Editing", S, "NoEditing", "create", "admin", "name=n|" + Url, 400, "Editing"),
        new("over the maximum", S, "Full", "create", "admin", "name=n|" + Url, 400, $"at most {ServiceHookWorld.MaxHooks}"),
        new("over the maximum, counting both flavors", O, "Full", "create", "admin", "name=n|" + Url, 400, $"at most {ServiceHookWorld.MaxHooks}"),
        new("unknown service", S, "NoSuchService", "create", "admin", "name=n|" + Url, 400, "NoSuchService"),
        new("unknown service", O, "NoSuchService", "create", "admin", "name=n|" + Url, 400, "NoSuchService"),
        new("not the owner", S, "Hooked", "create", "member", "name=n|" + Url, 403, "owner"),
        new("not the owner", O, "Hooked", "create", "member", "name=n|" + Url, 403, "owner"),
        new("not the owner, edit", O, "Hooked", "edit", "member", "name=mine", 403, "owner"),
        new("anonymous", S, "Hooked", "create", "none", "name=n|" + Url, 499, "Token Required"),
        new("anonymous", O, "Hooked", "create", "none", "name=n|" + Url, 499, "Token Required"),
        new("unknown webhook id", S, "Hooked", "edit:unknown", "admin", "name=n", 404, "does not exist"),
        new("unknown webhook id", O, "Hooked", "edit:unknown", "admin", "name=n", 404, "does not exist"),
        new("webhook id that is no UUID", S, "Hooked", "edit:../x", "admin", "name=n", 404, "does not exist"),
        new("synchronous GP service", S, "Tools/DiagnosticsSync.GPServer", "create", "admin", "name=n|" + Url, 400, "synchronous"),
        new("change types for a GP service", S, Hooks.Diagnostics, "create", "admin", "name=n|changeTypes=FeaturesCreated|" + Url, 400, "'changeTypes'"),
        new("schedule for a GP service", S, Hooks.Diagnostics, "create", "admin", "name=n|scheduleInfo={}|" + Url, 400, "feature services only"),
        new("filter for a GP service", S, Hooks.Diagnostics, "create", "admin", "name=n|filter={\"where\":\"1=1\"}|" + Url, 400, "feature services only"),
        new("GP webhooks by a non-administrator", S, Hooks.Diagnostics, "create", "member", "name=n|" + Url, 403, "administrators"),
        new("unknown GP service", S, "Tools/Nothing.GPServer", "create", "admin", "name=n|" + Url, 404, "not a geoprocessing service"),
    ];

    [Fact]
    public async Task Every_bad_request_gets_a_clear_error_and_changes_nothing()
    {
        var before = await world.Base.CountAsync();
        var taken = await world.TakenAsync();
        foreach (var row in Table)
        {
            output.WriteLine($"{row.Kind} {row.Operation} {row.Description}");
            var answer = await SendAsync(row);
            try
            {
                answer.AssertHookError(row.Kind, row.Code, row.Fragment);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{row.Kind} {row.Operation} '{row.Description}': {answer} ({e.Message})");
            }
        }

        Assert.True(Table.Count >= 25);
        Assert.Equal(before, await world.Base.CountAsync());
        Assert.Equal(taken, await world.TakenAsync());
    }

    private Task<JsonElement> SendAsync(Row row)
    {
        var root = Hooks.Root(row.Kind, world.Services.GetValueOrDefault(row.Service, row.Service));
        var path = row.Operation switch
        {
            "create" => root + "/create",
            "edit" => $"{root}/{world.TakenIds[(row.Kind, row.Service)]}/edit",
            "edit:unknown" => $"{root}/{Guid.NewGuid()}/edit",
            _ => $"{root}/{Uri.EscapeDataString(row.Operation["edit:".Length..])}/edit",
        };
        var token = row.Token switch { "admin" => world.Base.AdminToken, "member" => world.Base.MemberToken, _ => null };
        var parameters = row.Parameters.Split('|').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();
        return world.Base.Server.PostAsync(path, token, parameters);
    }

    /// <summary>
    /// The services the table aims at: Hooked has a webhook named Taken in each flavor (and one named "taken too" in
    /// the Enterprise flavor); Full has the maximum, of both flavors.
    /// </summary>
    public abstract class World : IAsyncLifetime
    {
        public ServiceHookWorld Base { get; }

        public Dictionary<string, string> Services { get; } = [];

        public Dictionary<(string, string), string> TakenIds { get; } = [];

        protected World(ServiceHookWorld hooks) => Base = hooks;

        public async Task InitializeAsync()
        {
            await Base.InitializeAsync();
            Services["Hooked"] = await Base.ServiceAsync();
            Services["NoTracking"] = await Base.ServiceAsync(Features.FeatureKit.Editing);
            Services["WithSync"] = await Base.ServiceAsync(Features.FeatureKit.Editing + ",Sync");
            Services["NoEditing"] = await Base.ServiceAsync("Query,ChangeTracking");
            Services["Full"] = await Base.ServiceAsync();
            foreach (var kind in (string[])[S, O])
            {
                TakenIds[(kind, "Hooked")] = await Base.CreateAsync(kind, Services["Hooked"], ("name", "Taken"), ("filter", """{"where":"status = 0","layers":[0]}"""));
            }

            await Base.CreateAsync(S, Services["Hooked"], ("name", "taken too"));
            for (var i = 0; i < ServiceHookWorld.MaxHooks; i++)
            {
                await Base.CreateAsync(i % 2 == 0 ? S : O, Services["Full"], ("name", $"hook {i}"));
            }
        }

        public Task DisposeAsync() => Base.DisposeAsync();

        /// <summary>The Taken webhooks as stored, to prove failed edits changed nothing.</summary>
        public async Task<string> TakenAsync()
        {
            var stored = new List<Webhook?>();
            foreach (var id in TakenIds.Values)
            {
                stored.Add(await Base.StoredAsync(id));
            }

            return JsonSerializer.Serialize(stored);
        }
    }

    public sealed class SqliteWorld() : World(new SqliteServiceHookWorld());

    public sealed class PostgresWorld() : World(new PostgresServiceHookWorld());
}

public sealed class SqliteServiceWebhookValidationTests(ServiceWebhookValidationTests.SqliteWorld world, ITestOutputHelper output)
    : ServiceWebhookValidationTests(world, output), IClassFixture<ServiceWebhookValidationTests.SqliteWorld>;

public sealed class PostgresServiceWebhookValidationTests(ServiceWebhookValidationTests.PostgresWorld world, ITestOutputHelper output)
    : ServiceWebhookValidationTests(world, output), IClassFixture<ServiceWebhookValidationTests.PostgresWorld>;
