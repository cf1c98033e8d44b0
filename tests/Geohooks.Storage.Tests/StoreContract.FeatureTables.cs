using System.Data.Common;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Tests;

/// <summary>
/// What a layer's table is in the database, read from the catalog: its columns with their declared types, the
/// definition of its spatial index, and the plan of a bounding-box query (the predicate the repository filters with).
/// </summary>
public sealed record LayerTableInfo(IReadOnlyDictionary<string, string> Columns, IReadOnlyList<string> SpatialIndexes, string BoxQueryPlan);

/// <summary>
/// Hosted feature layers are real tables (issue: "typed columns, no JSON blob of attributes"), with the envelope in
/// four columns under a spatial index that bounding-box queries use: an R*Tree on SQLite, a GiST index on PostgreSQL.
/// </summary>
public abstract partial class StoreContract
{
    /// <summary>The declared type of each column of a table of <see cref="Scenario.EveryTypeLayerJson"/>: one per field, then the shape.</summary>
    protected abstract IReadOnlyDictionary<string, string> ExpectedLayerColumns { get; }

    /// <summary>What every spatial index definition of a point layer's table must match, one pattern per index.</summary>
    protected abstract IReadOnlyList<string> ExpectedSpatialIndexes(string table);

    /// <summary>What the plan of a bounding-box query on <paramref name="table"/> must match: the spatial index is used.</summary>
    protected abstract string ExpectedBoxQueryPlan(string table);

    /// <summary>Reads the catalog and plans a box query on <paramref name="layer"/>'s table (<paramref name="box"/> as its parameters).</summary>
    protected abstract Task<LayerTableInfo> InspectLayerTableAsync(FeatureLayer layer, Extent box);

    /// <summary>Every row of a catalog query on a raw connection, each value as invariant text.</summary>
    protected static async Task<List<string[]>> CatalogQueryAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        }

        return rows;
    }

    [Fact]
    public async Task A_layer_is_a_table_of_typed_columns_with_a_spatial_index_that_box_queries_use()
    {
        var (_, layer) = await NewLayerAsync();
        var first = await AllocateAsync(layer, 200);
        var rows = Enumerable.Range(0, 200).Select(i => Scenario.Point(first + i, i % 20, i / 20, new() { ["whole"] = (long)i })).ToList();
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, rows, Ct));
        var box = new Extent(0.5, 0.5, 2.5, 1.5); // x 1..2, y 1 → 2 points

        var info = await InspectLayerTableAsync(layer, box);
        Assert.Equal(ExpectedLayerColumns.OrderBy(c => c.Key, StringComparer.Ordinal), info.Columns.OrderBy(c => c.Key, StringComparer.Ordinal));
        var expectedIndexes = ExpectedSpatialIndexes(layer.TableName);
        Assert.Equal(expectedIndexes.Count, info.SpatialIndexes.Count);
        Assert.All(expectedIndexes.Zip(info.SpatialIndexes), pair => Assert.Matches(pair.First, pair.Second));
        Assert.Matches(ExpectedBoxQueryPlan(layer.TableName), info.BoxQueryPlan);
        Assert.Equal([first + 21, first + 22], await SelectIdsAsync(layer, new FeatureFilter { Envelope = box }));
    }

    [Fact]
    public async Task A_table_without_geometry_has_neither_shape_columns_nor_a_spatial_index()
    {
        var (_, layer) = await NewLayerAsync("""{"name":"T","type":"Table","fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"note","type":"esriFieldTypeString"}]}""");
        var info = await InspectLayerTableAsync(layer, new Extent(0, 0, 1, 1));
        Assert.Equal(["OBJECTID", "note"], info.Columns.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedLayerColumns["name"], info.Columns["note"]);
        Assert.Empty(info.SpatialIndexes);
    }
}
