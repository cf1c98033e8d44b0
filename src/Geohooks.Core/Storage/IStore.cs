namespace Geohooks.Core.Storage;

/// <summary>
/// The one storage contract. A store hands out sessions; a write session is one database transaction
/// (on SQLite it also holds the single-writer gate), a read session sees committed data only.
/// Disposing a session without <see cref="IStoreSession.CommitAsync"/> rolls it back.
/// </summary>
public interface IStore : IAsyncDisposable
{
    StoreCapabilities Capabilities { get; }

    /// <summary>Applies the forward-only migrations that are not applied yet. Safe to call from several processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<IStoreSession> ReadAsync(CancellationToken cancellationToken);

    Task<IStoreSession> WriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits until a committed session signalled <paramref name="channel"/> (in this process, or — with
    /// <see cref="StoreCapabilities.Notifications"/> — in any process sharing the database), or the timeout passes.
    /// Returns true when signalled. Wake-ups may be spurious or coalesced; callers re-check the database.
    /// </summary>
    Task<bool> WaitForSignalAsync(string channel, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>What a backend can do, so the engine can choose its strategy without knowing the dialect.</summary>
public sealed record StoreCapabilities(string Name, bool MultiProcess, bool SkipLocked, bool Notifications);

public interface IStoreSession : IAsyncDisposable
{
    IOrgRepository Orgs { get; }

    IUserRepository Users { get; }

    IGroupRepository Groups { get; }

    IItemRepository Items { get; }

    ITokenRepository Tokens { get; }

    IEventLog Events { get; }

    IWebhookRepository Webhooks { get; }

    IDeliveryRepository Deliveries { get; }

    IGpJobRepository GpJobs { get; }

    IFeatureRepository Features { get; }

    /// <summary>What scheduled service webhooks collected between deliveries.</summary>
    IHookBatchRepository HookBatches { get; }

    /// <summary>Asks for <paramref name="channel"/> to be signalled when (and only if) this session commits.</summary>
    void Signal(string channel);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>The wake-up channels the engine uses.</summary>
public static class Channels
{
    /// <summary>New portal events were committed.</summary>
    public const string Events = "events";

    /// <summary>New or re-queued deliveries were committed.</summary>
    public const string Deliveries = "deliveries";
}
