using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Migrations;
using Microsoft.Extensions.Logging;

namespace Geohooks.Storage.Sql;

/// <summary>The store over any <see cref="ISqlDialect"/>; dialect assemblies add only connection ownership.</summary>
public abstract class SqlStore(ISqlDialect dialect, ILogger logger) : IStore
{
    public StoreCapabilities Capabilities => dialect.Capabilities;

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        new Migrator(dialect, logger, TimeProvider.System).RunAsync(cancellationToken);

    public async Task<IStoreSession> ReadAsync(CancellationToken cancellationToken) =>
        await OpenSessionAsync(write: false, cancellationToken);

    public async Task<IStoreSession> WriteAsync(CancellationToken cancellationToken) =>
        await OpenSessionAsync(write: true, cancellationToken);

    public abstract ValueTask DisposeAsync();

    private async Task<StoreSession> OpenSessionAsync(bool write, CancellationToken cancellationToken)
    {
        var gate = write ? await dialect.EnterWriteAsync(cancellationToken) : null;
        DbConnection? connection = null;
        try
        {
            connection = await dialect.OpenAsync(cancellationToken);
            var transaction = await dialect.BeginAsync(connection, write, cancellationToken);
            return new StoreSession(connection, transaction, dialect, gate);
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
