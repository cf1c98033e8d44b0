using Geohooks.Storage.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geohooks.Storage.Postgres;

/// <summary>The multi-process store: any number of Geohooks processes may share one PostgreSQL database.</summary>
public sealed class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresStore(string connectionString, ILoggerFactory loggerFactory)
        : this(new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).Build(), loggerFactory)
    {
    }

    private PostgresStore(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory)
        : base(new PostgresDialect(dataSource), loggerFactory.CreateLogger<PostgresStore>())
    {
        this.dataSource = dataSource;
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
