using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Migrations;
using Geohooks.Storage.Sql.Signals;
using Microsoft.Extensions.Logging;

namespace Geohooks.Storage.Sql;

/// <summary>The store over any <see cref="ISqlDialect"/>; dialect assemblies add only connection ownership.</summary>
public abstract class SqlStore(ISqlDialect dialect, ILogger logger) : IStore
{
    public StoreCapabilities Capabilities => dialect.Capabilities;

    /// <summary>This store's in-process wake-ups; a dialect store may feed it from other processes too.</summary>
    protected SignalHub Signals { get; } = new();

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        new Migrator(dialect, logger, TimeProvider.System).RunAsync(cancellationToken);

    public async Task<IStoreSession> ReadAsync(CancellationToken cancellationToken) =>
        await OpenSessionAsync(write: false, cancellationToken);

    public async Task<IStoreSession> WriteAsync(CancellationToken cancellationToken) =>
        await OpenSessionAsync(write: true, cancellationToken);

    public virtual Task<bool> WaitForSignalAsync(string channel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SignalChannels.Validate(channel);
        return Signals.WaitAsync(channel, timeout, cancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    private async Task<StoreSession> OpenSessionAsync(bool write, CancellationToken cancellationToken)
    {
        var connection = await dialect.ConnectAsync(write, cancellationToken);
        try
        {
            var transaction = await dialect.BeginAsync(connection.Connection, write, cancellationToken);
            return new StoreSession(connection, transaction, dialect, Signals);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
