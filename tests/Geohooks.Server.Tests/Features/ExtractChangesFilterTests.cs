using System.Text;
using Geohooks.Core.Features.Changes;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// extractChanges' <c>filter</c> (a Geohooks extension, a webhook filter's JSON): a feature comes back when it matches
/// before or after its edits in the range; deletes are judged on their before-image, attachments on their parent.
/// </summary>
public abstract partial class ExtractChangesApiTests
{
    private const string Box = """ "geometry":{"xmin":0,"ymin":0,"xmax":10,"ymax":10},"geometryType":"esriGeometryEnvelope" """;

    [Fact]
    public async Task A_filter_keeps_features_that_match_before_or_after_their_edits()
    {
        var (token, svc) = await ServiceAsync();
        var layer = svc + "/0";
        var ids = await AddAsync(token, layer, """
            [{"geometry":{"x":1,"y":1},"attributes":{"name":"a","n":5}},{"geometry":{"x":50,"y":50},"attributes":{"name":"b","n":1}},
             {"geometry":{"x":2,"y":2},"attributes":{"name":"c","n":5}},{"geometry":{"x":70,"y":70},"attributes":{"name":"d","n":0}},
             {"geometry":{"x":3,"y":3},"attributes":{"name":"e","n":0}}]
            """); // gen 1
        var (a, b, c, d, e) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
        await EditAsync(token, layer, ("updates", $$$"""
            [{"attributes":{"OBJECTID":{{{a}}},"n":1}},{"attributes":{"OBJECTID":{{{b}}},"n":7}},
             {"attributes":{"OBJECTID":{{{d}}},"name":"d2"}},{"attributes":{"OBJECTID":{{{e}}},"name":"e2"}}]
            """)); // gen 2: a leaves n > 2, b enters it
        await EditAsync(token, layer, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{c}}}},"geometry":{"x":60,"y":60}}]""")); // gen 3: c leaves the box

        async Task<long[]> UpdatedAsync(string filter, string gens = "[1,3]") =>
            [.. Ids(Features(await ExtractAsync(token, svc, ("serverGens", gens), ("filter", filter))), "updates").Order()];
        var (where, whereEarlier, box, both, all, point) = (
            await UpdatedAsync("""{"where":"n > 2"}"""), await UpdatedAsync("""{"where":"n > 2"}""", "[1,2]"), await UpdatedAsync($"{{{Box}}}"),
            await UpdatedAsync($$"""{"where":"n > 2",{{Box}}}"""), await UpdatedAsync("""{"where":"1 = 1"}"""),
            await UpdatedAsync("""{"where":"n > 2","geometry":{"x":50,"y":50},"spatialRel":"esriSpatialRelIntersects"}"""));
        Assert.Equal([a, b, c], where);
        Assert.Equal([a, b], whereEarlier);
        Assert.Equal([a, c, e], box);
        Assert.Equal([a, c], both);
        Assert.Equal([a, b, c, d, e], all);
        Assert.Equal([b], point);

        var added = Features(await ExtractAsync(token, svc, ("serverGens", "[0,3]"), ("filter", $"{{{Box}}}")));
        Assert.Equal([a, c, e], Ids(added, "adds")); // c is added and then moved out: it was in the box after its insert
        Assert.Equal(60, added.GetProperty("adds")[1].GetProperty("geometry").GetProperty("x").GetDouble()); // as it is now
    }

    [Fact]
    public async Task A_deleted_feature_is_judged_and_returned_as_it_was_before_the_delete()
    {
        var (token, svc) = await ServiceAsync();
        var layer = svc + "/0";
        var ids = await AddAsync(token, layer, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a","n":5}},{"geometry":{"x":70,"y":70},"attributes":{"name":"z","n":5}}]""");
        await EditAsync(token, layer, ("deletes", $"{ids[0]},{ids[1]}")); // gen 2

        foreach (var filter in new[] { """{"where":"name = 'a'"}""", $"{{{Box}}}" })
        {
            var deleted = Features(await ExtractAsync(token, svc, ("serverGens", "[1,2]"), ("filter", filter), ("returnDeletedFeatures", "true")));
            Assert.Equal([ids[0]], deleted.GetProperty("deleteIds").EnumerateArray().Select(x => x.GetInt64()));
            var feature = Assert.Single(deleted.GetProperty("deletes").EnumerateArray());
            Assert.Equal(("a", 5), (feature.GetProperty("attributes").Str("name"), feature.GetProperty("attributes").GetProperty("n").GetInt32()));
            Assert.Equal(1, feature.GetProperty("geometry").GetProperty("x").GetDouble());
        }

        var none = Features(await ExtractAsync(token, svc, ("serverGens", "[1,2]"), ("filter", """{"where":"name = 'b'"}""")));
        Assert.Empty(none.GetProperty("deleteIds").EnumerateArray());
    }

    [Fact]
    public async Task Attachments_follow_their_parent_and_layers_limit_the_filter()
    {
        var token = await Server.AdminTokenAsync();
        var name = Unique.Name("filtered");
        var itemId = await Server.CreateServiceWithAsync(token, FeatureKit.Admin, name, capabilities: FeatureKit.Editing + ",ChangeTracking");
        var svc = FeatureKit.Svc(name);
        var ids = await Server.AddAsync(token, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"keep"}},{"geometry":{"x":2,"y":2},"attributes":{"name":"skip"}}]""");
        var note = await Server.AddAsync(token, name, 1, """[{"attributes":{"note":"keep"}}]""");
        foreach (var id in ids)
        {
            var added = await Server.PostFileAsync($"{svc}/0/{id}/addAttachment", token, "attachment", "a.txt", "text/plain", Encoding.UTF8.GetBytes("x"));
            Assert.True(added.GetProperty("addAttachmentResult").GetProperty("success").GetBoolean(), added.ToString());
        }

        var attachments = (await ExtractAsync(token, svc, ("serverGens", "[0,100]"), ("returnAttachments", "true"), ("layers", "[0]"), ("filter", """{"where":"name = 'keep'","layers":[0]}""")))
            .GetProperty("edits")[0].GetProperty("attachments");
        Assert.Equal([ids[0]], attachments.GetProperty("adds").EnumerateArray().Select(x => x.GetProperty("parentObjectId").GetInt64()));

        var everything = await ExtractAsync(token, svc, ("serverGens", "[0,100]"), ("filter", """{"layers":[1]}"""));
        var edits = everything.GetProperty("edits");
        Assert.Empty(Ids(edits[0].GetProperty("features"), "adds"));
        Assert.Equal(note, Ids(edits[1].GetProperty("features"), "adds"));

        // The webhook dispatcher's call: the same document, from the service it holds, in its own session.
        var request = new ExtractChangesRequest
        {
            ServerGens = (0, null), Layers = [0, 1], Filter = HookFilter.Parse("""{"where":"name = 'keep'","layers":[0]}"""),
            ReturnDeletedFeatures = true, ReturnAttachments = true,
        };
        await using var session = await Server.Store.ReadAsync(CancellationToken.None);
        var service = (await session.Features.FindByItemAsync(itemId, CancellationToken.None))!;
        var inline = await Server.Services.GetRequiredService<ChangeExtractor>().ExtractForWebhookAsync(session, service, request, CancellationToken.None);
        var overHttp = await ExtractAsync(token, svc, ("serverGens", "[0]"), ("layers", "[0,1]"), ("filter", """{"where":"name = 'keep'","layers":[0]}"""),
            ("returnDeletedFeatures", "true"), ("returnAttachments", "true"));
        Assert.Equal(overHttp.GetRawText(), FeatureKit.Parse(inline).GetRawText());
        Assert.Equal([ids[0]], Ids(FeatureKit.Parse(inline).GetProperty("edits")[0].GetProperty("features"), "adds"));
    }

    [Fact]
    public async Task A_bad_filter_is_the_400_envelope_and_changes_nothing()
    {
        var (token, svc) = await ServiceAsync();
        await AddAsync(token, svc + "/0", """[{"geometry":{"x":1,"y":1},"attributes":{"name":"a","n":1}}]""");
        var before = await ExtractAsync(token, svc, ("serverGens", "[0,1]"));
        string[] filters =
        [
            "not json", "[1]", """{"wher":"n > 2"}""", """{"where":"nope = 1"}""", """{"where":"n >"}""", """{"where":5}""", """{"layers":[7]}""",
            """{"layers":"0"}""", """{"geometry":{"x":"a","y":1}}""", """{"spatialRel":"esriSpatialRelIntersects"}""",
            """{"geometry":{"x":1,"y":1},"spatialRel":"esriSpatialRelNearby"}""", """{"geometry":{"x":1,"y":1},"inSR":999999}""",
        ];

        foreach (var filter in filters)
        {
            var sync = await ExtractAsync(token, svc, ("serverGens", "[0,1]"), ("filter", filter));
            Assert.True(sync.IsError(400), $"{filter}: {sync}");
            (await ExtractAsync(token, svc, ("serverGens", "[0,1]"), ("filter", filter), ("async", "true"))).AssertError(400);
        }

        Assert.Equal(before.GetRawText(), (await ExtractAsync(token, svc, ("serverGens", "[0,1]"))).GetRawText());
        Assert.Equal(1, (await Server.GetAsync(svc + "/0", token)).GetProperty("serverGens").GetProperty("serverGen").GetInt64());
    }
}
