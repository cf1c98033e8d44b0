using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>applyEdits and the single-purpose edit operations: values, validation codes, rollback, GlobalIDs, SR, editor tracking.</summary>
public abstract class EditTests(ServerFixture fixture)
{
    /// <summary>A bad edit: which list it goes in, its JSON (an element of adds/updates, or a delete id), and the expected code and description.</summary>
    public sealed record BadEdit(string Description, string Kind, string Json, int Code, string Text);

    /// <summary>Per-edit failures of the Sites layer (see <see cref="FeatureKit.SitesAndVisits"/>); {oid} is an existing feature.</summary>
    public static readonly IReadOnlyList<BadEdit> BadEdits =
    [
        new("add: not an object", "adds", "\"feature\"", 1000, "Non-specific edit content error."),
        new("add: attributes is an array", "adds", """{"attributes":[1,2]}""", 1000, "Non-specific edit content error."),
        new("add: null into a non-nullable field", "adds", """{"attributes":{"name":null}}""", 1001, "Field: name is not nullable. Cannot set null value."),
        new("add: non-nullable field left out", "adds", """{"attributes":{"kind":"k"}}""", 1001, "Field: name is not nullable. Cannot set null value."),
        new("add: string longer than its length", "adds", """{"attributes":{"name":"abcdefghijklmnopqrstu"}}""", 1016, "Setting of value for name failed."),
        new("add: text into an integer", "adds", """{"attributes":{"name":"a","visits":"many"}}""", 1016, "Setting of value for visits failed."),
        new("add: integer out of range", "adds", """{"attributes":{"name":"a","visits":3000000000}}""", 1016, "Setting of value for visits failed."),
        new("add: fraction into a small integer", "adds", """{"attributes":{"name":"a","status":1.5}}""", 1016, "Setting of value for status failed."),
        new("add: code outside the coded-value domain", "adds", """{"attributes":{"name":"a","status":7}}""", 1016, "Setting of value for status failed."),
        new("add: number outside the range domain", "adds", """{"attributes":{"name":"a","score":100.5}}""", 1016, "Setting of value for score failed."),
        new("add: boolean into a double", "adds", """{"attributes":{"name":"a","score":true}}""", 1016, "Setting of value for score failed."),
        new("add: number into a string", "adds", """{"attributes":{"name":12}}""", 1016, "Setting of value for name failed."),
        new("add: text into a date", "adds", """{"attributes":{"name":"a","seen":"yesterday"}}""", 1016, "Setting of value for seen failed."),
        new("add: impossible date-only", "adds", """{"attributes":{"name":"a","day":"2024-13-45"}}""", 1016, "Setting of value for day failed."),
        new("add: impossible time-only", "adds", """{"attributes":{"name":"a","tod":"25:61:00"}}""", 1016, "Setting of value for tod failed."),
        new("add: not a GUID", "adds", """{"attributes":{"name":"a","ref":"not-a-guid"}}""", 1016, "Setting of value for ref failed."),
        new("add: blob that is not base64", "adds", """{"attributes":{"name":"a","raw":"!!!"}}""", 1016, "Setting of value for raw failed."),
        new("add: polyline into a point layer", "adds", """{"attributes":{"name":"a"},"geometry":{"paths":[[[0,0],[1,1]]]}}""", 1015, "Geometry could not be set."),
        new("add: point with a text coordinate", "adds", """{"attributes":{"name":"a"},"geometry":{"x":"east","y":1}}""", 1015, "Geometry could not be set."),
        new("add: geometry is an array", "adds", """{"attributes":{"name":"a"},"geometry":[1,2]}""", 1015, "Geometry could not be set."),
        new("update: unknown object id", "updates", """{"attributes":{"OBJECTID":987654,"name":"x"}}""", 1011, "Object is missing."),
        new("update: no object id", "updates", """{"attributes":{"name":"x"}}""", 1011, "Object is missing."),
        new("update: null into a non-nullable field", "updates", """{"attributes":{"OBJECTID":{oid},"name":null}}""", 1001, "Field: name is not nullable. Cannot set null value."),
        new("update: code outside the domain", "updates", """{"attributes":{"OBJECTID":{oid},"status":9}}""", 1016, "Setting of value for status failed."),
        new("update: wrong geometry type", "updates", """{"attributes":{"OBJECTID":{oid}},"geometry":{"rings":[[[0,0],[0,1],[1,1],[0,0]]]}}""", 1015, "Geometry could not be set."),
        new("delete: unknown object id", "deletes", "987654", 1011, "Object is missing."),
        new("delete: not a number", "deletes", "abc", 1011, "Object is missing."),
    ];

