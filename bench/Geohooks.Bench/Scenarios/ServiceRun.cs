using Geohooks.Bench.Probes;
using Geohooks.Core.Features;
using Geohooks.Core.Webhooks;

namespace Geohooks.Bench.Scenarios;

/// <summary>
/// One services measurement on a fresh store: the real server with a hosted feature service (change tracking on),
/// service webhooks on it pointed at the receiver, and single-point adds through HTTP (bodies built up front).
/// Each add commits the next generation of the service; which one is read back from the change log afterwards.
/// </summary>
public sealed class ServiceRun : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string[] _adds;
    private readonly string _itemId;

    private ServiceRun(EngineHost host, HttpClient http, FeatureClient client, FeatureService service, string[] adds)
    {
        Host = host;
        _http = http;
        Client = client;
        _itemId = service.ItemId;
        GenBase = service.ServerGen;
        _adds = adds;
    }

    public EngineHost Host { get; }

    public FeatureClient Client { get; }

    /// <summary>The service's generation before the first add: the i-th add to commit (0-based) commits GenBase + i + 1.</summary>
    public long GenBase { get; }

    /// <summary>Starts the server on a fresh <paramref name="store"/> with a tracked service and <paramref name="adds"/> add bodies ready.</summary>
    /// <param name="probe">When given, the host's store is wrapped to count sessions and claims (diagnostics only).</param>
    public static async Task<ServiceRun> StartAsync(StoreTargets targets, string store, int concurrency, int adds, CancellationToken ct, StoreProbe? probe = null)
    {
        var host = await EngineHost.StartAsync([.. await targets.CreateAsync(store), .. ServiceHooks.HostArgs], concurrency, ct, probe);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var client = await FeatureClient.CreateAsync(http, host.BaseUrl, ct);
            await client.CreateServiceAsync(ServiceHooks.ServiceName, ct);
            var random = new Random(42);
            var bodies = Enumerable.Range(0, adds).Select(_ => client.AddsBody(random, 1)).ToArray();
            return new ServiceRun(host, http, client, await FindAsync(host, ct), bodies);
        }
        catch
        {
            http.Dispose();
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stores one webhook per entry of <paramref name="kinds"/>; webhook k posts to <c>&lt;receiver&gt;/k</c>.</summary>
    public Task<IReadOnlyList<Webhook>> AddHooksAsync(IReadOnlyList<string> kinds, Uri receiver, CancellationToken ct) =>
        ServiceHooks.InsertAsync(Host, _itemId, kinds, receiver, ct);

    /// <summary>The receiver's slots for <paramref name="perHook"/> adds per webhook: webhook k, add i at k · perHook + i.</summary>
    public Receiver.DeliverySlot Slots(int perHook) => ServiceHooks.Slots(GenBase, perHook);

    /// <summary>Sends add number <paramref name="i"/> (one point); returns the new feature's object id.</summary>
    public async Task<long> AddAsync(int i, CancellationToken ct) => (await Client.AddAsync(_adds[i], ServiceHooks.ServiceName, ct))[0];

    /// <summary>
    /// Sends adds 0 to <paramref name="count"/> - 1 one after another and waits until each of
    /// <paramref name="hooks"/> webhooks has received them: JIT, connection pools and caches warm before measuring.
    /// </summary>
    public async Task WarmUpAsync(Receiver receiver, int hooks, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            await AddAsync(i, ct);
        }

        if (!await receiver.WaitForAsync(hooks * count, TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"Warm-up: only {receiver.Delivered} of {hooks * count} deliveries arrived within 60 s.");
        }
    }

    /// <summary>For each added object id, the 0-based position of its add in commit order (its generation − GenBase − 1).</summary>
    public async Task<Dictionary<long, int>> CommitOrderAsync(CancellationToken ct)
    {
        var service = await FindAsync(Host, ct);
        await using var session = await Host.Store.ReadAsync(ct);
        var changes = await session.Features.ReadChangesAsync(service.Layers[0], GenBase, service.ServerGen, ct);
        return changes.ToDictionary(c => c.ObjectId, c => (int)(c.ServerGen - GenBase - 1));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }

    private static async Task<FeatureService> FindAsync(EngineHost host, CancellationToken ct)
    {
        await using var session = await host.Store.ReadAsync(ct);
        return await session.Features.FindByNameAsync(host.OrgId, ServiceHooks.ServiceName, ct) ?? throw new InvalidOperationException("No service.");
    }
}
