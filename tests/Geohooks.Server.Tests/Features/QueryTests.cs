using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// The query operation against one seeded service (set up once per store): where clauses, object ids, spatial
/// filters, output shapes, paging, statistics, distinct values, projection and GeoJSON.
/// </summary>
public abstract class QueryTests(QueryWorld world)
{
    /// <summary>A where clause and the names of the points (layer 0) it must select.</summary>
    public static readonly IReadOnlyList<(string Where, string[] Names)> Clauses =
    [
        ("1=1", ["Alpha", "beta", "Gamma", "delta", "Epsilon", "O'Brien"]),
        ("1=0", []),
        ("name = 'ALPHA'", ["Alpha"]),
        ("name LIKE 'a%'", ["Alpha"]),
        ("name LIKE '%A'", ["Alpha", "beta", "Gamma", "delta"]),
        ("name NOT LIKE '%a'", ["Epsilon", "O'Brien"]),
        ("name LIKE '_eta'", ["beta"]),
        ("name = 'O''Brien'", ["O'Brien"]),
        ("kind IN ('park', 'SHOP')", ["Alpha", "beta", "O'Brien"]),
        ("kind NOT IN ('park')", ["Gamma", "delta", "O'Brien"]),
        ("visits BETWEEN 20 AND 40", ["beta", "Gamma", "delta"]),
        ("visits NOT BETWEEN 20 AND 40", ["Alpha", "Epsilon", "O'Brien"]),
        ("score IS NULL", ["Gamma"]),
        ("kind IS NOT NULL AND score IS NOT NULL", ["Alpha", "beta", "delta", "O'Brien"]),
        ("seen >= timestamp '2024-02-01 00:00:00'", ["beta", "Gamma", "Epsilon", "O'Brien"]),
        ("seen < date '2024-02-01'", ["Alpha"]),
        ("seen = timestamp '2024-06-15 12:30:00'", ["O'Brien"]),
        ("seen BETWEEN timestamp '2024-02-01 00:00:00' AND timestamp '2024-03-01 00:00:00'", ["beta", "Gamma"]),
        ("EXTRACT(MONTH FROM seen) = 3", ["Gamma"]),
        ("visits * 2 + 1 > 100", ["Epsilon", "O'Brien"]),
        ("visits / 10 = 3", ["Gamma"]),
        ("-visits < -55", ["O'Brien"]),
        ("ABS(score - 5) < 1", ["delta", "Epsilon"]),
        ("MOD(visits, 20) = 0", ["beta", "delta", "O'Brien"]),
        ("UPPER(name) = 'BETA'", ["beta"]),
        ("LOWER(kind) LIKE 'SCH%'", ["Gamma", "delta"]),
        ("CHAR_LENGTH(name) = 5", ["Alpha", "Gamma", "delta"]),
        ("SUBSTRING(name FROM 1 FOR 2) = 'de'", ["delta"]),
        ("COALESCE(kind, 'none') = 'none'", ["Epsilon"]),
        ("(kind = 'park' OR kind = 'shop') AND NOT visits > 15", ["Alpha"]),
        ("NAME = 'gamma' OR Visits = 50", ["Gamma", "Epsilon"]),
        ("\"name\" = 'beta'", ["beta"]),
        ("OBJECTID IN (1, 2) AND shape IS NOT NULL", ["Alpha", "beta"]),
    ];

    private static readonly string[] HighVisits = ["delta", "Epsilon", "O'Brien"];

    private static readonly string[] Bounds = ["xmin", "ymin", "xmax", "ymax"];

    public static TheoryData<string> WhereRows => [.. Clauses.Select(c => c.Where)];

    private GeohooksServer Server => world.Server;

    private string Token => world.Token;

    private string Name => world.ServiceName;

    private async Task<JsonElement> Query(int layer, params (string, string)[] parameters) => await Server.QueryAsync(Token, Name, layer, parameters);

