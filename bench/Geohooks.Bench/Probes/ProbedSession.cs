using System.Diagnostics;
using Geohooks.Core.Storage;

namespace Geohooks.Bench.Probes;

/// <summary>A write session that reports how long it held the store and what the delivery queue did in it.</summary>
internal sealed class ProbedSession : IStoreSession
{
    private readonly IStoreSession inner;
    private readonly StoreProbe probe;
    private readonly long opened;
    private int _kind = 4;

    public ProbedSession(IStoreSession inner, StoreProbe probe, long opened)
    {
        this.inner = inner;
        this.probe = probe;
        this.opened = opened;
        Events = new ProbedEvents(inner.Events, this);
        Deliveries = new ProbedDeliveries(inner.Deliveries, probe, this);
    }

    /// <summary>Marks what this session is for (the lowest index wins: appending events outranks dispatch).</summary>
    public void Mark(int kind) => _kind = Math.Min(_kind, kind);

    public IOrgRepository Orgs => inner.Orgs;

    public IUserRepository Users => inner.Users;

    public IGroupRepository Groups => inner.Groups;

    public IItemRepository Items => inner.Items;

    public ITokenRepository Tokens => inner.Tokens;

    public IEventLog Events { get; }

    public IWebhookRepository Webhooks => inner.Webhooks;

    public IDeliveryRepository Deliveries { get; }

    public IFeatureRepository Features => inner.Features;

    public void Signal(string channel) => inner.Signal(channel);

    public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        probe.WriteClosed(Stopwatch.GetTimestamp() - opened, _kind);
    }
}