    public static TheoryData<string> BadEditRows => [.. BadEdits.Select(b => b.Description)];

    private GeohooksServer Server => fixture.Server;

    private static string Fill(string json, long oid) => json.Replace("{oid}", oid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static (string, string) Edit(BadEdit bad, long oid) =>
        bad.Kind == "deletes" ? ("deletes", Fill(bad.Json, oid)) : (bad.Kind, "[" + Fill(bad.Json, oid) + "]");

    /// <summary>A fresh Sites service with one feature; returns its object id.</summary>
    private async Task<(string Token, string Name, long Oid)> SitesAsync(string extra = "")
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Ed");
        await Server.CreateServiceWithAsync(admin, Admin, name, extra: extra);
        var oid = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"first","status":1},"geometry":{"x":10,"y":20}}]"""));
        return (admin, name, oid);
    }

    /// <summary>One Sites service per server for the rollback rows: none of them may change it, so they can share it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GeohooksServer, Task<(string Token, string Name, long Oid)>> RollbackTargets = [];

    [Theory]
    [MemberData(nameof(BadEditRows))]
    public async Task With_rollback_one_bad_edit_writes_nothing(string description)
    {
        var bad = BadEdits.Single(b => b.Description == description);
        var (_, name, oid) = await RollbackTargets.GetValue(Server, _ => SitesAsync());
        var admin = await Server.AdminTokenAsync();
        var gen = await Server.ServerGenAsync(admin, name, 0);
        var before = await Server.LastEventSequenceAsync();

        // Good edits of every kind around the bad one: none of them may stick.
        var parameters = new Dictionary<string, string>
        {
            ["adds"] = """[{"attributes":{"name":"good add"},"geometry":{"x":1,"y":1}}]""",
            ["updates"] = $$$"""[{"attributes":{"OBJECTID":{{{oid}}},"name":"good update"} }]""",
        };
        var (kind, json) = Edit(bad, oid);
        parameters[kind] = kind == "deletes" ? json : "[" + parameters[kind][1..^1] + "," + json[1..^1] + "]";
        foreach (var rollback in new[] { null, "true" })
        {
            var sent = parameters.Select(p => (p.Key, p.Value)).ToList();
            if (rollback is not null)
            {
                sent.Add(("rollbackOnFailure", rollback));
            }

            var answer = await Server.ApplyEditsAsync(admin, name, 0, [.. sent]);
            answer.AssertError(400);
            var error = answer.GetProperty("error");
            Assert.Equal("Unable to complete operation.", error.Str("message"));
            Assert.Equal([bad.Text, "Operation rolled back."], error.Strings("details"));
        }

        Assert.Equal(1, await Server.CountAsync(admin, name, 0));
        Assert.Equal("first", (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes").Str("name"));
        Assert.Equal(gen, await Server.ServerGenAsync(admin, name, 0));
        Assert.Equal(before, await Server.LastEventSequenceAsync());
    }

    [Fact]
    public async Task Without_rollback_each_bad_edit_gets_its_code_and_the_good_ones_commit()
    {
        var (admin, name, oid) = await SitesAsync();
        var lists = BadEdits.GroupBy(b => b.Kind).ToDictionary(g => g.Key, g => g.ToList());
        var adds = "[" + string.Join(',', lists["adds"].Select(b => b.Json).Prepend("""{"attributes":{"name":"good"},"geometry":{"x":5,"y":5}}""")) + "]";
        var updates = "[" + string.Join(',', lists["updates"].Select(b => Fill(b.Json, oid)).Append($$$"""{"attributes":{"OBJECTID":{{{oid}}},"visits":3} }""")) + "]";
        var deletes = string.Join(',', lists["deletes"].Select(b => b.Json));

        var answer = await Server.ApplyEditsAsync(admin, name, 0, ("adds", adds), ("updates", updates), ("deletes", deletes), ("rollbackOnFailure", "false"));

        void Check(string key, List<BadEdit> bads, int goodAt)
        {
            var results = answer.GetProperty(key).EnumerateArray().ToList();
            Assert.Equal(bads.Count + 1, results.Count);
            Assert.True(results[goodAt].GetProperty("success").GetBoolean(), results[goodAt].ToString());
            Assert.False(results[goodAt].TryGetProperty("error", out _));
            var failed = results.Where((_, i) => i != goodAt).ToList();
            for (var i = 0; i < bads.Count; i++)
            {
                Assert.False(failed[i].GetProperty("success").GetBoolean(), bads[i].Description);
                var error = failed[i].GetProperty("error");
                Assert.True((bads[i].Code, bads[i].Text) == (error.GetProperty("code").GetInt32(), error.Str("description")), $"{bads[i].Description}: {failed[i]}");
            }
        }

        Check("addResults", lists["adds"], 0);
        Check("updateResults", lists["updates"], lists["updates"].Count);
        Assert.All(answer.GetProperty("addResults").EnumerateArray().Skip(1), r => Assert.Equal(-1, r.GetProperty("objectId").GetInt64()));
        var deleteResults = answer.GetProperty("deleteResults").EnumerateArray().ToList();
        Assert.Equal(lists["deletes"].Count, deleteResults.Count);
        Assert.All(deleteResults.Zip(lists["deletes"]), p => Assert.Equal(p.Second.Code, p.First.GetProperty("error").GetProperty("code").GetInt32()));

        Assert.Equal(2, await Server.CountAsync(admin, name, 0));
        var first = (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes");
        Assert.Equal(("first", 1, 3), (first.Str("name"), first.GetProperty("status").GetInt32(), first.GetProperty("visits").GetInt32()));
        Assert.Equal(1, await Server.CountAsync(admin, name, 0, "name = 'good'"));
    }

    [Fact]
    public async Task Every_field_type_round_trips_and_updates_are_partial()
    {
        var (admin, name, _) = await SitesAsync();
        var answer = await Server.ApplyEditsAsync(admin, name, 0, ("returnEditMoment", "true"), ("adds", """
            [{"attributes":{"OBJECTID":777,"GlobalID":"{00000000-0000-0000-0000-000000000001}","name":"typed","score":99.5,"visits":-42,
              "big":9007199254740993,"ratio":0.25,"seen":1709210096789,"day":"2024-02-29","tod":"13:45:00","ts":"2024-02-29T13:45:00+02:00",
              "ref":"{6f2a3b4c-1d2e-4f50-9a8b-7c6d5e4f3a2b}","raw":"AAEC/w==","doc":"<a>1</a>","unknownField":"ignored"},
              "geometry":{"x":-73.5,"y":40.25}}]
            """));
        Assert.False(answer.TryGetProperty("error", out _), answer.ToString());
        var moment = answer.GetProperty("editMoment").GetInt64();
        Assert.InRange(moment, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
        var result = Assert.Single(answer.GetProperty("addResults").EnumerateArray());
        var oid = result.GetProperty("objectId").GetInt64();
        Assert.NotEqual(777, oid);
        Assert.Matches("^\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\}$", result.Str("globalId"));
        Assert.NotEqual("{00000000-0000-0000-0000-000000000001}", result.Str("globalId"));
        Assert.Equal(0, answer.GetProperty("updateResults").GetArrayLength());
        Assert.Equal(0, answer.GetProperty("deleteResults").GetArrayLength());

        var feature = await Server.FeatureAsync(admin, name, 0, oid);
        var a = feature.GetProperty("attributes");
        Assert.Equal(result.Str("globalId"), a.Str("GlobalID"));
        Assert.Equal(("typed", "unknown", 0), (a.Str("name"), a.Str("kind"), a.GetProperty("status").GetInt32()));
        Assert.Equal((99.5, -42, 9007199254740993L, 0.25), (a.GetProperty("score").GetDouble(), a.GetProperty("visits").GetInt32(), a.GetProperty("big").GetInt64(), a.GetProperty("ratio").GetDouble()));
        Assert.Equal(1709210096789, a.GetProperty("seen").GetInt64());
        Assert.Equal(("2024-02-29", "13:45:00"), (a.Str("day"), a.Str("tod")));
        Assert.Equal(DateTimeOffset.Parse("2024-02-29T11:45:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(a.Str("ts"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("{6F2A3B4C-1D2E-4F50-9A8B-7C6D5E4F3A2B}", a.Str("ref"));
        Assert.Equal([0, 1, 2, 255], Convert.FromBase64String(a.Str("raw")));
        Assert.Equal("<a>1</a>", a.Str("doc"));
        Assert.False(a.TryGetProperty("unknownField", out _));
        Assert.Equal((-73.5, 40.25), (feature.GetProperty("geometry").GetProperty("x").GetDouble(), feature.GetProperty("geometry").GetProperty("y").GetDouble()));

        // A partial update changes only what it names; without geometry the shape stays; null clears a nullable field.
        var updated = await Server.ApplyEditsAsync(admin, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{oid}}},"visits":"7","score":null,"GlobalID":"{11111111-1111-1111-1111-111111111111}"} }]"""));
        Assert.True(updated.GetProperty("updateResults")[0].GetProperty("success").GetBoolean(), updated.ToString());
        Assert.Equal(result.Str("globalId"), updated.GetProperty("updateResults")[0].Str("globalId"));
        a = (feature = await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes");
        Assert.Equal((7, "typed", JsonValueKind.Null), (a.GetProperty("visits").GetInt32(), a.Str("name"), a.GetProperty("score").ValueKind));
        Assert.Equal(result.Str("globalId"), a.Str("GlobalID"));
        Assert.Equal(-73.5, feature.GetProperty("geometry").GetProperty("x").GetDouble());
        await Server.ApplyEditsAsync(admin, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{oid}}} },"geometry":{"x":1.5,"y":2.5}}]"""));
        Assert.Equal(1.5, (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("geometry").GetProperty("x").GetDouble());

        // A Single keeps float precision and reads back as the decimal that was sent; where literals agree with it.
        var tenth = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"tenth","ratio":0.1}}]"""));
        Assert.Equal(0.1, (await Server.FeatureAsync(admin, name, 0, tenth)).GetProperty("attributes").GetProperty("ratio").GetDouble());
        Assert.Equal([tenth], await Server.IdsAsync(admin, name, 0, "ratio = 0.1"));
        var huge = await Server.ApplyEditsAsync(admin, name, 0, ("rollbackOnFailure", "false"), ("adds", """[{"attributes":{"name":"huge","ratio":1e300}}]"""));
        Assert.Equal(1016, huge.GetProperty("addResults")[0].GetProperty("error").GetProperty("code").GetInt32());

        var deleted = await Server.ApplyEditsAsync(admin, name, 0, ("deletes", $"[{oid}]"));
        Assert.Equal((oid, true), (deleted.GetProperty("deleteResults")[0].GetProperty("objectId").GetInt64(), deleted.GetProperty("deleteResults")[0].GetProperty("success").GetBoolean()));
        Assert.Equal(0, await Server.CountAsync(admin, name, 0, $"OBJECTID = {oid}"));
    }

    [Fact]
    public async Task Geometry_updates_can_be_switched_off()
    {
        var (admin, name, oid) = await SitesAsync();
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"allowGeometryUpdates":false}"""))).AssertSuccess();
        Assert.False((await Server.GetAsync($"{Svc(name)}/0", admin)).GetProperty("allowGeometryUpdates").GetBoolean());
        var answer = await Server.ApplyEditsAsync(admin, name, 0, ("rollbackOnFailure", "false"), ("updates", $$$"""
            [{"attributes":{"OBJECTID":{{{oid}}},"name":"moved"},"geometry":{"x":50,"y":50}},{"attributes":{"OBJECTID":{{{oid}}},"visits":9} }]
            """));
        var results = answer.GetProperty("updateResults");
        Assert.Equal((1004, "Geometry update not allowed."), (results[0].GetProperty("error").GetProperty("code").GetInt32(), results[0].GetProperty("error").Str("description")));
        Assert.True(results[1].GetProperty("success").GetBoolean());
        var feature = await Server.FeatureAsync(admin, name, 0, oid);
        Assert.Equal(("first", 9, 10.0), (feature.GetProperty("attributes").Str("name"), feature.GetProperty("attributes").GetProperty("visits").GetInt32(), feature.GetProperty("geometry").GetProperty("x").GetDouble()));
        Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"new"},"geometry":{"x":3,"y":3}}]"""));
    }

    [Fact]
    public async Task Z_and_M_layers_need_the_ordinates_and_return_them()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("ZM");
        await Server.CreateServiceWithAsync(admin, Admin, name, """
            {"layers":[{"name":"Poles","geometryType":"esriGeometryPoint","hasZ":true,"hasM":true,"spatialReference":{"wkid":4326},
              "fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"}]},
             {"name":"Lines","geometryType":"esriGeometryPolyline","hasZ":true,"spatialReference":{"wkid":4326},"fields":[]}]}
            """);
        var answer = await Server.ApplyEditsAsync(admin, name, 0, ("rollbackOnFailure", "false"), ("adds", """
            [{"geometry":{"x":1,"y":2,"z":30,"m":4}},{"geometry":{"x":1,"y":2,"m":4}},{"geometry":{"x":1,"y":2,"z":3}}]
            """));
        var codes = answer.GetProperty("addResults").EnumerateArray().Select(r => r.TryGetProperty("error", out var e) ? e.GetProperty("code").GetInt32() : 0).ToArray();
        Assert.Equal([0, 1014, 1002], codes);

        var withZM = await Server.QueryAsync(admin, name, 0, ("where", "1=1"), ("returnZ", "true"), ("returnM", "true"));
        Assert.True(withZM.GetProperty("hasZ").GetBoolean());
        Assert.True(withZM.GetProperty("hasM").GetBoolean());
        var point = Assert.Single(withZM.GetProperty("features").EnumerateArray()).GetProperty("geometry");
        Assert.Equal((1.0, 2.0, 30.0, 4.0), (point.GetProperty("x").GetDouble(), point.GetProperty("y").GetDouble(), point.GetProperty("z").GetDouble(), point.GetProperty("m").GetDouble()));
        var plain = await Server.QueryAsync(admin, name, 0, ("where", "1=1"));
        Assert.False(plain.TryGetProperty("hasZ", out _));
        Assert.False(plain.GetProperty("features")[0].GetProperty("geometry").TryGetProperty("z", out _));

        Assert.Single(await Server.AddAsync(admin, name, 1, """[{"geometry":{"hasZ":true,"paths":[[[0,0,1],[1,1,2]]]}}]"""));
        var line = (await Server.QueryAsync(admin, name, 1, ("where", "1=1"), ("returnZ", "true"))).GetProperty("features")[0].GetProperty("geometry");
        Assert.True(line.GetProperty("hasZ").GetBoolean());
        Assert.Equal(2, line.GetProperty("paths")[0][1][2].GetDouble());
        var noZ = await Server.ApplyEditsAsync(admin, name, 1, ("rollbackOnFailure", "false"), ("adds", """[{"geometry":{"paths":[[[0,0],[1,1]]]}}]"""));
        Assert.Equal(1014, noZ.GetProperty("addResults")[0].GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Multipoint_features_round_trip_through_edits_spatial_queries_and_updates()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Multi");
        await Server.CreateServiceWithAsync(admin, Admin, name, """
            {"layers":[{"name":"Clusters","geometryType":"esriGeometryMultipoint","spatialReference":{"wkid":4326},
              "fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"label","type":"esriFieldTypeString"}]}]}
            """);
        Assert.Equal("esriGeometryMultipoint", (await Server.GetAsync($"{Svc(name)}/0", admin)).Str("geometryType"));
        var ids = await Server.AddAsync(admin, name, 0, """
            [{"attributes":{"label":"west"},"geometry":{"points":[[1,1],[2,3]]}},
             {"attributes":{"label":"east"},"geometry":{"points":[[20,20],[21,22],[23,21]]}}]
            """);
        var (west, east) = (ids[0], ids[1]);

        static string Points(JsonElement feature) => feature.GetProperty("geometry").GetProperty("points").GetRawText();
        var all = await Server.QueryAsync(admin, name, 0, ("where", "1=1"), ("outFields", "label"), ("orderByFields", "OBJECTID"));
        Assert.Equal("esriGeometryMultipoint", all.Str("geometryType"));
        Assert.Equal(["[[1,1],[2,3]]", "[[20,20],[21,22],[23,21]]"], all.GetProperty("features").EnumerateArray().Select(Points));

        // Spatial filters are exact on the points, after the envelope prefilter: a box inside east's envelope that
        // holds none of its points matches only by envelope.
        Task<long[]> Matching(string geometry, string type, string rel = "esriSpatialRelIntersects") =>
            Server.IdsAsync(admin, name, 0, "1=1", ("geometry", geometry), ("geometryType", type), ("spatialRel", rel));
        const string EastCorner = "22.5,20.5,24,22";
        const string BetweenEastPoints = "21.5,20.2,22.5,20.8";
        const string AroundWest = """{"rings":[[[0,0],[0,4],[3,4],[3,0],[0,0]]]}""";
        const string AroundOnePoint = """{"rings":[[[0,0],[0,2],[1.5,2],[1.5,0],[0,0]]]}""";
        Assert.Equal([east], await Matching(EastCorner, "esriGeometryEnvelope"));
        Assert.Empty(await Matching(BetweenEastPoints, "esriGeometryEnvelope"));
        Assert.Equal([east], await Matching(BetweenEastPoints, "esriGeometryEnvelope", "esriSpatialRelEnvelopeIntersects"));
        Assert.Equal([west], await Matching("""{"x":2,"y":3}""", "esriGeometryPoint"));
        Assert.Equal([west], await Matching(AroundWest, "esriGeometryPolygon", "esriSpatialRelContains"));
        Assert.Equal([west], await Matching(AroundOnePoint, "esriGeometryPolygon"));
        Assert.Empty(await Matching(AroundOnePoint, "esriGeometryPolygon", "esriSpatialRelContains"));

        // An update moves west among east's points (the envelope index follows) and changes its attributes.
        var updated = await Server.ApplyEditsAsync(admin, name, 0, ("updates", $$$"""[{"attributes":{"OBJECTID":{{{west}}},"label":"moved"},"geometry":{"points":[[23.5,21.5],[30,30]]}}]"""));
        Assert.True(updated.GetProperty("updateResults")[0].GetProperty("success").GetBoolean(), updated.ToString());
        Assert.Equal([west, east], await Matching(EastCorner, "esriGeometryEnvelope"));
        Assert.Empty(await Matching(AroundWest, "esriGeometryPolygon"));
        var moved = await Server.FeatureAsync(admin, name, 0, west);
        Assert.Equal(("moved", "[[23.5,21.5],[30,30]]"), (moved.GetProperty("attributes").Str("label"), Points(moved)));

        // GeoJSON calls it a MultiPoint; a point is not a multipoint.
        var (_, body) = await Server.RawGetAsync($"{Svc(name)}/0/query", admin, ("where", "1=1"), ("f", "geojson"));
        Assert.All(Parse(body).GetProperty("features").EnumerateArray(), f => Assert.Equal("MultiPoint", f.GetProperty("geometry").Str("type")));
        var wrong = await Server.ApplyEditsAsync(admin, name, 0, ("rollbackOnFailure", "false"), ("adds", """[{"attributes":{"label":"p"},"geometry":{"x":1,"y":1}}]"""));
        Assert.Equal(1015, wrong.GetProperty("addResults")[0].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(2, await Server.CountAsync(admin, name, 0));
    }

    [Fact]
    public async Task Global_ids_identify_features_when_asked()
    {
        var (admin, name, _) = await SitesAsync();
        const string Mine = "{a1b2c3d4-0000-4000-8000-0000000000aa}";
        var added = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("adds", $$$"""[{"attributes":{"GlobalID":"{{{Mine}}}","name":"client id"}}]"""));
        Assert.Equal(Mine.ToUpperInvariant(), added.GetProperty("addResults")[0].Str("globalId"));
        var oid = added.GetProperty("addResults")[0].GetProperty("objectId").GetInt64();

        var failures = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("rollbackOnFailure", "false"), ("adds", $$$"""
            [{"attributes":{"name":"no id"}},{"attributes":{"GlobalID":"","name":"empty id"}},{"attributes":{"GlobalID":"{{{Mine.ToUpperInvariant()}}}","name":"clash"}}]
            """), ("updates", """[{"attributes":{"name":"no id"}},{"attributes":{"GlobalID":"{99999999-9999-4999-8999-999999999999}","name":"x"}}]"""),
            ("deletes", """["{99999999-9999-4999-8999-999999999999}"]"""));
        int[] Codes(string key) => [.. failures.GetProperty(key).EnumerateArray().Select(r => r.GetProperty("error").GetProperty("code").GetInt32())];
        Assert.Equal([1020, 1021, 1022], Codes("addResults"));
        Assert.Equal([1020, 1011], Codes("updateResults"));
        Assert.Equal([1011], Codes("deleteResults"));
        Assert.Equal(2, await Server.CountAsync(admin, name, 0));

        var updated = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("updates", $$$"""[{"attributes":{"GlobalID":"{{{Mine.ToUpperInvariant()}}}","name":"renamed"} }]"""));
        Assert.Equal(oid, updated.GetProperty("updateResults")[0].GetProperty("objectId").GetInt64());
        Assert.Equal("renamed", (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes").Str("name"));
        var deleted = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("deletes", $"[\"{Mine}\"]"));
        Assert.True(deleted.GetProperty("deleteResults")[0].GetProperty("success").GetBoolean(), deleted.ToString());
        Assert.Equal(1, await Server.CountAsync(admin, name, 0));
    }

    [Fact]
    public async Task Editor_tracking_stamps_utc_times_and_usernames_and_ownership_is_enforced()
    {
        var admin = await Server.AdminTokenAsync();
        var (alice, bob) = (Unique.Name("alice"), Unique.Name("bob"));
        var aliceToken = await Server.CreateUserAsync(admin, alice);
        var bobToken = await Server.CreateUserAsync(admin, bob);
        var name = Unique.Name("Tracked");
        var id = await Server.CreateServiceWithAsync(admin, Admin, name, extra: """
            ,"editorTrackingInfo":{"enableEditorTracking":true,"enableOwnershipAccessControl":true,"allowOthersToUpdate":false,"allowOthersToDelete":false}
            """);
        await Server.PostAsync($"content/users/{Admin}/items/{id}/share", admin, ("org", "true"));

        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var answer = await Server.ApplyEditsAsync(aliceToken, name, 0, ("returnEditMoment", "true"), ("adds", """[{"attributes":{"name":"by alice","Creator":"mallory","CreationDate":0}}]"""));
        var moment = answer.GetProperty("editMoment").GetInt64();
        var oid = answer.GetProperty("addResults")[0].GetProperty("objectId").GetInt64();
        var a = (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes");
        Assert.Equal((alice, alice), (a.Str("Creator"), a.Str("Editor")));
        Assert.Equal((moment, moment), (a.GetProperty("CreationDate").GetInt64(), a.GetProperty("EditDate").GetInt64()));
        Assert.InRange(moment, start - 2000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 2000);

        // Bob may not touch Alice's feature; the owner of the service may.
        var denied = await Server.ApplyEditsAsync(bobToken, name, 0, ("rollbackOnFailure", "false"), ("updates", $$$"""[{"attributes":{"OBJECTID":{{{oid}}},"name":"by bob"} }]"""), ("deletes", $"{oid}"));
        Assert.Equal(1007, denied.GetProperty("updateResults")[0].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(1007, denied.GetProperty("deleteResults")[0].GetProperty("error").GetProperty("code").GetInt32());
        var edit = await Server.ApplyEditsAsync(admin, name, 0, ("returnEditMoment", "true"), ("updates", $$$"""[{"attributes":{"OBJECTID":{{{oid}}},"name":"by admin"} }]"""));
        a = (await Server.FeatureAsync(admin, name, 0, oid)).GetProperty("attributes");
        Assert.Equal((alice, Admin, "by admin"), (a.Str("Creator"), a.Str("Editor"), a.Str("name")));
        Assert.Equal((moment, edit.GetProperty("editMoment").GetInt64()), (a.GetProperty("CreationDate").GetInt64(), a.GetProperty("EditDate").GetInt64()));
        Assert.True(a.GetProperty("EditDate").GetInt64() >= moment);
    }

    [Fact]
    public async Task Single_purpose_operations_add_update_and_delete_by_ids_where_and_geometry()
    {
        var (admin, name, first) = await SitesAsync();
        var svc = Svc(name);
        var added = await Server.PostAsync($"{svc}/0/addFeatures", admin, ("features", """
            [{"attributes":{"name":"a","visits":1},"geometry":{"x":1,"y":1}},{"attributes":{"name":"b","visits":2},"geometry":{"x":2,"y":2}},
             {"attributes":{"name":"c","visits":3},"geometry":{"x":50,"y":50}},{"attributes":{"name":"d","visits":4},"geometry":{"x":60,"y":60}}]
            """));
        var ids = added.GetProperty("addResults").EnumerateArray().Select(r => r.GetProperty("objectId").GetInt64()).ToArray();
        Assert.Equal(4, ids.Length);
        Assert.Equal(["addResults"], added.EnumerateObject().Select(p => p.Name));

        var updated = await Server.PostAsync($"{svc}/0/updateFeatures", admin, ("features", $$$"""[{"attributes":{"OBJECTID":{{{ids[0]}}},"visits":10} }]"""));
        Assert.Equal(["updateResults"], updated.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, await Server.CountAsync(admin, name, 0, "visits = 10"));

        var byIds = await Server.PostAsync($"{svc}/0/deleteFeatures", admin, ("objectIds", $"{ids[0]},{first}"));
        Assert.Equal([ids[0], first], byIds.GetProperty("deleteResults").EnumerateArray().Select(r => r.GetProperty("objectId").GetInt64()));
        var byWhere = await Server.PostAsync($"{svc}/0/deleteFeatures", admin, ("where", "visits >= 3"), ("returnDeleteResults", "false"));
        Assert.Equal("""{"success":true}""", byWhere.GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal([ids[1]], await Server.IdsAsync(admin, name, 0, "1=1"));
        Assert.Equal(0, (await Server.PostAsync($"{svc}/0/deleteFeatures", admin, ("geometry", "10,10,20,20"))).GetProperty("deleteResults").GetArrayLength());
        var byGeometry = await Server.PostAsync($"{svc}/0/deleteFeatures", admin, ("geometry", """{"xmin":1.5,"ymin":1.5,"xmax":2.5,"ymax":2.5}"""), ("geometryType", "esriGeometryEnvelope"));
        Assert.Equal(ids[1], Assert.Single(byGeometry.GetProperty("deleteResults").EnumerateArray()).GetProperty("objectId").GetInt64());
        Assert.Equal(0, await Server.CountAsync(admin, name, 0));
    }

    [Fact]
    public async Task Service_applyEdits_spans_layers_and_rolls_back_across_them()
    {
        var (admin, name, oid) = await SitesAsync();
        var answer = await Server.PostAsync($"{Svc(name)}/applyEdits", admin, ("returnEditMoment", "true"), ("edits", $$$"""
            [{"id":0,"adds":[{"attributes":{"name":"s1"},"geometry":{"x":3,"y":3}}],"updates":[{"attributes":{"OBJECTID":{{{oid}}},"kind":"svc"} }]},
             {"id":1,"adds":[{"attributes":{"note":"t1"}},{"attributes":{"note":"t2"}}]}]
            """));
        var layers = answer.EnumerateArray().ToList();
        Assert.Equal([0, 1], layers.Select(l => l.GetProperty("id").GetInt32()));
        Assert.Equal(1, layers[0].GetProperty("addResults").GetArrayLength());
        Assert.Equal(1, layers[0].GetProperty("updateResults").GetArrayLength());
        Assert.Equal(2, layers[1].GetProperty("addResults").GetArrayLength());
        Assert.Equal(layers[0].GetProperty("editMoment").GetInt64(), layers[1].GetProperty("editMoment").GetInt64());
        Assert.Equal((2, 2), (await Server.CountAsync(admin, name, 0), await Server.CountAsync(admin, name, 1)));

        var gen = await Server.ServerGenAsync(admin, name, 1);
        var rolledBack = await Server.PostAsync($"{Svc(name)}/applyEdits", admin, ("edits", """
            [{"id":1,"adds":[{"attributes":{"note":"t3"}}]},{"id":0,"adds":[{"attributes":{"name":null}}]}]
            """));
        rolledBack.AssertError(400);
        Assert.Equal((2, 2), (await Server.CountAsync(admin, name, 0), await Server.CountAsync(admin, name, 1)));
        Assert.Equal(gen, await Server.ServerGenAsync(admin, name, 1));
    }

    [Fact]
    public async Task Edits_in_web_mercator_are_projected_into_the_layer()
    {
        var (admin, name, oid) = await SitesAsync();
        // (10°E, 10°N) in EPSG:3857.
        const double X = 1113194.9079327357, Y = 1118889.9748579594;
        var answer = await Server.ApplyEditsAsync(admin, name, 0, ("inSR", "3857"), ("adds", $$$"""[{"attributes":{"name":"insr"},"geometry":{"x":{{{X}}},"y":{{{Y}}} }}]"""));
        var projected = answer.GetProperty("addResults")[0].GetProperty("objectId").GetInt64();
        var carried = Assert.Single(await Server.AddAsync(admin, name, 0, $$$"""[{"attributes":{"name":"sr"},"geometry":{"x":{{{X}}},"y":{{{Y}}},"spatialReference":{"wkid":102100} }}]"""));
        await Server.ApplyEditsAsync(admin, name, 0, ("inSR", """{"wkid":102100}"""), ("updates", $$$"""[{"attributes":{"OBJECTID":{{{oid}}} },"geometry":{"x":{{{X}}},"y":{{{Y}}} }}]"""));

        foreach (var id in new[] { projected, carried, oid })
        {
            var g = (await Server.FeatureAsync(admin, name, 0, id)).GetProperty("geometry");
            Assert.Equal(10, g.GetProperty("x").GetDouble(), 6);
            Assert.Equal(10, g.GetProperty("y").GetDouble(), 6);
        }

    }
}

public sealed class SqliteEditTests(SqliteServerFixture f) : EditTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresEditTests(PostgresServerFixture f) : EditTests(f), IClassFixture<PostgresServerFixture>;
