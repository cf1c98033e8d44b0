using System.Diagnostics;
using Geohooks.Core.Storage;

namespace Geohooks.Bench.Probes;

/// <summary>A write session that reports how long it held the store and what the delivery queue did in it.</summary>
internal sealed class ProbedSession : IStoreSession
{
    private readonly IStoreSession inner;
    private readonly StoreProbe probe;
    private readonly long opened;
    private readonly long openedCpu = ThreadCpu.Nanoseconds();
    private readonly int openedThread = Environment.CurrentManagedThreadId;
    private int _marks;

    public ProbedSession(IStoreSession inner, StoreProbe probe, long opened)
    {
        this.inner = inner;
        this.probe = probe;
        this.opened = opened;
        Events = new ProbedEvents(inner.Events, this);
        Deliveries = new ProbedDeliveries(inner.Deliveries, probe, this);
    }

    /// <summary>Marks something this session did: 0 append events, 1 dispatch, 2 claim, 3 complete.</summary>
    public void Mark(int kind) => _marks |= 1 << kind;

    /// <summary>What the session was for: appending events outranks dispatch; a claim with completions is a worker cycle.</summary>
    private int Kind() => _marks switch
    {
        _ when (_marks & 1) != 0 => 0,
        _ when (_marks & 2) != 0 => 1,
        0b1100 => 4,
        0b0100 => 2,
        0b1000 => 3,
        _ => 5,
    };

    public IOrgRepository Orgs => inner.Orgs;

    public IUserRepository Users => inner.Users;

    public IGroupRepository Groups => inner.Groups;

    public IItemRepository Items => inner.Items;

    public ITokenRepository Tokens => inner.Tokens;

    public IEventLog Events { get; }

    public IWebhookRepository Webhooks => inner.Webhooks;

    public IDeliveryRepository Deliveries { get; }

    public IGpJobRepository GpJobs => inner.GpJobs;

    public IFeatureRepository Features => inner.Features;

    public IHookBatchRepository HookBatches => inner.HookBatches;

    public void Signal(string channel) => inner.Signal(channel);

    public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        // Sessions run synchronously on SQLite, so open and close are on one thread; otherwise the CPU is unknown.
        var cpu = Environment.CurrentManagedThreadId == openedThread ? ThreadCpu.Nanoseconds() - openedCpu : -1;
        probe.WriteClosed(Stopwatch.GetTimestamp() - opened, Kind(), cpu);
    }
}
