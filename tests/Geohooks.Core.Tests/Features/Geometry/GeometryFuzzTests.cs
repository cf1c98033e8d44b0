using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Geometry;
using Xunit.Sdk;

namespace Geohooks.Core.Tests.Features.Geometry;

/// <summary>
/// Mutates valid geometry parameters at random (fixed seeds, so failures reproduce) and pushes whatever still
/// parses through every stage. The only exception allowed out is ArcGisException.
/// </summary>
public class GeometryFuzzTests
{
    private const int Iterations = 4000;

    private static readonly string[] Seeds =
    [
        """{"x":-118.15,"y":33.8,"z":10,"m":5,"spatialReference":{"wkid":4326}}""",
        """{"x":null}""",
        """{"hasZ":true,"hasM":true,"points":[[1,2,3,4],[5,6,7,null]]}""",
        """{"paths":[[[0,0],[1,1],[2,0]],[[5,5],[6,6]]],"spatialReference":{"wkid":102100,"latestWkid":3857}}""",
        """{"hasM":true,"paths":[[[0,0,1],[1,1,2]]]}""",
        """{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]],[[20,0],[25,0],[25,5],[20,0]]]}""",
        """{"hasZ":true,"rings":[[[0,0,1],[10,0,2],[10,10,3],[0,10,4]]]}""",
        """{"xmin":-10,"ymin":-5,"xmax":10,"ymax":5,"spatialReference":{"wkid":4326}}""",
        "-118.15,33.8",
        "0,0,10,10",
    ];

    private static readonly string[] Tokens =
    [
        "\"", "[", "]", "{", "}", ",", ":", "-", "0", "9", ".", "e", "1e400", "-1e308", "null", "true", "false", "\"NaN\"",
        "[]", "{}", "[0,0]", "[0,0,0,0,0]", "\"x\":", "\"rings\":", "\"paths\":", "\"points\":", "\"hasZ\":true,",
        "\"hasM\":true,", "\"curveRings\":[],", "\"spatialReference\":", "1e15", " ",
    ];

    private static readonly string?[] Relations = [null, "esriSpatialRelContains", "esriSpatialRelWithin", "esriSpatialRelTouches", "esriSpatialRelRelation"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Only_ArcGisException_escapes(int seed)
    {
        var random = new Random(seed);
        var square = GeometryJson.Read("""{"rings":[[[0,0],[0,10],[10,10],[10,0],[0,0]]]}""");
        for (var i = 0; i < Iterations; i++)
        {
            var seedText = Seeds[random.Next(Seeds.Length)];
            var text = random.Next(3) == 0 || !seedText.StartsWith('{') ? MutateText(random, seedText) : MutateStructure(random, seedText);
            try
            {
                Exercise(random, text, square);
            }
            catch (ArcGisException)
            {
            }
            catch (Exception e)
            {
                throw new XunitException($"seed {seed}, iteration {i}: {e.GetType().Name} for input {text}\n{e}");
            }
        }
    }

    private static void Exercise(Random random, string text, NetTopologySuite.Geometries.Geometry square)
    {
        GeometryType? type = random.Next(6) == 0 ? (GeometryType)random.Next(5) : null;
        if (text.StartsWith('{') && TryParse(text) is { } element)
        {
            var layer = new GeometryRequirements((GeometryType)random.Next(4), random.Next(2) == 0, random.Next(2) == 0);
            var edit = EsriJsonGeometryReader.ReadForEdit(element, layer);
            Assert.True(edit.Succeeded || edit.Error!.Code is 1002 or 1005 or 1014 or 1015);
        }

        var read = EsriJsonGeometryReader.ParseQueryGeometry(text, type);
        GeometryJson.Esri(read.Geometry, GeometryJson.ZM with { GeometryPrecision = random.Next(-1, 20) });
        GeometryJson.GeoJson(read.Geometry, includeZ: true);
        GeometryCodec.Decode(GeometryCodec.Encode(read.Geometry).Wkb);
        Projection.Project(read.Geometry, SpatialReference.Wgs84, SpatialReference.WebMercator, "outSR");

        var relation = Relations[random.Next(Relations.Length)];
        var filter = SpatialFilter.Create(read.Geometry, SpatialReference.Wgs84, relation, "T********", random.Next(3) * 500.0);
        filter.Matches(square);
        filter.Matches(read.Geometry);
    }

    private static string MutateText(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Remove(at, Math.Min(random.Next(1, 4), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 2:
                    builder[at] = Tokens[random.Next(Tokens.Length)][0];
                    break;
                default:
                    var length = Math.Min(random.Next(1, 12), builder.Length - at);
                    builder.Insert(at, builder.ToString(at, length));
                    break;
            }
        }

        return builder.ToString();
    }

    // Keeps the JSON well-formed and swaps values, so most inputs get past the parser to the later stages.
    private static string MutateStructure(Random random, string text)
    {
        var root = JsonNode.Parse(text)!;
        for (var edits = random.Next(1, 3); edits > 0; edits--)
        {
            var slots = new List<(JsonNode Container, object Key)>();
            Collect(root, slots);
            if (slots.Count == 0)
            {
                break;
            }

            var (container, key) = slots[random.Next(slots.Count)];
            var value = RandomValue(random);
            switch (container, key)
            {
                case (JsonObject obj, string name) when value is null && random.Next(3) == 0:
                    obj.Remove(name);
                    break;
                case (JsonObject obj, string name):
                    obj[name] = value;
                    break;
                case (JsonArray array, int index) when random.Next(4) == 0:
                    array.RemoveAt(index);
                    break;
                case (JsonArray array, int index):
                    array[index] = value;
                    break;
            }
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode Container, object Key)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                slots.Add((obj, name));
                if (child is not null)
                {
                    Collect(child, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                slots.Add((array, i));
                if (array[i] is { } child)
                {
                    Collect(child, slots);
                }
            }
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(16) switch
    {
        0 => null,
        > 11 => JsonValue.Create(random.Next(-20, 20)),
        1 => JsonValue.Create(random.Next(-200, 200)),
        2 => JsonValue.Create((random.NextDouble() - 0.5) * 1e7),
        3 => JsonValue.Create(random.Next(2) == 0 ? 1e300 : -1e-300),
        4 => JsonValue.Create("12"),
        5 => JsonValue.Create(random.Next(2) == 0),
        6 => new JsonArray(),
        7 => new JsonObject(),
        8 => new JsonArray(random.Next(-5, 5), random.Next(-5, 5)),
        9 => new JsonArray(random.Next(-5, 5), random.Next(-5, 5), null, random.Next(9)),
        10 => new JsonArray(new JsonArray(0, 0), new JsonArray(random.Next(-5, 5), random.Next(-5, 5)), new JsonArray(3, random.Next(-5, 5))),
        _ => JsonValue.Create(-0.0),
    };

    private static JsonElement? TryParse(string text)
    {
        try
        {
            return GeometryJson.Element(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
