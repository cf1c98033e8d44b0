using Geohooks.Storage.Sql;
using Geohooks.Storage.Sql.Signals;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geohooks.Storage.Postgres;

/// <summary>
/// The multi-process store: any number of Geohooks processes may share one PostgreSQL database. Signals reach
/// other processes through NOTIFY, sent inside the committing transaction and received by a LISTEN connection.
/// </summary>
public sealed class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresListener listener;

    public PostgresStore(string connectionString, ILoggerFactory loggerFactory)
        : this(BuildDataSource(connectionString, loggerFactory), connectionString, loggerFactory)
    {
    }

    private PostgresStore(NpgsqlDataSource dataSource, string connectionString, ILoggerFactory loggerFactory)
        : base(new PostgresDialect(dataSource), loggerFactory.CreateLogger<PostgresStore>())
    {
        this.dataSource = dataSource;
        // Its own unpooled source: a connection that ran LISTEN must never be handed to a session.
        var listenerSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString)
            .UseLoggerFactory(loggerFactory)
            .Build();
        listener = new PostgresListener(listenerSource, Signals, loggerFactory.CreateLogger<PostgresListener>());
    }

    // Npgsql prepares a statement on a connection once it has run a few times there (unless the connection string
    // says otherwise), so the engine's hot statements are parsed and planned once per pooled connection.
    private static NpgsqlDataSource BuildDataSource(string connectionString, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        return builder.Build();
    }

    public override async Task<bool> WaitForSignalAsync(string channel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SignalChannels.Validate(channel);
        var started = TimeProvider.System.GetTimestamp();
        var listening = listener.ListeningAsync(channel);
        if (!listening.IsCompleted)
        {
            try
            {
                await listening.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        var left = timeout - TimeProvider.System.GetElapsedTime(started);
        return await base.WaitForSignalAsync(channel, left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await listener.DisposeAsync();
        await dataSource.DisposeAsync();
    }
}
