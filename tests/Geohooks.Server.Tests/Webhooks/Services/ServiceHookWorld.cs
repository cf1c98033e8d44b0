using System.Text.Json;
using Geohooks.Core.Delivery;
using Geohooks.Core.Webhooks;
using Geohooks.Server.Tests.Features;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Geohooks.Server.Tests.Webhooks.Services;

/// <summary>
/// A server on a fake clock that may deliver to loopback and allows <see cref="MaxHooks"/> webhooks per service, an
/// administrator and a plain member, and the helpers the service-webhook tests share.
/// </summary>
public abstract class ServiceHookWorld : IAsyncLifetime
{
    public const int MaxHooks = 4;

    /// <summary>What a service needs to have webhooks: an edit capability and change tracking.</summary>
    public const string Hookable = FeatureKit.Editing + ",ChangeTracking";

    /// <summary>An address the egress policy allows (loopback is on the test allow-list) that nothing listens on.</summary>
    public const string Nowhere = "http://127.0.0.1:9/hook";

    private GeohooksServer? _server;

    public GeohooksServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string AdminToken { get; private set; } = "";

    public string MemberToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await StartAsync(Clock, ["--hook-allow", "127.0.0.1", "--max-service-webhooks", MaxHooks.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        AdminToken = await Server.AdminTokenAsync();
        MemberToken = await Server.CreateUserAsync(AdminToken, Unique.Name("member"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected abstract Task<GeohooksServer> StartAsync(FakeTimeProvider clock, string[] args);

    public long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A new service of the admin's with the Sites layer and Visits table; returns its name.</summary>
    public async Task<string> ServiceAsync(string capabilities = Hookable, string prefix = "Hooked")
    {
        var name = Unique.Name(prefix);
        await Server.CreateServiceWithAsync(AdminToken, FeatureKit.Admin, name, capabilities: capabilities);
        return name;
    }

    /// <summary>Creates a webhook and returns its id; the clock moves on 1 ms so creation order is list order.</summary>
    public async Task<string> CreateAsync(string kind, string service, params (string Name, string Value)[] parameters)
    {
        var answer = await Server.PostAsync(Hooks.Root(kind, service) + "/create", AdminToken, parameters.Any(p => p.Name == "hookUrl") ? parameters : [("hookUrl", Nowhere), .. parameters]);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        return Hooks.Id(kind, answer);
    }

    public async Task<Webhook?> StoredAsync(string id)
    {
        await using var session = await Server.Store.ReadAsync(CancellationToken.None);
        return await session.Webhooks.FindAsync(id, CancellationToken.None);
    }

    /// <summary>How many service webhooks of both flavors the organization has.</summary>
    public async Task<long> CountAsync()
    {
        await using var session = await Server.Store.ReadAsync(CancellationToken.None);
        var org = (await session.Orgs.GetDefaultAsync(CancellationToken.None))!.Id;
        var server = await session.Webhooks.ListAsync(org, WebhookKinds.Server, 1, 1, CancellationToken.None);
        var online = await session.Webhooks.ListAsync(org, WebhookKinds.Online, 1, 1, CancellationToken.None);
        return server.Total + online.Total;
    }

    public async Task UpdateStoredAsync(string id, Func<Webhook, Webhook> change)
    {
        await using var session = await Server.Store.WriteAsync(CancellationToken.None);
        var hook = await session.Webhooks.FindAsync(id, CancellationToken.None);
        await session.Webhooks.UpdateAsync(change(hook!), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Puts a finished delivery with one attempt in the log, as the engine would have recorded it: held under a lease,
    /// then completed through the store's fenced write. <paramref name="at"/> is when the attempt started and ended.
    /// </summary>
    public async Task RecordDeliveryAsync(string hookId, long at, int? status, string? error)
    {
        var messageId = Guid.NewGuid().ToString("N");
        await using var session = await Server.Store.WriteAsync(CancellationToken.None);
        await session.Deliveries.InsertAsync(
            [new Delivery
            {
                WebhookId = hookId, MessageId = messageId, EventType = "FeaturesCreated", Payload = "[]"u8.ToArray(), Status = DeliveryStatus.InFlight,
                NextAttemptAt = at + 86_400_000, Created = at, LeaseToken = "lease", LeaseExpiresAt = at + 86_400_000,
            }],
            CancellationToken.None);
        var log = await session.Deliveries.ListAsync(new DeliveryFilter(hookId), 1, 100, CancellationToken.None);
        var delivery = log.Results.Single(d => d.MessageId == messageId);
        var succeeded = status is >= 200 and < 300;
        var attempt = new DeliveryAttempt
        {
            DeliveryId = delivery.Id, WebhookId = hookId, Number = 1, StartedAt = at, DurationMs = 3, RequestHeaders = "{}",
            ResponseStatus = status, ResponseBody = status is null ? null : "", Error = error, Succeeded = succeeded,
        };
        var outcome = new AttemptOutcome(succeeded ? DeliveryStatus.Succeeded : DeliveryStatus.Failed, null, at);
        Assert.True(await session.Deliveries.CompleteAttemptAsync(delivery.Id, "lease", attempt, outcome, CancellationToken.None));
        await session.CommitAsync(CancellationToken.None);
    }
}

public sealed class SqliteServiceHookWorld : ServiceHookWorld
{
    protected override Task<GeohooksServer> StartAsync(FakeTimeProvider clock, string[] args) => GeohooksServer.StartSqliteAsync(clock, args);
}

public sealed class PostgresServiceHookWorld : ServiceHookWorld
{
    protected override Task<GeohooksServer> StartAsync(FakeTimeProvider clock, string[] args) => GeohooksServer.StartPostgresAsync(clock, args);
}

/// <summary>Paths and answer checks of the two flavors.</summary>
public static class Hooks
{
    public const string Diagnostics = "Tools/Diagnostics.GPServer";

    /// <summary>A hosted feature service's webhooks by name, or a GP service's by <c>[folder/]name.GPServer</c>.</summary>
    public static string Root(string kind, string service) =>
        service.EndsWith(".GPServer", StringComparison.Ordinal) ? $"/admin/services/{service}/webhooks"
        : kind == WebhookKinds.Online ? $"/rest/admin/services/{service}/FeatureServer/WebHooks"
        : $"/admin/services/Hosted/{service}.FeatureServer/webhooks";

    /// <summary>The id of a created webhook (<c>id</c> in Enterprise, <c>globalId</c> in Online): a lower-case UUID with hyphens.</summary>
    public static string Id(string kind, JsonElement created)
    {
        var name = kind == WebhookKinds.Online ? "globalId" : "id";
        Assert.True(created.ValueKind == JsonValueKind.Object && created.TryGetProperty(name, out _), created.ToString());
        var text = created.Str(name);
        Assert.True(Guid.TryParseExact(text, "D", out _) && text.All(c => !char.IsUpper(c)), text);
        return text;
    }

    /// <summary>The Server Administrator error envelope, with a message containing <paramref name="fragment"/>.</summary>
    public static void AssertAdminError(this JsonElement answer, int code, string? fragment = null)
    {
        Assert.True(answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("status", out var status) && status.GetString() == "error", answer.ToString());
        Assert.Equal(["status", "messages", "code"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, answer.GetProperty("code").GetInt32());
        Assert.NotEmpty(answer.Strings("messages"));
        if (fragment is not null)
        {
            Assert.Contains(answer.Strings("messages"), m => m.Contains(fragment, StringComparison.Ordinal));
        }
    }

    /// <summary>The classic envelope, with a message or detail containing <paramref name="fragment"/>.</summary>
    public static void AssertClassicError(this JsonElement answer, int code, string? fragment = null)
    {
        answer.AssertError(code);
        if (fragment is not null)
        {
            var error = answer.GetProperty("error");
            Assert.Contains(error.Strings("details").Append(error.Str("message")), m => m.Contains(fragment, StringComparison.Ordinal));
        }
    }

    public static void AssertHookError(this JsonElement answer, string kind, int code, string? fragment = null)
    {
        if (kind == WebhookKinds.Online)
        {
            answer.AssertClassicError(code, fragment);
        }
        else
        {
            answer.AssertAdminError(code, fragment);
        }
    }

    public static void AssertDone(this JsonElement answer, string kind)
    {
        Assert.Equal("success", answer.Str("status"));
        Assert.Equal(kind == WebhookKinds.Online ? 2 : 1, answer.EnumerateObject().Count());
        if (kind == WebhookKinds.Online)
        {
            Assert.True(answer.GetProperty("success").GetBoolean());
        }
    }
}
