using Geohooks.Storage.Postgres;
using Geohooks.Storage.Sql.Features.Where;
using Geohooks.Testing;
using Npgsql;
using SqlArgs = System.Collections.Generic.Dictionary<string, object?>;

namespace Geohooks.Storage.Tests.Features;

/// <summary>A database on the private PostgreSQL server holding <see cref="WhereTable"/>.</summary>
public sealed class PostgresWhereFixture : IAsyncLifetime
{
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        DataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using (var create = DataSource.CreateCommand(
            WhereTable.CreateTable("integer", "smallint", "bigint", "real", "double precision", "text", "bytea")))
        {
            await create.ExecuteNonQueryAsync();
        }

        foreach (var row in WhereTable.Rows)
        {
            await using var insert = DataSource.CreateCommand(WhereTable.Insert);
            for (var i = 0; i < row.Length; i++)
            {
                insert.Parameters.AddWithValue($"p{i}", row[i] ?? DBNull.Value);
            }

            await insert.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}

public sealed class PostgresWhereTests(PostgresWhereFixture fixture) : WhereSqlContract, IClassFixture<PostgresWhereFixture>
{
    protected override IWhereDialect Dialect => PostgresWhereDialect.Instance;

    protected override async Task<List<long>> QueryIdsAsync(string sql, SqlArgs parameters)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
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
