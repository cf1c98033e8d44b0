using Geohooks.Bench.Probes;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Server.Hosting;

namespace Geohooks.Bench;

/// <summary>
/// The engine under test: the real server, built by <see cref="GeohooksHost"/> with the production wiring, started in
/// this process on 127.0.0.1:0. Its log is cut to warnings so console output does not cost engine time.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private const string Admin = "benchadmin";
    private const string Password = "Bench-Load-Driver-2025!";

    private readonly WebApplication _app;

    private EngineHost(WebApplication app, IStore store, string orgId, string userId)
    {
        _app = app;
        Store = store;
        OrgId = orgId;
        UserId = userId;
    }

    public IStore Store { get; }

    public string OrgId { get; }

    public string UserId { get; }

    public static string Username => Admin;

    public static string AdminPassword => Password;

    /// <summary>The server's public root, e.g. http://127.0.0.1:41234/arcgis.</summary>
    public string BaseUrl => _app.Urls.First().TrimEnd('/') + "/arcgis";

    /// <param name="probe">When given, the host's store is wrapped to count sessions and claims (diagnostics only).</param>
    public static async Task<EngineHost> StartAsync(IReadOnlyList<string> storeArgs, int concurrency, CancellationToken ct, StoreProbe? probe = null)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--hook-allow", "127.0.0.1", "--delivery-concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--admin-user", Admin, "--admin-password", Password, .. storeArgs,
        ];
        using var errors = new StringWriter();
        var app = GeohooksHost.Create(args, errors, services => Override(services, probe))
            ?? throw new InvalidOperationException(errors.ToString());
        if (!await GeohooksHost.InitializeAsync(app, TextWriter.Null, ct))
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("The store could not be opened.");
        }

        await app.StartAsync(ct);
        var store = app.Services.GetRequiredService<IStore>();
        await using var read = await store.ReadAsync(ct);
        var org = await read.Orgs.GetDefaultAsync(ct) ?? throw new InvalidOperationException("No organization.");
        var user = await read.Users.FindByUsernameAsync(Admin, ct) ?? throw new InvalidOperationException("No administrator.");
        return new EngineHost(app, store, org.Id, user.Id);
    }

    /// <summary>
    /// An organization webhook on every event (<c>/</c>), signed, written straight to the store as the API would.
    /// <paramref name="maxConcurrency"/> lifts the per-webhook lane (default 4) so one webhook can use the engine's
    /// whole concurrency.
    /// </summary>
    public async Task<Webhook> AddWebhookAsync(Uri receiver, WebhookSettings settings, int maxConcurrency, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var config = WebhookConfig.Parse(
            $$$"""{"maxConcurrency":{{{maxConcurrency}}},"deactivationPolicy":{"numberOfFailures":1000,"daysInPast":1}}""");
        var hook = new Webhook
        {
            Id = Ids.NewId(),
            OrgId = OrgId,
            Kind = WebhookKinds.Organization,
            Name = "bench",
            PayloadUrl = receiver.ToString(),
            Secret = RawLoop.Secret,
            Events = ["/"],
            Config = config.Json,
            OwnerId = UserId,
            Created = now,
            Modified = now,
        };
        await using var session = await Store.WriteAsync(ct);
        await session.Webhooks.InsertAsync(hook, ct);
        await session.Webhooks.SetSettingsAsync(OrgId, settings, ct);
        await session.CommitAsync(ct);
        return hook;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Override(IServiceCollection services, StoreProbe? probe)
    {
        services.PostConfigure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Warning;
        });
        if (probe is not null && services.Last(d => d.ServiceType == typeof(IStore)).ImplementationFactory is { } real)
        {
            services.AddSingleton<IStore>(sp => new ProbedStore((IStore)real(sp), probe));
        }
    }
}
