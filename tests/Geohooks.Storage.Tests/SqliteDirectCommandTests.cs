using SqlArgs = System.Collections.Generic.Dictionary<string, object?>;
using Geohooks.Storage.Sql;
using Geohooks.Storage.Sqlite;
using Geohooks.Testing;
using Microsoft.Data.Sqlite;

namespace Geohooks.Storage.Tests;

/// <summary>
/// The writer's statements run through <see cref="DirectCommand"/> instead of Microsoft.Data.Sqlite's commands; these pin
/// the behaviours the store relies on, on a real database file.
/// </summary>
public sealed class SqliteDirectCommandTests : IDisposable
{
    private readonly TempDirectory folder = new("geohooks-direct");
    private readonly SqliteConnection connection;

    public SqliteDirectCommandTests()
    {
        connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "t.db")};Pooling=false");
        connection.Open();
        using var create = Direct("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT UNIQUE, b BLOB)");
        Run(create, null);
    }

    public void Dispose()
    {
        connection.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task Values_round_trip_with_their_types_and_empty_text_and_bytes_stay_empty_not_null()
    {
        Assert.Equal(1, await RunAsync("INSERT INTO t (n, r, s, b) VALUES (@n, @r, @s, @b)", new SqlArgs { ["n"] = 42L, ["r"] = 2.5, ["s"] = "é €", ["b"] = new byte[] { 1, 2 } }));
        Assert.Equal(1, await RunAsync("INSERT INTO t (n, r, s, b) VALUES (@n, @r, @s, @b)", new SqlArgs { ["n"] = true, ["r"] = 1.5f, ["s"] = "", ["b"] = Array.Empty<byte>() }));
        Assert.Equal(1, await RunAsync("INSERT INTO t (n, r, s, b) VALUES (@n, @r, @s, @b)", new SqlArgs { ["n"] = null, ["r"] = DBNull.Value, ["s"] = null, ["b"] = null }));

        var rows = await QueryAsync("SELECT n, r, s, b, typeof(s), typeof(b) FROM t ORDER BY id", null);

        Assert.Equal([42L, 2.5, "é €", new byte[] { 1, 2 }, "text", "blob"], rows[0]);
        Assert.Equal([1L, 1.5, "", Array.Empty<byte>(), "text", "blob"], rows[1]);
        Assert.Equal([DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, "null", "null"], rows[2]);
    }

    [Fact]
    public async Task A_parameter_without_a_value_is_refused_and_unused_names_are_ignored()
    {
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync("INSERT INTO t (n, s) VALUES (@n, @s)", new SqlArgs { ["n"] = 1L, ["other"] = 2L }));
        Assert.Contains("@s", missing.Message, StringComparison.Ordinal);

        Assert.Equal(1, await RunAsync("INSERT INTO t (n) VALUES (@n)", new SqlArgs { ["n"] = 1L, ["unused"] = "x" }));
    }

    [Fact]
    public async Task A_constraint_error_is_SQLite_s_and_leaves_the_statement_usable()
    {
        await using var command = Direct("INSERT INTO t (s) VALUES (@s)");
        Run(command, new SqlArgs { ["s"] = "one" });

        var error = Assert.Throws<SqliteException>(() => Run(command, new SqlArgs { ["s"] = "one" }));
        Assert.Equal(2067, error.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_UNIQUE, what IsUniqueViolation looks for

        Assert.Equal(1, Run(command, new SqlArgs { ["s"] = "two" }));
        Assert.Equal(2L, (await QueryAsync("SELECT COUNT(*) FROM t", null))[0][0]);
    }

    [Fact]
    public async Task A_text_of_several_statements_gets_Microsoft_Data_Sqlite_s_command_and_runs_them_in_order()
    {
        const string sql = "CREATE TABLE u (n INTEGER); ; INSERT INTO u (n) VALUES (@a); /* between */ SELECT n FROM u; INSERT INTO u (n) VALUES (@b);";
        using (var probe = DirectCommand.For(connection, sql))
        {
            Assert.IsType<SqliteCommand>(probe);
        }

        // Through the writer's cache, as a write session runs it: the later statements need the table the first creates.
        await using var cache = new StatementCache((c, text) => DirectCommand.For((SqliteConnection)c, text));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var command = cache.Get(connection, transaction, sql, new SqlArgs { ["a"] = 1L, ["b"] = 2L });
            await using (var reader = await command.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal(1L, reader.GetInt64(0));
                Assert.False(await reader.ReadAsync());
            }

            await transaction.CommitAsync();
        }

        Assert.Equal([[1L], [2L]], await QueryAsync("SELECT n FROM u ORDER BY n", null));
    }

    [Fact]
    public async Task A_finished_result_is_not_run_again_and_scalars_and_counts_are_those_of_the_statement()
    {
        await RunAsync("INSERT INTO t (n) VALUES (1)", null);
        await using var command = Direct("UPDATE t SET n = n + 1 RETURNING n");
        command.Bind(null);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2, reader.GetFieldValue<int>(0));
            Assert.False(await reader.ReadAsync());
            Assert.False(await reader.ReadAsync());
        }

        Assert.Equal(2L, await ScalarAsync("SELECT n FROM t", null));
        Assert.Null(await ScalarAsync("SELECT n FROM t WHERE n > 100", null));
        Assert.Equal(1, await RunAsync("UPDATE t SET r = 1.5", null));
        Assert.Equal(-1, await RunAsync("SELECT 1", null));
    }

    private DirectCommand Direct(string sql) => Assert.IsType<DirectCommand>(DirectCommand.For(connection, sql));

    private static int Run(DirectCommand command, SqlArgs? args)
    {
        command.Bind(args);
        return command.ExecuteNonQuery();
    }

    private async Task<int> RunAsync(string sql, SqlArgs? args)
    {
        await using var command = Direct(sql);
        return Run(command, args);
    }

    private async Task<object?> ScalarAsync(string sql, SqlArgs? args)
    {
        await using var command = Direct(sql);
        command.Bind(args);
        return command.ExecuteScalar();
    }

    private async Task<List<object[]>> QueryAsync(string sql, SqlArgs? args)
    {
        await using var command = Direct(sql);
        command.Bind(args);
        var rows = new List<object[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                rows.Add(row);
            }
        }

        return rows;
    }
}
