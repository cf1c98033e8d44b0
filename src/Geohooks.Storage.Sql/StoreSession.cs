using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Repositories;
using Geohooks.Storage.Sql.Signals;

namespace Geohooks.Storage.Sql;

/// <summary>
/// One connection and one transaction (for SQLite writes, the single writer's connection, lent for the session). Disposing without
/// <see cref="CommitAsync"/> rolls back everything, portal events included. Channels asked for with
/// <see cref="Signal"/> are notified inside the transaction (other processes, where the backend can) and woken
/// in this process once the commit succeeded.
/// </summary>
public sealed class StoreSession : IStoreSession
{
    private readonly SessionConnection connection;
    private readonly DbTransaction transaction;
    private readonly SignalHub signals;
    private readonly SqlContext context;
    private readonly HashSet<string> channels = new(StringComparer.Ordinal);
    private bool completed;

    internal StoreSession(SessionConnection connection, DbTransaction transaction, ISqlDialect dialect, SignalHub signals)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.signals = signals;
        context = new SqlContext(connection.Connection, transaction, dialect, connection.Statements);
        Orgs = new SqlOrgRepository(context);
        Users = new SqlUserRepository(context);
        Groups = new SqlGroupRepository(context);
        Items = new SqlItemRepository(context);
        Tokens = new SqlTokenRepository(context);
        Events = new SqlEventLog(context);
        Webhooks = new SqlWebhookRepository(context);
        Deliveries = new SqlDeliveryRepository(context);
        GpJobs = new Geoprocessing.SqlGpJobRepository(context);
        Features = new Features.SqlFeatureRepository(context);
        HookBatches = new SqlHookBatchRepository(context);
    }

    public IOrgRepository Orgs { get; }

    public IUserRepository Users { get; }

    public IGroupRepository Groups { get; }

    public IItemRepository Items { get; }

    public ITokenRepository Tokens { get; }

    public IEventLog Events { get; }

    public IWebhookRepository Webhooks { get; }

    public IDeliveryRepository Deliveries { get; }

    public IGpJobRepository GpJobs { get; }

    public IFeatureRepository Features { get; }

    public IHookBatchRepository HookBatches { get; }

    public void Signal(string channel)
    {
        SignalChannels.Validate(channel);
        ObjectDisposedException.ThrowIf(completed, this);
        channels.Add(channel);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        if (context.Dialect.NotifySql is { } notify)
        {
            foreach (var channel in channels)
            {
                await context.ExecuteAsync(
                    notify,
                    new SqlArgs { ["channel"] = SignalChannels.ToDatabase(channel), ["origin"] = signals.Origin },
                    cancellationToken);
            }
        }

        // A failed commit leaves nothing to roll back explicitly; disposing the transaction cleans up.
        completed = true;
        await transaction.CommitAsync(cancellationToken);
        foreach (var channel in channels)
        {
            signals.Signal(channel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!completed)
            {
                completed = true;
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        finally
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
