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
        // The connection is opened (and set up) before the write gate is taken, so the single writer's time is spent
        // on the transaction only.
        IDisposable? gate = null;
        DbConnection? connection = null;
        try
        {
            connection = await dialect.OpenAsync(cancellationToken);
            gate = write ? await dialect.EnterWriteAsync(cancellationToken) : null;
            var transaction = await dialect.BeginAsync(connection, write, cancellationToken);
            return new StoreSession(connection, transaction, dialect, gate, Signals);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            gate?.Dispose();
            throw;
        }
    }
}
