using Geohooks.Storage.Sql.Features.Where;
using Geohooks.Storage.Sqlite;
using Geohooks.Testing;
using Microsoft.Data.Sqlite;
using SqlArgs = System.Collections.Generic.Dictionary<string, object?>;

namespace Geohooks.Storage.Tests.Features;

/// <summary>A SQLite file holding <see cref="WhereTable"/>, opened as the store opens its connections.</summary>
public sealed class SqliteWhereFixture : IAsyncLifetime
{
    public TempDirectory Folder { get; } = new("geohooks-where");

    public SqliteConnection Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connection = new SqliteConnection($"Data Source={Path.Combine(Folder.Path, "where.db")}");
        await Connection.OpenAsync();
        SqliteWhereDialect.RegisterFunctions(Connection);
        await using (var create = Connection.CreateCommand())
        {
            create.CommandText = WhereTable.CreateTable("INTEGER", "INTEGER", "INTEGER", "REAL", "REAL", "TEXT", "BLOB");
            await create.ExecuteNonQueryAsync();
        }

        foreach (var row in WhereTable.Rows)
        {
            await using var insert = Connection.CreateCommand();
            insert.CommandText = WhereTable.Insert;
            for (var i = 0; i < row.Length; i++)
            {
                insert.Parameters.AddWithValue($"p{i}", row[i] ?? DBNull.Value);
            }

            await insert.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}

public sealed class SqliteWhereTests(SqliteWhereFixture fixture) : WhereSqlContract, IClassFixture<SqliteWhereFixture>
{
    protected override IWhereDialect Dialect => SqliteWhereDialect.Instance;

    protected override async Task<List<long>> QueryIdsAsync(string sql, SqlArgs parameters)
    {
        await using var command = fixture.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
