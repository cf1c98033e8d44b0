using System.Data.Common;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Repositories;

namespace Geohooks.Storage.Sql;

/// <summary>
/// One connection and one transaction (plus, for SQLite writes, the writer gate). Disposing without
/// <see cref="CommitAsync"/> rolls back everything, portal events included.
/// </summary>
public sealed class StoreSession : IStoreSession
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly IDisposable? gate;
    private bool completed;

    internal StoreSession(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, IDisposable? gate)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.gate = gate;
        var context = new SqlContext(connection, transaction, dialect);
        Orgs = new SqlOrgRepository(context);
        Users = new SqlUserRepository(context);
        Groups = new SqlGroupRepository(context);
        Items = new SqlItemRepository(context);
        Tokens = new SqlTokenRepository(context);
        Events = new SqlEventLog(context);
    }

    public IOrgRepository Orgs { get; }

    public IUserRepository Users { get; }

    public IGroupRepository Groups { get; }

    public IItemRepository Items { get; }

    public ITokenRepository Tokens { get; }

    public IEventLog Events { get; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        // A failed commit leaves nothing to roll back explicitly; disposing the transaction cleans up.
        completed = true;
        await transaction.CommitAsync(cancellationToken);
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
            gate?.Dispose();
        }
    }
}
