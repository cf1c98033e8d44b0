using Geohooks.Core.Features;
using Geohooks.Storage.Postgres;
using Geohooks.Storage.Sql.Features;
using Npgsql;

namespace Geohooks.Storage.Tests;

/// <summary>A layer's table as PostgreSQL's catalog describes it (see <see cref="StoreContract"/>'s feature table tests).</summary>
public sealed partial class PostgresStoreTests
{
    protected override IReadOnlyDictionary<string, string> ExpectedLayerColumns { get; } = new Dictionary<string, string>
    {
        ["OBJECTID"] = "bigint", ["GlobalID"] = "text", ["name"] = "text", ["small"] = "smallint", ["whole"] = "integer", ["big"] = "bigint",
        ["single"] = "real", ["real"] = "double precision", ["stamp"] = "bigint", ["day"] = "text", ["clock"] = "text", ["moment"] = "text",
        ["ref"] = "text", ["bytes"] = "bytea", ["doc"] = "text",
        ["__shape"] = "bytea", ["__xmin"] = "double precision", ["__ymin"] = "double precision", ["__xmax"] = "double precision", ["__ymax"] = "double precision",
    };

    /// <summary>One GiST index on the envelope as a built-in <c>box</c> (no PostGIS).</summary>
    protected override IReadOnlyList<string> ExpectedSpatialIndexes(string table) =>
        [$@"^CREATE INDEX {table}_envelope ON \w+\.{table} USING gist \(box\(point\(__xmin, __ymin\), point\(__xmax, __ymax\)\)\)$"];

    /// <summary>With sequential scans priced out (the test table is small), the box predicate is answered by the GiST index.</summary>
    protected override string ExpectedBoxQueryPlan(string table) => $@"(Bitmap Index Scan on|Index Scan using) {table}_envelope";

    protected override async Task<LayerTableInfo> InspectLayerTableAsync(FeatureLayer layer, Extent box)
    {
        var table = layer.TableName;
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var columns = (await CatalogQueryAsync(connection, "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table", ("table", table)))
            .ToDictionary(r => r[0], r => r[1]);
        var indexes = await CatalogQueryAsync(connection, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = @table AND indexdef NOT LIKE 'CREATE UNIQUE %' ORDER BY indexname", ("table", table));
        var plan = "";
        if (!layer.Definition.IsTable)
        {
            await CatalogQueryAsync(connection, "SET enable_seqscan = off");
            plan = string.Join('\n', (await CatalogQueryAsync(connection,
                $"EXPLAIN SELECT {SqlNames.Quote(layer.Definition.ObjectIdField)} FROM {SqlNames.Quote(table)} WHERE {PostgresFeatureDialect.Instance.EnvelopeIntersects(table, layer.Definition.ObjectIdField)}",
                ("bxmin", box.XMin), ("bymin", box.YMin), ("bxmax", box.XMax), ("bymax", box.YMax))).Select(r => r[0]));
        }

        return new LayerTableInfo(columns, [.. indexes.Select(r => r[0])], plan);
    }
}