    private static string[] Names(JsonElement answer, string field = "name") =>
        [.. answer.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("attributes").GetProperty(field).GetString() ?? "")];

    private static void AssertInvalid(JsonElement answer, string parameter)
    {
        answer.AssertError(400);
        Assert.Equal($"'{parameter}' parameter is invalid", answer.GetProperty("error").GetProperty("details")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(WhereRows))]
    public async Task Where_selects_the_expected_rows(string where)
    {
        var expected = Clauses.Single(c => c.Where == where).Names;
        var answer = await Query(0, ("where", where), ("outFields", "name"), ("orderByFields", "OBJECTID"));
        Assert.False(answer.TryGetProperty("error", out _), answer.ToString());
        Assert.Equal(expected, Names(answer));
        Assert.Equal(expected.Length, await Server.CountAsync(Token, Name, 0, where));
    }

    [Fact]
    public async Task Object_ids_select_and_combine_with_where()
    {
        var (alpha, gamma, delta) = (world.Oid("Alpha"), world.Oid("Gamma"), world.Oid("delta"));
        Assert.Equal(["Alpha", "Gamma"], Names(await Query(0, ("objectIds", $"{alpha}, {gamma}"), ("outFields", "name"))));
        Assert.Equal(["Gamma", "delta"], Names(await Query(0, ("objectIds", $"[{gamma},{delta}]"), ("outFields", "name"))));
        Assert.Equal(["delta"], Names(await Query(0, ("objectIds", $"{alpha},{delta}"), ("where", "visits > 15"), ("outFields", "name"))));
        Assert.Empty(Names(await Query(0, ("objectIds", "987654"), ("outFields", "name"))));
        AssertInvalid(await Query(0, ("objectIds", "1,two")), "objectIds");
    }

    [Fact]
    public async Task Empty_parameters_count_as_not_supplied()
    {
        var answer = await Query(0, ("where", "1=1"), ("objectIds", ""), ("geometry", ""), ("outFields", ""), ("returnCountOnly", "true"));
        Assert.Equal(6, answer.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Spatial_filters_follow_the_ArcGIS_relationships()
    {
        async Task<string[]> Points(params (string, string)[] p) => [.. Names(await Query(0, [("outFields", "name"), ("orderByFields", "OBJECTID"), .. p]))];
        async Task<string[]> Areas(params (string, string)[] p) => [.. Names(await Query(1, [("outFields", "label"), ("orderByFields", "label"), .. p]), "label")];

        Assert.Equal(["beta", "Gamma", "delta"], await Points(("geometry", "0.5,0.5,3.5,3.5")));
        Assert.Equal(["beta", "Gamma", "delta"], await Points(("geometry", """{"xmin":0.5,"ymin":0.5,"xmax":3.5,"ymax":3.5,"spatialReference":{"wkid":4326}}"""), ("geometryType", "esriGeometryEnvelope")));
        Assert.Equal(["A", "C"], await Areas(("geometry", "1,1"), ("geometryType", "esriGeometryPoint")));
        Assert.Equal(["B", "C"], await Areas(("geometry", """{"x":11,"y":11}"""), ("geometryType", "esriGeometryPoint"), ("spatialRel", "esriSpatialRelIntersects")));

        // Query geometry CONTAINS feature: squares inside the query polygon. WITHIN: features that contain the query geometry.
        const string Box = """{"rings":[[[-1,-1],[-1,5],[5,5],[5,-1],[-1,-1]]]}""";
        Assert.Equal(["A"], await Areas(("geometry", Box), ("geometryType", "esriGeometryPolygon"), ("spatialRel", "esriSpatialRelContains")));
        Assert.Equal(["Alpha", "beta", "Gamma", "delta"], await Points(("geometry", Box), ("geometryType", "esriGeometryPolygon"), ("spatialRel", "esriSpatialRelContains")));
        Assert.Equal(["C"], await Areas(("geometry", Box), ("geometryType", "esriGeometryPolygon"), ("spatialRel", "esriSpatialRelWithin")));
        Assert.Equal(["B", "C"], await Areas(("geometry", "11,11"), ("geometryType", "esriGeometryPoint"), ("spatialRel", "esriSpatialRelWithin")));
        Assert.Empty(await Points(("geometry", Box), ("geometryType", "esriGeometryPolygon"), ("spatialRel", "esriSpatialRelWithin")));

        // A triangle over the diagonal: its envelope holds four points, the triangle itself two.
        const string Triangle = """{"rings":[[[0,4],[4,4],[4,0],[0,4]]]}""";
        Assert.Equal(["Gamma", "delta"], await Points(("geometry", Triangle), ("geometryType", "esriGeometryPolygon")));
        Assert.Equal(["Alpha", "beta", "Gamma", "delta"], await Points(("geometry", Triangle), ("geometryType", "esriGeometryPolygon"), ("spatialRel", "esriSpatialRelEnvelopeIntersects")));

        // Distance buffers the query geometry: (1,1) is about 157 km from (0,0).
        Assert.Equal(["Alpha"], await Points(("geometry", "0,0"), ("geometryType", "esriGeometryPoint"), ("distance", "100"), ("units", "esriSRUnit_Kilometer")));
        Assert.Equal(["Alpha", "beta"], await Points(("geometry", "0,0"), ("geometryType", "esriGeometryPoint"), ("distance", "200000"), ("units", "esriSRUnit_Meter")));

        // The query geometry may come in another spatial reference.
        Assert.Equal(["Epsilon"], await Points(("geometry", "1000000,1000000,1200000,1200000"), ("inSR", "102100")));
        AssertInvalid(await Query(0, ("geometry", "1,2,3"), ("geometryType", "esriGeometryEnvelope")), "geometry");
        AssertInvalid(await Query(0, ("geometry", "0,0,1,1"), ("spatialRel", "esriSpatialRelSideways")), "spatialRel");
    }

    [Fact]
    public async Task Spatial_filters_combine_with_where_ids_paging_and_every_answer_kind()
    {
        // The envelope holds five points (all but Epsilon); the where keeps four of them.
        (string, string)[] filter = [("geometry", "-6,-6,4,4"), ("where", "visits > 15"), ("outFields", "name")];
        Assert.Equal(["beta", "Gamma", "delta", "O'Brien"], Names(await Query(0, filter)));
        Assert.Equal(["Gamma", "delta"], Names(await Query(0, [.. filter, ("objectIds", $"{world.Oid("Alpha")},{world.Oid("Gamma")},{world.Oid("delta")}")])));
        var first = await Query(0, [.. filter, ("resultRecordCount", "2")]);
        Assert.Equal(["beta", "Gamma"], Names(first));
        Assert.True(first.GetProperty("exceededTransferLimit").GetBoolean());
        var second = await Query(0, [.. filter, ("resultOffset", "2"), ("resultRecordCount", "2")]);
        Assert.Equal(["delta", "O'Brien"], Names(second));
        Assert.False(second.GetProperty("exceededTransferLimit").GetBoolean());
        Assert.Equal(["O'Brien", "delta"], Names(await Query(0, [.. filter, ("orderByFields", "visits DESC"), ("resultRecordCount", "2")])));
        Assert.Equal(4, (await Query(0, [.. filter, ("returnCountOnly", "true")])).GetProperty("count").GetInt32());
        Assert.Equal(4, (await Query(0, [.. filter, ("returnIdsOnly", "true")])).GetProperty("objectIds").GetArrayLength());
        var extent = (await Query(0, [.. filter, ("returnExtentOnly", "true"), ("outSR", "102100")])).GetProperty("extent");
        Assert.Equal(102100, extent.GetProperty("spatialReference").GetProperty("wkid").GetInt32());
        Assert.Equal(-556597.4539663679, extent.GetProperty("xmin").GetDouble(), 3);
        Assert.Equal(333958.4723798207, extent.GetProperty("xmax").GetDouble(), 3);
        var stats = await Query(0, [("geometry", "-6,-6,4,4"), ("outStatistics", """[{"statisticType":"sum","onStatisticField":"visits","outStatisticFieldName":"s"}]""")]);
        Assert.Equal(10 + 20 + 30 + 40 + 60, stats.GetProperty("features")[0].GetProperty("attributes").GetProperty("s").GetInt32());
        Assert.Empty(Names(await Query(3, ("geometry", "-6,-6,4,4"), ("outFields", "note")), "note"));
        Assert.Equal(["beta", "Gamma", "delta", "O'Brien"], Names(await Server.PostAsync($"{Svc(Name)}/0/query", Token, filter)));
        var (type, pretty) = await Server.RawGetAsync($"{Svc(Name)}/0/query", Token, [.. filter, ("f", "pjson")]);
        Assert.Equal("application/json", type);
        Assert.Contains("\n", Encoding.UTF8.GetString(pretty), StringComparison.Ordinal);
        Assert.Equal(["beta", "Gamma", "delta", "O'Brien"], Names(Parse(pretty)));
    }

    [Fact]
    public async Task OutFields_returnGeometry_ids_count_and_extent_shape_the_answer()
    {
        var all = await Query(0, ("where", "name = 'Alpha'"), ("outFields", "*"));
        Assert.Equal(("OBJECTID", "esriGeometryPoint"), (all.Str("objectIdFieldName"), all.Str("geometryType")));
        Assert.Equal(4326, all.GetProperty("spatialReference").GetProperty("wkid").GetInt32());
        Assert.Equal(["OBJECTID", "name", "kind", "visits", "score", "seen"], all.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
        var alpha = Assert.Single(all.GetProperty("features").EnumerateArray());
        Assert.Equal(["OBJECTID", "name", "kind", "visits", "score", "seen"], alpha.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(world.Seen("Alpha"), alpha.GetProperty("attributes").GetProperty("seen").GetInt64());
        Assert.Equal((0.0, 0.0), (alpha.GetProperty("geometry").GetProperty("x").GetDouble(), alpha.GetProperty("geometry").GetProperty("y").GetDouble()));
        Assert.False(alpha.GetProperty("geometry").TryGetProperty("spatialReference", out _));

        var some = await Query(0, ("where", "name = 'Alpha'"), ("outFields", "visits,NAME"), ("returnGeometry", "false"));
        Assert.Equal(["OBJECTID", "visits", "name"], some.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
        Assert.False(some.GetProperty("features")[0].TryGetProperty("geometry", out _));
        AssertInvalid(await Query(0, ("outFields", "name,nope")), "outFields");

        var ids = await Query(0, ("where", "visits > 35"), ("returnIdsOnly", "true"));
        Assert.Equal("OBJECTID", ids.Str("objectIdFieldName"));
        Assert.Equal(HighVisits.Select(world.Oid).Order(), ids.GetProperty("objectIds").EnumerateArray().Select(i => i.GetInt64()).Order());
        Assert.Equal(0, (await Query(0, ("where", "1=0"), ("returnIdsOnly", "true"))).GetProperty("objectIds").GetArrayLength());
        var count = await Query(0, ("where", "visits > 35"), ("returnCountOnly", "true"), ("returnIdsOnly", "true"));
        Assert.Equal("""{"count":3}""", count.GetRawText().Replace(" ", "", StringComparison.Ordinal));

        var extent = await Query(0, ("where", "kind IS NOT NULL"), ("returnExtentOnly", "true"));
        var e = extent.GetProperty("extent");
        Assert.Equal((-5.0, -5.0, 3.0, 3.0), (e.GetProperty("xmin").GetDouble(), e.GetProperty("ymin").GetDouble(), e.GetProperty("xmax").GetDouble(), e.GetProperty("ymax").GetDouble()));
        Assert.Equal(5, extent.GetProperty("count").GetInt32());
        var empty = (await Query(0, ("where", "1=0"), ("returnExtentOnly", "true"))).GetProperty("extent");
        Assert.All(Bounds, k => Assert.Equal("NaN", empty.Str(k)));
        Assert.Equal(4326, empty.GetProperty("spatialReference").GetProperty("wkid").GetInt32());

        var table = await Query(3, ("where", "1=1"), ("outFields", "*"));
        Assert.False(table.TryGetProperty("geometryType", out _));
        Assert.False(table.TryGetProperty("spatialReference", out _));
        Assert.All(table.GetProperty("features").EnumerateArray(), f => Assert.Equal(["attributes"], f.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(2, table.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Ordering_and_paging_are_stable_and_capped()
    {
        Assert.Equal(["O'Brien", "Epsilon", "delta", "Gamma", "beta", "Alpha"], Names(await Query(0, ("outFields", "name"), ("orderByFields", "visits DESC"))));
        Assert.Equal(["Epsilon", "beta", "Alpha", "delta", "Gamma", "O'Brien"], Names(await Query(0, ("outFields", "name"), ("orderByFields", "kind ASC, name DESC"))));
        AssertInvalid(await Query(0, ("orderByFields", "nope")), "orderByFields");
        AssertInvalid(await Query(0, ("orderByFields", "visits SIDEWAYS")), "orderByFields");

        var page = await Query(0, ("outFields", "name"), ("orderByFields", "visits"), ("resultOffset", "1"), ("resultRecordCount", "2"));
        Assert.Equal(["beta", "Gamma"], Names(page));
        Assert.True(page.GetProperty("exceededTransferLimit").GetBoolean());
        var last = await Query(0, ("outFields", "name"), ("orderByFields", "visits"), ("resultOffset", "4"), ("resultRecordCount", "2"));
        Assert.Equal(["Epsilon", "O'Brien"], Names(last));
        Assert.False(last.GetProperty("exceededTransferLimit").GetBoolean());
        Assert.Empty(Names(await Query(0, ("outFields", "name"), ("resultOffset", "6"))));

        // Without orderByFields, pages come in object id order and never overlap.
        var paged = new List<string>();
        for (var offset = 0; offset < 6; offset += 4)
        {
            paged.AddRange(Names(await Query(0, ("outFields", "name"), ("resultOffset", $"{offset}"), ("resultRecordCount", "4"))));
        }

        Assert.Equal(Clauses[0].Names, paged);

        // Layer 2 caps pages at its maxRecordCount (2), whatever resultRecordCount asks; ids and counts are not capped.
        var capped = await Query(2, ("where", "1=1"), ("outFields", "label"), ("resultRecordCount", "10"));
        Assert.Equal(2, capped.GetProperty("features").GetArrayLength());
        Assert.True(capped.GetProperty("exceededTransferLimit").GetBoolean());
        Assert.Equal(3, (await Query(2, ("where", "1=1"), ("returnIdsOnly", "true"))).GetProperty("objectIds").GetArrayLength());
        Assert.Equal(3, await Server.CountAsync(Token, Name, 2));
        Assert.Equal(2, (await Server.GetAsync($"{Svc(Name)}/2", Token)).GetProperty("maxRecordCount").GetInt32());
    }

    [Fact]
    public async Task Statistics_group_and_distinct_values_aggregate()
    {
        var stats = await Query(0, ("where", "kind IS NOT NULL"), ("groupByFieldsForStatistics", "kind"), ("orderByFields", "kind"), ("outStatistics", """
            [{"statisticType":"count","onStatisticField":"OBJECTID","outStatisticFieldName":"n"},
             {"statisticType":"sum","onStatisticField":"visits","outStatisticFieldName":"total"},
             {"statisticType":"min","onStatisticField":"visits","outStatisticFieldName":"low"},
             {"statisticType":"max","onStatisticField":"seen","outStatisticFieldName":"latest"},
             {"statisticType":"avg","onStatisticField":"visits","outStatisticFieldName":"mean"},
             {"statisticType":"stddev","onStatisticField":"visits","outStatisticFieldName":"sd"},
             {"statisticType":"var","onStatisticField":"visits"}]
            """));
        var types = stats.GetProperty("fields").EnumerateArray().ToDictionary(f => f.Str("name"), f => f.Str("type"));
        Assert.Equal("esriFieldTypeInteger", types["n"]);
        Assert.Equal("esriFieldTypeDate", types["latest"]);
        Assert.Equal("esriFieldTypeDouble", types["mean"]);
        Assert.Equal("VAR_visits", types.Keys.Last());
        var rows = stats.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("attributes")).ToList();
        Assert.Equal(["park", "school", "shop"], rows.Select(r => r.Str("kind")));
        var park = rows[0];
        Assert.Equal((2, 30, 10), (park.GetProperty("n").GetInt32(), park.GetProperty("total").GetInt32(), park.GetProperty("low").GetInt32()));
        Assert.Equal(world.Seen("beta"), park.GetProperty("latest").GetInt64());
        Assert.Equal(15.0, park.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(Math.Sqrt(50), park.GetProperty("sd").GetDouble(), 9);
        Assert.Equal(50.0, park.GetProperty("VAR_visits").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("sd").ValueKind);

        var overall = await Query(0, ("outStatistics", """[{"statisticType":"count","onStatisticField":"score","outStatisticFieldName":"scored"},{"statisticType":"avg","onStatisticField":"score","outStatisticFieldName":"avg_score"}]"""));
        var one = Assert.Single(overall.GetProperty("features").EnumerateArray()).GetProperty("attributes");
        Assert.Equal(5, one.GetProperty("scored").GetInt32());
        Assert.Equal((1.5 + 2.5 + 4.5 + 5.5 + 6.5) / 5, one.GetProperty("avg_score").GetDouble(), 9);

        var distinct = await Query(0, ("where", "1=1"), ("outFields", "kind"), ("returnDistinctValues", "true"), ("returnGeometry", "false"), ("orderByFields", "kind"));
        Assert.False(distinct.TryGetProperty("error", out _), distinct.ToString());
        var kinds = distinct.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("attributes")).ToList();
        Assert.All(kinds, k => Assert.Equal(["kind"], k.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["park", "school", "shop"], kinds.Where(k => k.GetProperty("kind").ValueKind == JsonValueKind.String).Select(k => k.Str("kind")));
        Assert.Equal(4, kinds.Count);
        Assert.Equal(4, (await Query(0, ("outFields", "kind"), ("returnDistinctValues", "true"), ("returnCountOnly", "true"))).GetProperty("count").GetInt32());

        Assert.Equal(["Gamma", "delta"], Names(await Query(0, ("where", "kind = 'school'"), ("outFields", "name,kind"), ("returnDistinctValues", "true"), ("orderByFields", "name DESC"))).Reverse());
        AssertInvalid(await Query(0, ("outFields", "kind"), ("returnDistinctValues", "true"), ("orderByFields", "visits")), "orderByFields");
        AssertInvalid(await Query(0, ("returnDistinctValues", "true")), "outFields");
        AssertInvalid(await Query(0, ("outStatistics", """[{"statisticType":"median","onStatisticField":"visits"}]""")), "outStatistics");
        AssertInvalid(await Query(0, ("outStatistics", """[{"statisticType":"avg","onStatisticField":"name"}]""")), "outStatistics");
        AssertInvalid(await Query(0, ("outStatistics", """[{"statisticType":"sum","onStatisticField":"nope"}]""")), "outStatistics");
        AssertInvalid(await Query(0, ("outStatistics", """[{"statisticType":"count","onStatisticField":"visits"}]"""), ("groupByFieldsForStatistics", "nope")), "groupByFieldsForStatistics");
    }

    [Fact]
    public async Task OutSR_projects_and_geojson_is_wgs84()
    {
        var mercator = await Query(0, ("where", "name = 'beta'"), ("outSR", "102100"));
        Assert.Equal(102100, mercator.GetProperty("spatialReference").GetProperty("wkid").GetInt32());
        var g = mercator.GetProperty("features")[0].GetProperty("geometry");
        Assert.Equal(111319.49079327357, g.GetProperty("x").GetDouble(), 3);
        Assert.Equal(111325.14286638486, g.GetProperty("y").GetDouble(), 3);
        var wgs = await Query(2, ("where", "label = 'ten'"), ("outSR", """{"wkid":4326}"""));
        Assert.Equal(10, wgs.GetProperty("features")[0].GetProperty("geometry").GetProperty("x").GetDouble(), 6);
        AssertInvalid(await Query(0, ("outSR", "999999")), "outSR");

        var (type, body) = await Server.RawGetAsync($"{Svc(Name)}/2/query", Token, ("where", "label = 'ten'"), ("outFields", "*"), ("f", "geojson"));
        Assert.Equal("application/geo+json", type);
        var collection = Parse(body);
        Assert.Equal("FeatureCollection", collection.Str("type"));
        var feature = Assert.Single(collection.GetProperty("features").EnumerateArray());
        Assert.Equal(("Feature", "Point"), (feature.Str("type"), feature.GetProperty("geometry").Str("type")));
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(10, coordinates[0].GetDouble(), 6);
        Assert.Equal(10, coordinates[1].GetDouble(), 6);
        Assert.Equal("ten", feature.GetProperty("properties").Str("label"));
        Assert.Equal(feature.GetProperty("id").GetInt64(), feature.GetProperty("properties").GetProperty("OBJECTID").GetInt64());

        var (_, areas) = await Server.RawGetAsync($"{Svc(Name)}/1/query", Token, ("where", "label = 'A'"), ("f", "geojson"));
        var polygon = Parse(areas).GetProperty("features")[0].GetProperty("geometry");
        Assert.Equal("Polygon", polygon.Str("type"));
        var ring = polygon.GetProperty("coordinates")[0].EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        var area2 = ring.Zip(ring.Skip(1)).Sum(s => (s.First.X * s.Second.Y) - (s.Second.X * s.First.Y));
        Assert.True(area2 > 0, "RFC 7946 exterior rings are counter-clockwise");

        var (_, rows) = await Server.RawGetAsync($"{Svc(Name)}/3/query", Token, ("where", "note = 'one'"), ("outFields", "note"), ("f", "geojson"));
        var row = Assert.Single(Parse(rows).GetProperty("features").EnumerateArray());
        Assert.Equal((JsonValueKind.Null, "one"), (row.GetProperty("geometry").ValueKind, row.GetProperty("properties").Str("note")));

        var (_, capped) = await Server.RawGetAsync($"{Svc(Name)}/2/query", Token, ("where", "1=1"), ("f", "geojson"));
        Assert.True(Parse(capped).GetProperty("properties").GetProperty("exceededTransferLimit").GetBoolean());
    }
}

/// <summary>
/// One service for the query tests: layer 0 six points (4326) with text, integer, double and date fields; layer 1
/// three squares; layer 2 three points in Web Mercator with maxRecordCount 2; table 3 two rows.
/// </summary>
public abstract class QueryWorld : IAsyncLifetime
{
    private readonly Dictionary<string, long> _oids = [];
    private readonly Dictionary<string, long> _seen = [];
    private GeohooksServer? _server;

    public GeohooksServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public string Token { get; private set; } = "";

    public string ServiceName { get; } = Unique.Name("Query");

    public long Oid(string name) => _oids[name];

    public long Seen(string name) => _seen[name];

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        Token = await Server.AdminTokenAsync();
        await Server.CreateServiceWithAsync(Token, Admin, ServiceName, """
            {"layers":[
              {"name":"Points","geometryType":"esriGeometryPoint","spatialReference":{"wkid":4326},"fields":[
                {"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"name","type":"esriFieldTypeString","length":50},
                {"name":"kind","type":"esriFieldTypeString","length":20},{"name":"visits","type":"esriFieldTypeInteger"},
                {"name":"score","type":"esriFieldTypeDouble"},{"name":"seen","type":"esriFieldTypeDate"}]},
              {"name":"Areas","geometryType":"esriGeometryPolygon","spatialReference":{"wkid":4326},"fields":[{"name":"label","type":"esriFieldTypeString"}]},
              {"name":"Mercator","geometryType":"esriGeometryPoint","spatialReference":{"wkid":102100,"latestWkid":3857},"maxRecordCount":2,
               "fields":[{"name":"label","type":"esriFieldTypeString"}]}],
             "tables":[{"name":"Notes","fields":[{"name":"note","type":"esriFieldTypeString"}]}]}
            """);

        (string Name, string? Kind, int Visits, double? Score, string? Seen, double X, double Y)[] points =
        [
            ("Alpha", "park", 10, 1.5, "2024-01-01T00:00:00Z", 0, 0),
            ("beta", "park", 20, 2.5, "2024-02-01T00:00:00Z", 1, 1),
            ("Gamma", "school", 30, null, "2024-03-01T00:00:00Z", 2, 2),
            ("delta", "school", 40, 4.5, null, 3, 3),
            ("Epsilon", null, 50, 5.5, "2024-05-01T00:00:00Z", 10, 10),
            ("O'Brien", "shop", 60, 6.5, "2024-06-15T12:30:00Z", -5, -5),
        ];
        var features = new List<object>();
        foreach (var p in points)
        {
            var seen = p.Seen is null ? (long?)null : DateTimeOffset.Parse(p.Seen, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            if (seen is { } s)
            {
                _seen[p.Name] = s;
            }

            features.Add(new { attributes = new { name = p.Name, kind = p.Kind, visits = p.Visits, score = p.Score, seen }, geometry = new { x = p.X, y = p.Y } });
        }

        var ids = await Server.AddAsync(Token, ServiceName, 0, JsonSerializer.Serialize(features));
        for (var i = 0; i < points.Length; i++)
        {
            _oids[points[i].Name] = ids[i];
        }

        await Server.AddAsync(Token, ServiceName, 1, """
            [{"attributes":{"label":"A"},"geometry":{"rings":[[[0,0],[0,4],[4,4],[4,0],[0,0]]]}},
             {"attributes":{"label":"B"},"geometry":{"rings":[[[10,10],[10,12],[12,12],[12,10],[10,10]]]}},
             {"attributes":{"label":"C"},"geometry":{"rings":[[[-10,-10],[-10,20],[20,20],[20,-10],[-10,-10]]]}}]
            """);
        await Server.AddAsync(Token, ServiceName, 2, """
            [{"attributes":{"label":"ten"},"geometry":{"x":1113194.9079327357,"y":1118889.9748579594}},
             {"attributes":{"label":"origin"},"geometry":{"x":0,"y":0}},{"attributes":{"label":"west"},"geometry":{"x":-100000,"y":0}}]
            """);
        await Server.AddAsync(Token, ServiceName, 3, """[{"attributes":{"note":"one"}},{"attributes":{"note":"two"}}]""");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected abstract Task<GeohooksServer> StartAsync();
}

public sealed class SqliteQueryWorld : QueryWorld
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync();
}

public sealed class PostgresQueryWorld : QueryWorld
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync();
}

public sealed class SqliteQueryTests(SqliteQueryWorld world) : QueryTests(world), IClassFixture<SqliteQueryWorld>;

public sealed class PostgresQueryTests(PostgresQueryWorld world) : QueryTests(world), IClassFixture<PostgresQueryWorld>;
