using System.Data.Common;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql;

/// <summary>
/// One connection and its transaction: the only place that creates commands. Where the connection has a
/// <see cref="StatementCache"/>, commands are taken from it and kept there instead of being disposed.
/// </summary>
internal sealed class SqlContext(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, StatementCache? statements = null)
{
    public ISqlDialect Dialect => dialect;

    public async Task<int> ExecuteAsync(string sql, SqlArgs? args, CancellationToken cancellationToken)
    {
        var command = Rent(sql, args);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await ReturnAsync(command);
        }
    }

    /// <summary>
    /// Runs a statement that may hit a unique constraint inside a savepoint, so that a
    /// <see cref="DuplicateKeyException"/> leaves the session usable on every backend (PostgreSQL would
    /// otherwise abort the whole transaction).
    /// </summary>
    public async Task<int> ExecuteUniqueAsync(string sql, SqlArgs args, string what, CancellationToken cancellationToken)
    {
        const string savepoint = "unique_guard";
        await transaction.SaveAsync(savepoint, cancellationToken);
        try
        {
            var rows = await ExecuteAsync(sql, args, cancellationToken);
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            return rows;
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            await transaction.RollbackAsync(savepoint, cancellationToken);
            throw new DuplicateKeyException($"{what} already exists.", exception);
        }
    }

    /// <summary>
    /// Runs one statement once per argument set, reusing a single command so the backend parses and plans it
    /// once (every set must name the same parameters). Returns the total of affected rows.
    /// </summary>
    public async Task<int> ExecuteEachAsync(string sql, IEnumerable<SqlArgs> rows, CancellationToken cancellationToken)
    {
        DbCommand? command = null;
        var affected = 0;
        try
        {
            foreach (var args in rows)
            {
                if (command is null)
                {
                    command = Rent(sql, args);
                }
                else
                {
                    Parameters.Rebind(command, args);
                }

                affected += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            if (command is not null)
            {
                await ReturnAsync(command);
            }
        }

        return affected;
    }

    public async Task<T?> ScalarAsync<T>(string sql, SqlArgs? args, CancellationToken cancellationToken)
    {
        var command = Rent(sql, args);
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await ReturnAsync(command);
        }
    }

    public async Task<List<T>> QueryAsync<T>(string sql, SqlArgs? args, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var command = Rent(sql, args);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            await ReturnAsync(command);
        }
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, SqlArgs? args, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var rows = await QueryAsync(sql, args, map, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private DbCommand Rent(string sql, SqlArgs? args) =>
        statements?.Get(connection, transaction, sql, args) ?? Parameters.NewCommand(connection, transaction, sql, args);

    private ValueTask ReturnAsync(DbCommand command) => statements is null ? command.DisposeAsync() : ValueTask.CompletedTask;
}
