using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;

namespace Geohooks.Core.Tests.Webhooks;

/// <summary>
/// Which changes a webhook filter matches: a feature matches in any state its changes saw (before each update or
/// delete, or now). The change log is written here as the editor writes it, one generation per edit, on a SQLite store.
/// </summary>
public sealed class HookFilterMatcherTests(MatcherStore fixture) : IClassFixture<MatcherStore>, IAsyncLifetime
{
    private const string InTheBox = """ "geometry":{"xmin":0,"ymin":0,"xmax":10,"ymax":10},"geometryType":"esriGeometryEnvelope" """;

    private static CancellationToken Ct => CancellationToken.None;

    private SqliteStore Store => fixture.Store;

    private FeatureService service = null!;

    private long gen;

    public async Task InitializeAsync()
    {
        await using var session = await Store.WriteAsync(Ct);
        var created = await session.Features.InsertAsync(new FeatureService
        {
            Key = 0, ItemId = Guid.NewGuid().ToString("N"), OrgId = "org", Name = "s" + Guid.NewGuid().ToString("N"),
            Definition = new ServiceDefinition { Wkid = 4326 },
        }, Ct);
        FeatureLayer[] layers =
        [
            Layer(created, 0, """{"name":"Sites","geometryType":"esriGeometryPoint","hasAttachments":true,"fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"name","type":"esriFieldTypeString"},{"name":"n","type":"esriFieldTypeInteger"}]}"""),
            Layer(created, 1, """{"name":"Notes","type":"Table","fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"name","type":"esriFieldTypeString"}]}"""),
        ];
        foreach (var layer in layers)
        {
            await session.Features.CreateLayerAsync(layer, Ct);
        }

        await session.CommitAsync(Ct);
        service = created with { Layers = layers };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_update_matches_on_the_state_before_it_and_on_the_state_now()
    {
        var a = await AddAsync(0, "a", 5, 5);
        var renamed = await UpdateAsync(0, a, "b");

        Assert.True(await MatchesAsync(renamed, """{"where":"name = 'a'"}"""));
        Assert.True(await MatchesAsync(renamed, """{"where":"name = 'b'"}"""));
        Assert.False(await MatchesAsync(renamed, """{"where":"name = 'c'"}"""));
        Assert.True(await MatchesAsync(renamed, """{"where":"NAME = 'A'"}"""));
        Assert.False(await MatchesAsync(renamed, """{"where":"NAME = 'A'"}""", caseSensitive: true));
        Assert.False(await MatchesAsync(renamed, renamed + 5, """{"where":"name = 'b'"}"""), "no change in the range");
    }

    [Fact]
    public async Task A_move_into_or_out_of_the_area_matches_and_one_far_away_does_not()
    {
        var a = await AddAsync(0, "a", 50, 50);
        var moveIn = await UpdateAsync(0, a, "a", 5, 5);
        var moveOut = await UpdateAsync(0, a, "a", 60, 60);
        var farAway = await UpdateAsync(0, a, "a", 70, 70);

        Assert.True(await MatchesAsync(moveIn, $"{{{InTheBox}}}")); // matched late: right after it is what the next edit found, not now
        Assert.True(await MatchesAsync(moveOut, $"{{{InTheBox}}}"));
        Assert.False(await MatchesAsync(farAway, $"{{{InTheBox}}}"));
        const string mercatorBox = """{"geometry":{"xmin":0,"ymin":0,"xmax":1113194,"ymax":1118889},"geometryType":"esriGeometryEnvelope","inSR":102100}""";
        Assert.True(await MatchesAsync(moveIn, mercatorBox));
        Assert.False(await MatchesAsync(farAway, mercatorBox));
    }

    [Fact]
    public async Task Where_and_geometry_must_hold_in_the_same_state()
    {
        var a = await AddAsync(0, "inside", 5, 5);
        var edit = await UpdateAsync(0, a, "outside", 50, 50);

        Assert.True(await MatchesAsync(edit, $$"""{"where":"name = 'inside'",{{InTheBox}}}"""));
        Assert.False(await MatchesAsync(edit, $$"""{"where":"name = 'outside'",{{InTheBox}}}"""));
    }

    [Fact]
    public async Task A_delete_is_judged_on_the_feature_it_removed()
    {
        var kept = await AddAsync(0, "a", 5, 5);
        var other = await AddAsync(0, "z", 50, 50);
        var deleteA = await DeleteAsync(0, kept);
        var deleteZ = await DeleteAsync(0, other);

        Assert.True(await MatchesAsync(deleteA, $$"""{"where":"name = 'a'",{{InTheBox}}}"""));
        Assert.False(await MatchesAsync(deleteZ, $$"""{"where":"name = 'a'"}"""));
        Assert.False(await MatchesAsync(deleteZ, $"{{{InTheBox}}}"));
    }

    [Fact]
    public async Task Attachment_changes_match_when_their_parent_does()
    {
        var parent = await AddAsync(0, "a", 5, 5);
        var stranger = await AddAsync(0, "z", 5, 5);
        var onParent = await AttachAsync(0, parent);
        var onStranger = await AttachAsync(0, stranger);

        Assert.True(await MatchesAsync(onParent, """{"where":"name = 'a'"}"""));
        Assert.False(await MatchesAsync(onStranger, """{"where":"name = 'a'"}"""));
    }

    [Fact]
    public async Task Layers_tables_and_stale_filters_decide_which_layers_can_match()
    {
        await AddAsync(0, "a", 5, 5);
        await AddAsync(1, "a");
        var note = gen;

        Assert.True(await MatchesAsync(0, gen, """{"where":"name = 'a'","layers":[0]}"""));
        Assert.False(await MatchesAsync(0, gen, """{"where":"name = 'a'","layers":[1]}"""));
        Assert.False(await MatchesAsync(0, gen, """{"layers":[1]}""", layerId: 7), "no such layer");
        Assert.True(await MatchesAsync(note, $$"""{"where":"name = 'a'",{{InTheBox}}}""", layerId: 1), "a table has no shape to filter");
        Assert.False(await MatchesAsync(0, gen, """{"where":"gone = 1"}"""), "a field the filter names was deleted");
    }

    private static FeatureLayer Layer(FeatureService service, int id, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new FeatureLayer { ServiceKey = service.Key, Definition = LayerDefinitionReader.Create(document.RootElement, id, 4326, new EditorTrackingInfo(), DefinitionError.Add) };
    }

    /// <summary>Whether the filter matches the changes of generation <paramref name="gen"/> alone.</summary>
    private Task<bool> MatchesAsync(long gen, string filter, int layerId = 0, bool caseSensitive = false) => MatchesAsync(gen - 1, gen, filter, layerId, caseSensitive);

    private async Task<bool> MatchesAsync(long minGen, long maxGen, string filter, int layerId = 0, bool caseSensitive = false)
    {
        await using var session = await Store.ReadAsync(Ct);
        var parsed = HookFilter.Parse(filter)!;
        return caseSensitive
            ? await HookFilterMatcher.MatchesAsync(session, service, layerId, minGen, maxGen, parsed, new FeatureQueryOptions(CaseSensitiveText: true), TimeProvider.System, Ct)
            : await HookFilterMatcher.MatchesAsync(session, service, layerId, minGen, maxGen, parsed, Ct);
    }

    /// <summary>Adds a feature (a point when x and y are given) in a generation of its own; returns its object id.</summary>
    private async Task<long> AddAsync(int layerId, string name, double? x = null, double? y = null)
    {
        long oid = 0;
        await EditAsync(layerId, async (session, layer) =>
        {
            oid = await session.Features.AllocateObjectIdsAsync(layer, 1, Ct);
            await session.Features.InsertFeaturesAsync(layer, [new FeatureRow { ObjectId = oid, Attributes = new Dictionary<string, object?> { ["name"] = name }, Shape = Shape(x, y) }], Ct);
            return Change(layer, ChangeKind.Insert, oid);
        });
        return oid;
    }

    private Task<long> UpdateAsync(int layerId, long oid, string name, double? x = null, double? y = null) =>
        EditAsync(layerId, async (session, layer) =>
        {
            var before = (await session.Features.GetFeaturesAsync(layer, [oid], Ct)).Single();
            var after = before with { Attributes = new Dictionary<string, object?>(before.Attributes) { ["name"] = name }, Shape = x is null ? before.Shape : Shape(x, y) };
            await session.Features.UpdateFeatureAsync(layer, after, ["name"], shape: x is not null, Ct);
            return Change(layer, ChangeKind.Update, oid) with { BeforeRow = before };
        });

    private Task<long> DeleteAsync(int layerId, long oid) =>
        EditAsync(layerId, async (session, layer) =>
        {
            var before = (await session.Features.GetFeaturesAsync(layer, [oid], Ct)).Single();
            await session.Features.DeleteFeaturesAsync(layer, [oid], Ct);
            return Change(layer, ChangeKind.Delete, oid) with { BeforeRow = before };
        });

    private Task<long> AttachAsync(int layerId, long parent) =>
        EditAsync(layerId, (_, layer) => Task.FromResult(Change(layer, ChangeKind.Insert, parent) with { AttachmentId = 1 }));

    /// <summary>One edit in the next generation; returns that generation.</summary>
    private async Task<long> EditAsync(int layerId, Func<IStoreSession, FeatureLayer, Task<FeatureChange>> edit)
    {
        var layer = service.FindLayer(layerId)!;
        await using var session = await Store.WriteAsync(Ct);
        gen++;
        await session.Features.AppendChangesAsync(layer, [await edit(session, layer)], Ct);
        await session.CommitAsync(Ct);
        return gen;
    }

    private FeatureChange Change(FeatureLayer layer, ChangeKind kind, long oid) => new() { LayerId = layer.Id, ServerGen = gen, Kind = kind, ObjectId = oid };

    private static StoredShape? Shape(double? x, double? y) => x is null ? null : FeatureShapes.Store(new Point(x.Value, y!.Value));
}

/// <summary>One migrated SQLite store in a temporary folder for the matcher tests.</summary>
public sealed class MatcherStore : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "geohooks-matcher-" + Guid.NewGuid().ToString("N"));

    public SqliteStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        Store = new SqliteStore(folder, NullLoggerFactory.Instance);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
