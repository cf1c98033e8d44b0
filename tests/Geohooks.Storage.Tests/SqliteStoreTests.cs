using Geohooks.Core.Features;
using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Features;
using Geohooks.Storage.Sqlite;
using Geohooks.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geohooks.Storage.Tests;

public sealed class SqliteStoreFixture : IAsyncLifetime
{
    public TempDirectory Folder { get; } = new("geohooks-sqlite");

    public SqliteStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteStore(Folder.Path, NullLoggerFactory.Instance);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Folder.Dispose();
    }
}

public sealed class SqliteStoreTests(SqliteStoreFixture fixture) : StoreContract(fixture.Store), IClassFixture<SqliteStoreFixture>
{
    protected override StoreCapabilities ExpectedCapabilities { get; } = new("sqlite", MultiProcess: false, SkipLocked: false, Notifications: false);

    protected override IReadOnlyDictionary<string, string> ExpectedLayerColumns { get; } = new Dictionary<string, string>
    {
        ["OBJECTID"] = "INTEGER", ["GlobalID"] = "TEXT", ["name"] = "TEXT", ["small"] = "INTEGER", ["whole"] = "INTEGER", ["big"] = "INTEGER",
        ["single"] = "REAL", ["real"] = "REAL", ["stamp"] = "INTEGER", ["day"] = "TEXT", ["clock"] = "TEXT", ["moment"] = "TEXT", ["ref"] = "TEXT",
        ["bytes"] = "BLOB", ["doc"] = "TEXT",
        ["__shape"] = "BLOB", ["__xmin"] = "DOUBLE PRECISION", ["__ymin"] = "DOUBLE PRECISION", ["__xmax"] = "DOUBLE PRECISION", ["__ymax"] = "DOUBLE PRECISION",
    };

    /// <summary>The R*Tree beside the table, then the three triggers that keep it in step (by name).</summary>
    protected override IReadOnlyList<string> ExpectedSpatialIndexes(string table) =>
    [
        $@"^CREATE VIRTUAL TABLE ""{table}_rtree"" USING rtree\(id, minx, maxx, miny, maxy\)$",
        $@"(?s)^CREATE TRIGGER ""{table}_rtree_delete"" AFTER DELETE ON ""{table}"" .*DELETE FROM ""{table}_rtree""",
        $@"(?s)^CREATE TRIGGER ""{table}_rtree_insert"" AFTER INSERT ON ""{table}"" .*INSERT INTO ""{table}_rtree""",
        $@"(?s)^CREATE TRIGGER ""{table}_rtree_update"" AFTER UPDATE OF __xmin, __ymin, __xmax, __ymax ON ""{table}""",
    ];

    /// <summary>The R*Tree answers the box with constraints on its coordinates (an index string such as <c>2:D1B0D3B2</c>), and rows are fetched by key.</summary>
    protected override string ExpectedBoxQueryPlan(string table) =>
        $@"(?s)SEARCH {table} USING INTEGER PRIMARY KEY.*SCAN {table}_rtree VIRTUAL TABLE INDEX \d+:([A-E]\d){{4}}";

    protected override async Task<LayerTableInfo> InspectLayerTableAsync(FeatureLayer layer, Extent box)
    {
        var table = layer.TableName;
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(fixture.Folder.Path, "geohooks.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        var columns = (await CatalogQueryAsync(connection, $"SELECT name, type FROM pragma_table_info('{table}')")).ToDictionary(r => r[0], r => r[1]);
        var indexes = await CatalogQueryAsync(connection, "SELECT sql FROM sqlite_master WHERE (type = 'table' AND name = $rtree) OR (type = 'trigger' AND tbl_name = $table) ORDER BY name",
            ("$rtree", table + "_rtree"), ("$table", table));
        var plan = layer.Definition.IsTable ? "" : string.Join('\n', (await CatalogQueryAsync(connection,
            $"EXPLAIN QUERY PLAN SELECT {SqlNames.Quote(layer.Definition.ObjectIdField)} FROM {SqlNames.Quote(table)} WHERE {SqliteFeatureDialect.Instance.EnvelopeIntersects(table, layer.Definition.ObjectIdField)}",
            ("@bxmin", box.XMin), ("@bymin", box.YMin), ("@bxmax", box.XMax), ("@bymax", box.YMax))).Select(r => r[^1]));
        return new LayerTableInfo(columns, [.. indexes.Select(r => r[0])], plan);
    }

    [Fact]
    public void Creates_the_database_in_the_data_folder()
    {
        Assert.True(File.Exists(Path.Combine(fixture.Folder.Path, "geohooks.db")));
        Assert.True(File.Exists(Path.Combine(fixture.Folder.Path, "geohooks.lock")));
    }

    [Fact]
    public void A_second_store_on_the_same_folder_is_refused()
    {
        var error = Assert.Throws<StoreLockedException>(() => new SqliteStore(fixture.Folder.Path, NullLoggerFactory.Instance));
        Assert.Contains(fixture.Folder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("--postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_folder_can_be_reopened_once_the_store_is_disposed()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "nested", "data");
        var user = S.User("reopened");
        await using (var first = new SqliteStore(path, NullLoggerFactory.Instance))
        {
            await first.MigrateAsync(Ct);
            await using var session = await first.WriteAsync(Ct);
            await session.Users.InsertAsync(user, Ct);
            await session.CommitAsync(Ct);
        }

        await using var second = new SqliteStore(path, NullLoggerFactory.Instance);
        await second.MigrateAsync(Ct);
        await using var read = await second.ReadAsync(Ct);
        Assert.Equal(user.Username, (await read.Users.FindByIdAsync(user.Id, Ct))?.Username);
    }

    [Fact]
    public async Task The_claim_walks_the_due_index_and_redelivery_the_failed_one()
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(fixture.Folder.Path, "geohooks.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        var claim = await CatalogQueryAsync(
            connection, "EXPLAIN QUERY PLAN " + Sql.Repositories.SqlDeliveryRepository.SelectDueSql,
            ("@now", 1L), ("@limit", 64));
        Assert.Contains(claim, r => r[^1].StartsWith("SEARCH d2 USING", StringComparison.Ordinal) && r[^1].Contains("INDEX deliveries_due (", StringComparison.Ordinal));
        var requeue = await CatalogQueryAsync(
            connection, "EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE webhook_id = 'w' AND status IN (2, 3) AND status = 3 AND created >= 1 AND created <= 2");
        Assert.Contains(requeue, r => r[^1].StartsWith("SEARCH deliveries USING", StringComparison.Ordinal) && r[^1].Contains("INDEX deliveries_failed (", StringComparison.Ordinal));
        // Rewritten on every status change and used by no query on SQLite (migration 0009).
        Assert.Empty(await CatalogQueryAsync(connection, "SELECT name FROM sqlite_master WHERE name = 'deliveries_webhook_status'"));
    }

    [Fact]
    public async Task Writers_wait_for_each_other_while_readers_do_not()
    {
        await using var firstWriter = await Store.WriteAsync(Ct);
        var secondWriter = Store.WriteAsync(Ct);
        await using (var reader = await Store.ReadAsync(Ct))
        {
            Assert.Null(await reader.Users.FindByUsernameAsync("nobody", Ct));
        }

        await Task.Delay(100);
        Assert.False(secondWriter.IsCompleted);
        await firstWriter.DisposeAsync();
        await using var second = await secondWriter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(second);
    }
}
