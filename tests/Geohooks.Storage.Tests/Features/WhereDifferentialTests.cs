using Geohooks.Core.Errors;
using Geohooks.Core.Features.Where;
using Geohooks.Storage.Postgres;
using Geohooks.Storage.Sql.Features.Where;
using Geohooks.Storage.Sqlite;
using Npgsql;

namespace Geohooks.Storage.Tests.Features;

/// <summary>
/// Runs a thousand random well-typed clauses (<see cref="WhereClauseGenerator"/>) on SQLite and PostgreSQL, in both
/// case modes, and requires the same rows from both: the hand-written cases cannot cover every combination of
/// functions and types, and a difference between the backends is a bug either way.
/// </summary>
public sealed class WhereDifferentialTests(SqliteWhereFixture sqlite, PostgresWhereFixture postgres)
    : IClassFixture<SqliteWhereFixture>, IClassFixture<PostgresWhereFixture>
{
    private const int Clauses = 1000;

    [Fact]
    public async Task SQLite_and_PostgreSQL_match_the_same_rows_for_random_clauses()
    {
        var generator = new WhereClauseGenerator(20240310);
        var compared = 0;
        var differences = new List<string>();
        for (var i = 0; i < Clauses && differences.Count < 5; i++)
        {
            var where = generator.Clause();
            if (Parse(where) is not { } expression)
            {
                continue;
            }

            foreach (var caseSensitive in new[] { false, true })
            {
                var options = new WhereTranslationOptions { NowEpochMs = WhereTable.NowEpochMs, CaseSensitive = caseSensitive };
                var onPostgres = await PostgresAsync(WhereTranslator.Translate(expression, PostgresWhereDialect.Instance, options));
                if (onPostgres is null)
                {
                    continue;
                }

                var lite = WhereTranslator.Translate(expression, SqliteWhereDialect.Instance, options);
                var onSqlite = await SqliteAsync(lite);
                compared++;
                if (!onSqlite.SequenceEqual(onPostgres))
                {
                    differences.Add(
                        $"{where} (case-sensitive: {caseSensitive})\n  SQLite [{string.Join(" ", onSqlite)}] PostgreSQL [{string.Join(" ", onPostgres)}]\n  {lite.Sql}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.InRange(compared, Clauses, 2 * Clauses);
    }

    private static WhereExpression? Parse(string where)
    {
        try
        {
            return WhereParser.Parse(where, WhereTable.Fields, new WhereContext(WhereCases.CurrentUser));
        }
        catch (ArcGisException)
        {
            return null;
        }
    }

    private async Task<List<long>> SqliteAsync(WhereSql sql)
    {
        await using var command = sqlite.Connection.CreateCommand();
        command.CommandText = WhereTable.Select(sql.Sql);
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await ReadIdsAsync(command);
    }

    /// <summary>The rows, or null when PostgreSQL raises a data exception (overflow, a bad cast of text) that SQLite would not.</summary>
    private async Task<List<long>?> PostgresAsync(WhereSql sql)
    {
        await using var command = postgres.DataSource.CreateCommand(WhereTable.Select(sql.Sql));
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        try
        {
            return await ReadIdsAsync(command);
        }
        catch (PostgresException error) when (error.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static async Task<List<long>> ReadIdsAsync(System.Data.Common.DbCommand command)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
