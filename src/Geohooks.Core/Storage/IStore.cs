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

    Task CommitAsync(CancellationToken cancellationToken);
}
