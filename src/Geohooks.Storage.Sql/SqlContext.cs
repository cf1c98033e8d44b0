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

    /// <summary>The key the last INSERT in this session generated, where the dialect can tell without a statement; else null.</summary>
    public long? LastInsertId() => dialect.LastInsertId?.Invoke(connection);

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
    public Task<int> ExecuteUniqueAsync(string sql, SqlArgs args, string what, CancellationToken cancellationToken) =>
        InSavepointAsync(
            "unique_guard",
            () => ExecuteAsync(sql, args, cancellationToken),
            dialect.IsUniqueViolation,
            exception => throw new DuplicateKeyException($"{what} already exists.", exception),
            cancellationToken);

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

    /// <summary>
    /// Inserts rows given as argument sets naming <paramref name="parameters"/>: a reused single-row statement where
    /// the dialect says binding dominates (SQLite), else multi-row statements with the parameters suffixed by the
    /// row's place, so a thousand rows are tens of round trips, not a thousand.
    /// </summary>
    /// <param name="insert">The statement up to <c>VALUES</c>, e.g. <c>INSERT INTO t (a, b) VALUES </c>.</param>
    public async Task InsertManyAsync(string insert, IReadOnlyList<string> parameters, IReadOnlyCollection<SqlArgs> rows, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, Math.Min(dialect.InsertBatchRows, 30_000 / Math.Max(1, parameters.Count)));
        if (size == 1)
        {
            await ExecuteEachAsync(insert + "(" + string.Join(", ", parameters.Select(p => "@" + p)) + ")", rows, cancellationToken);
            return;
        }

        foreach (var chunk in rows.Chunk(size))
        {
            var sql = new System.Text.StringBuilder(insert);
            var args = new SqlArgs();
            for (var i = 0; i < chunk.Length; i++)
            {
                var suffix = "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "(" : ", (").Append(string.Join(", ", parameters.Select(p => "@" + p + suffix))).Append(')');
                foreach (var (name, value) in chunk[i])
                {
                    args[name + suffix] = value;
                }
            }

            await ExecuteAsync(sql.ToString(), args, cancellationToken);
        }
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

    /// <summary>
    /// Runs a query that the data it meets can make fail (a where clause: PostgreSQL raises on overflow or a bad cast)
    /// inside a savepoint, so that such a failure leaves the transaction usable (PostgreSQL would abort it). Returns
    /// null when it failed so.
    /// </summary>
    public Task<List<T>?> QueryUnlessDataErrorAsync<T>(string sql, SqlArgs args, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        InSavepointAsync<List<T>?>("data_guard", async () => await QueryAsync(sql, args, map, cancellationToken), dialect.IsDataError, _ => null, cancellationToken);

    public async Task<T?> QuerySingleAsync<T>(string sql, SqlArgs? args, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var rows = await QueryAsync(sql, args, map, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Runs <paramref name="run"/> in a savepoint; an <paramref name="expected"/> error rolls back to it and is <paramref name="recover"/>ed from.</summary>
    private async Task<T> InSavepointAsync<T>(
        string savepoint, Func<Task<T>> run, Func<DbException, bool> expected, Func<DbException, T> recover, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(savepoint, cancellationToken);
        try
        {
            var result = await run();
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            return result;
        }
        catch (DbException exception) when (expected(exception))
        {
            await transaction.RollbackAsync(savepoint, cancellationToken);
            return recover(exception);
        }
    }

    private DbCommand Rent(string sql, SqlArgs? args) =>
        statements?.Get(connection, transaction, sql, args) ?? Parameters.NewCommand(connection, transaction, sql, args);

    private ValueTask ReturnAsync(DbCommand command) => statements is null ? command.DisposeAsync() : ValueTask.CompletedTask;
}
