using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Geohooks.Storage.Sql.Migrations;

/// <summary>
/// Applies the pending migrations in one transaction: the dialect's lock first (so concurrent processes queue up),
/// then the bookkeeping table, then each missing step in order.
/// </summary>
internal sealed partial class Migrator(ISqlDialect dialect, ILogger logger, TimeProvider time)
{
    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.ConnectAsync(write: true, cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection.Connection, write: true, cancellationToken);
        // No statement cache: migrations change the schema the cached statements were compiled against.
        var context = new SqlContext(connection.Connection, transaction, dialect);
        if (dialect.MigrationLockSql is { } lockSql)
        {
            await context.ExecuteAsync(lockSql, null, cancellationToken);
        }

        await context.ExecuteAsync(CreateHistory, null, cancellationToken);
        var applied = (await context.QueryAsync("SELECT version FROM schema_migrations", null, r => r.Long(0), cancellationToken))
            .ToHashSet();
        foreach (var migration in dialect.Migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await ApplyAsync(context, migration, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ApplyAsync(SqlContext context, MigrationScript migration, CancellationToken cancellationToken)
    {
        await context.ExecuteAsync(migration.Sql, null, cancellationToken);
        await context.ExecuteAsync(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
            new SqlArgs { ["version"] = migration.Version, ["name"] = migration.Name, ["at"] = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken);
        Log.Applied(logger, migration.Name, dialect.Capabilities.Name);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied migration {Migration} ({Dialect})")]
        public static partial void Applied(ILogger logger, string migration, string dialect);
    }
}
