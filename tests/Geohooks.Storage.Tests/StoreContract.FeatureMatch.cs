using Geohooks.Core.Errors;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Where;
using Geohooks.Storage.Tests.Features;

namespace Geohooks.Storage.Tests;

/// <summary>Where clauses over rows that are not in the table (change-log before-images), as webhook filters use them.</summary>
public abstract partial class StoreContract
{
    /// <summary>The fields of <see cref="WhereTable"/> as a point layer.</summary>
    private const string WhereLayerJson = """
        {"name":"Where","geometryType":"esriGeometryPoint","fields":[
          {"name":"ObjectID","type":"esriFieldTypeOID"},{"name":"Name","type":"esriFieldTypeString"},
          {"name":"Code","type":"esriFieldTypeString"},{"name":"Small","type":"esriFieldTypeSmallInteger"},
          {"name":"Count","type":"esriFieldTypeInteger"},{"name":"Big","type":"esriFieldTypeBigInteger"},
          {"name":"Ratio","type":"esriFieldTypeSingle"},{"name":"Amount","type":"esriFieldTypeDouble"},
          {"name":"Created","type":"esriFieldTypeDate"},{"name":"Day","type":"esriFieldTypeDateOnly"},
          {"name":"Opens","type":"esriFieldTypeTimeOnly"},{"name":"Arrival","type":"esriFieldTypeTimestampOffset"},
          {"name":"GlobalID","type":"esriFieldTypeGlobalID"},{"name":"Notes","type":"esriFieldTypeString"},
          {"name":"Photo","type":"esriFieldTypeBlob"}]}
        """;

    [Fact]
    public async Task Rows_outside_the_table_match_every_where_case_as_the_table_rows_do()
    {
        var (_, layer) = await NewLayerAsync(WhereLayerJson);
        var first = await AllocateAsync(layer, WhereTable.Rows.Count);
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, [.. WhereTable.Rows.Select((values, i) => WhereRow(first + i, values))], Ct));
        var rows = await ReadAsync(s => s.Features.GetFeaturesAsync(layer, [.. Enumerable.Range(0, WhereTable.Rows.Count).Select(i => first + i)], Ct));
        var cases = new[] { WhereCases.Basics, WhereCases.Text, WhereCases.Like, WhereCases.Dates, WhereCases.Numbers }.SelectMany(c => c).Select(c => (string)c[0]);

        var differences = new List<string>();
        await using var session = await Store.ReadAsync(Ct); // one session: a clause failing on the data must leave it usable
        foreach (var where in cases)
        {
            foreach (var caseSensitive in new[] { false, true })
            {
                var filter = new FeatureFilter
                {
                    Where = WhereParser.Parse(where, layer.Definition.Fields, new WhereContext(WhereCases.CurrentUser)),
                    CaseSensitive = caseSensitive,
                    Now = WhereTable.NowEpochMs,
                };
                var matched = (await session.Features.MatchRowsAsync(layer, rows, filter, Ct)).Order().ToList();
                try
                {
                    var selected = await SelectIdsAsync(layer, filter);
                    if (!selected.SequenceEqual(matched))
                    {
                        differences.Add($"{where} (case-sensitive: {caseSensitive}): table [{string.Join(" ", selected)}], rows [{string.Join(" ", matched)}]");
                    }
                }
                catch (ArcGisException)
                {
                    // PostgreSQL raised on the data: the query fails, and the rows it failed on do not match.
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task Matching_rows_applies_ids_the_envelope_and_drops_only_the_rows_a_clause_fails_on()
    {
        var (_, layer) = await NewLayerAsync();
        FeatureRow[] rows =
        [
            Scenario.Point(1, 0, 0, new() { ["name"] = "1", ["whole"] = 1L }),
            Scenario.Point(2, 5, 5, new() { ["name"] = "abc", ["whole"] = 2L }),
            Scenario.Point(1, 9, 9, new() { ["name"] = "one", ["whole"] = 3L }), // another state of feature 1
            new() { ObjectId = 3, Attributes = new Dictionary<string, object?> { ["name"] = "1" } },
        ];
        FeatureFilter Where(string clause) => new() { Where = WhereParser.Parse(clause, layer.Definition.Fields, WhereContext.Anonymous) };

        await using var session = await Store.ReadAsync(Ct);
        async Task<string> MatchAsync(FeatureFilter filter) => string.Join(" ", (await session.Features.MatchRowsAsync(layer, rows, filter, Ct)).Order());
        Assert.Equal("1 2 3", await MatchAsync(FeatureFilter.All));
        Assert.Equal("1 3", await MatchAsync(Where("whole = 3 OR shape IS NULL")));
        Assert.Equal("2", await MatchAsync(Where("whole > 1") with { ObjectIds = [2, 3] }));
        Assert.Equal("1", await MatchAsync(FeatureFilter.All with { Envelope = new Extent(8, 8, 10, 10) }));
        Assert.Equal("1", await MatchAsync(Where("NAME = 'ONE'")));
        Assert.Equal("", await MatchAsync(Where("NAME = 'ONE'") with { CaseSensitive = true }));
        // PostgreSQL cannot cast 'abc' (SQLite makes it 0): only that row is lost, and the session goes on.
        Assert.Equal("1 3", await MatchAsync(Where("CAST(name AS INTEGER) = 1")));
        Assert.Equal("2", await MatchAsync(Where("whole = 2")));
    }

    [Fact]
    public async Task The_next_change_of_each_feature_shows_it_as_it_was_right_after_a_generation()
    {
        var (_, layer) = await NewLayerAsync();
        FeatureRow State(long oid, string name) => Scenario.Point(oid, 0, 0, new() { ["name"] = name });
        FeatureChange Change(long gen, ChangeKind kind, long oid, FeatureRow? before = null, long? attachment = null) =>
            new() { LayerId = layer.Id, ServerGen = gen, Kind = kind, ObjectId = oid, BeforeRow = before, AttachmentId = attachment };
        await WriteAsync(s => s.Features.AppendChangesAsync(
            layer,
            [
                Change(1, ChangeKind.Insert, 40), Change(2, ChangeKind.Update, 40, State(40, "after 1")), Change(3, ChangeKind.Update, 40, State(40, "after 2")),
                Change(3, ChangeKind.Insert, 41, attachment: 7), Change(4, ChangeKind.Delete, 41, State(41, "after 3")),
            ],
            Ct));

        var next = await ReadAsync(s => s.Features.ReadNextChangesAsync(layer, 1, [40, 41, 99], Ct));
        Assert.Equal(["40 after 1", "41 after 3"], next.Select(c => $"{c.ObjectId} {c.BeforeRow!.Attributes["name"]}").Order());
        Assert.Empty(await ReadAsync(s => s.Features.ReadNextChangesAsync(layer, 4, [40, 41], Ct)));
    }

    private static FeatureRow WhereRow(long oid, object?[] values)
    {
        var attributes = new Dictionary<string, object?>();
        foreach (var (field, i) in WhereTable.Fields.Select((f, i) => (f.Name, i)).Where(f => f.Name is not ("ObjectID" or "GlobalID")))
        {
            attributes[field] = values[i] switch
            {
                short n => (long)n,
                int n => (long)n,
                float f => (double)f,
                var value => value,
            };
        }

        return new FeatureRow
        {
            ObjectId = oid,
            GlobalId = (string?)values[12],
            Attributes = attributes,
            Shape = values[^1] is null ? null : Scenario.Point(oid, 1, 2, []).Shape,
        };
    }
}
