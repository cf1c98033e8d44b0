using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// extractChanges' selectors (webhooks spec §6.1): <c>layers</c> picks the layers and tables that come back, and
/// <c>returnInserts</c>/<c>returnUpdates</c>/<c>returnDeletes</c> each leave out exactly their kind of change from a
/// range that holds all three.
/// </summary>
public abstract partial class ExtractChangesApiTests
{
    [Fact]
    public async Task Layers_leaves_out_the_layers_it_does_not_name()
    {
        var token = await Server.AdminTokenAsync();
        var name = Unique.Name("selected");
        await Server.CreateServiceWithAsync(token, FeatureKit.Admin, name, capabilities: FeatureKit.Editing + ",ChangeTracking");
        var svc = FeatureKit.Svc(name);
        var sites = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"s1"}},{"geometry":{"x":2,"y":2},"attributes":{"name":"s2"}}]""");
        var notes = await Server.AddAsync(token, name, 1, """[{"attributes":{"note":"n1"}}]""");
        var siteGen = await Server.ServerGenAsync(token, name, 0);
        var noteGen = await Server.ServerGenAsync(token, name, 1);
        Assert.NotEqual(siteGen, noteGen);

        var both = await ExtractAsync(token, svc, ("serverGens", "[0,100]"));
        Assert.Equal([0, 1], LayerIds(both));
        Assert.Equal(sites, Ids(both.GetProperty("edits")[0].GetProperty("features"), "adds"));
        Assert.Equal(notes, Ids(both.GetProperty("edits")[1].GetProperty("features"), "adds"));

        foreach (var (layers, id, gen, expected) in new[] { ("[0]", 0, siteGen, sites), ("[1]", 1, noteGen, notes), ("1", 1, noteGen, notes) })
        {
            var one = await ExtractAsync(token, svc, ("serverGens", "[0,100]"), ("layers", layers));
            Assert.False(one.TryGetProperty("error", out _), one.ToString());
            Assert.Equal([id], LayerIds(one));
            var serverGen = Assert.Single(one.GetProperty("layerServerGens").EnumerateArray());
            Assert.Equal((id, gen), (serverGen.GetProperty("id").GetInt32(), serverGen.GetProperty("serverGen").GetInt64()));
            Assert.Equal(expected, Ids(Features(one), "adds"));

            var idsOnly = await ExtractAsync(token, svc, ("serverGens", "[0,100]"), ("layers", layers), ("returnIdsOnly", "true"));
            Assert.Equal([id], LayerIds(idsOnly));
            Assert.Equal(expected, idsOnly.GetProperty("edits")[0].GetProperty("objectIds").GetProperty("adds").EnumerateArray().Select(x => x.GetInt64()));
        }
    }

    [Fact]
    public async Task Each_return_switch_leaves_out_only_its_kind_of_change()
    {
        var (token, svc) = await ServiceAsync();
        var layer = svc + "/0";
        var ids = await AddAsync(token, layer, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a","n":1}},{"geometry":{"x":2,"y":2},"attributes":{"name":"b","n":2}}]"""); // gen 1
        var (a, b) = (ids[0], ids[1]);
        await EditAsync(token, layer, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{a}}},"name":"a2"}}]"""), ("deletes", $"{b}")); // gen 2
        var c = (await AddAsync(token, layer, """[{"geometry":{"x":3,"y":3},"attributes":{"name":"c","n":3}}]"""))[0]; // gen 3

        // From generation 1 on, the range holds an insert (c), an update (a) and a delete (b): each answer is written
        // as "adds|updates|deleteIds|deletes" for the features and "adds|updates|deletes" for returnIdsOnly.
        async Task<(string Features, string IdsOnly)> KindsAsync(params (string, string)[] switches)
        {
            var features = Features(await ExtractAsync(token, svc, [("serverGens", "[1,3]"), ("returnDeletedFeatures", "true"), .. switches]));
            var idsOnly = (await ExtractAsync(token, svc, [("serverGens", "[1,3]"), ("returnIdsOnly", "true"), .. switches])).GetProperty("edits")[0].GetProperty("objectIds");
            var deleteIds = features.GetProperty("deleteIds").EnumerateArray().Select(x => x.GetInt64());
            IEnumerable<long> Of(string kind) => idsOnly.GetProperty(kind).EnumerateArray().Select(x => x.GetInt64());
            return (Kinds(Ids(features, "adds"), Ids(features, "updates"), deleteIds, Ids(features, "deletes")), Kinds(Of("adds"), Of("updates"), Of("deletes")));
        }

        static string Kinds(params IEnumerable<IEnumerable<long>> kinds) => string.Join('|', kinds.Select(ids => string.Join(',', ids)));

        Assert.Equal((Kinds([c], [a], [b], [b]), Kinds([c], [a], [b])), await KindsAsync());
        Assert.Equal((Kinds([], [a], [b], [b]), Kinds([], [a], [b])), await KindsAsync(("returnInserts", "false")));
        Assert.Equal((Kinds([c], [], [b], [b]), Kinds([c], [], [b])), await KindsAsync(("returnUpdates", "false")));
        Assert.Equal((Kinds([c], [a], [], []), Kinds([c], [a], [])), await KindsAsync(("returnDeletes", "false")));
        Assert.Equal((Kinds([], [], [], []), Kinds([], [], [])), await KindsAsync(("returnInserts", "false"), ("returnUpdates", "false"), ("returnDeletes", "false")));
    }

    private static int[] LayerIds(JsonElement answer) => [.. answer.GetProperty("edits").EnumerateArray().Select(e => e.GetProperty("id").GetInt32())];
}
