using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Hosted feature services over real HTTP: the URLs of both shapes, createService and addToDefinition with the
/// standard test schema, edits, queries, and the feature-service events of the log.
/// </summary>
public static class FeatureKit
{
    public const string Admin = GeohooksServer.AdminUser;

    public const string Editing = "Create,Delete,Query,Update,Editing";

    /// <summary>A point layer (4326) with one field of every attribute type, a domain of each kind and defaults, plus a table.</summary>
    public const string SitesAndVisits = """
        {"layers":[{"name":"Sites","type":"Feature Layer","geometryType":"esriGeometryPoint","spatialReference":{"wkid":4326},
          "hasAttachments":true,"displayField":"name",
          "fields":[
            {"name":"OBJECTID","type":"esriFieldTypeOID","alias":"OBJECTID"},
            {"name":"GlobalID","type":"esriFieldTypeGlobalID","alias":"GlobalID"},
            {"name":"name","type":"esriFieldTypeString","alias":"Site name","length":20,"nullable":false},
            {"name":"kind","type":"esriFieldTypeString","length":30,"defaultValue":"unknown"},
            {"name":"status","type":"esriFieldTypeSmallInteger","defaultValue":0,
             "domain":{"type":"codedValue","name":"SiteStatus","codedValues":[{"name":"open","code":0},{"name":"closed","code":1}]}},
            {"name":"score","type":"esriFieldTypeDouble","domain":{"type":"range","name":"Percent","range":[0,100]}},
            {"name":"visits","type":"esriFieldTypeInteger"},
            {"name":"big","type":"esriFieldTypeBigInteger"},
            {"name":"ratio","type":"esriFieldTypeSingle"},
            {"name":"seen","type":"esriFieldTypeDate"},
            {"name":"day","type":"esriFieldTypeDateOnly"},
            {"name":"tod","type":"esriFieldTypeTimeOnly"},
            {"name":"ts","type":"esriFieldTypeTimestampOffset"},
            {"name":"ref","type":"esriFieldTypeGUID"},
            {"name":"raw","type":"esriFieldTypeBlob"},
            {"name":"doc","type":"esriFieldTypeXML"}]}],
         "tables":[{"name":"Visits","type":"Table",
          "fields":[
            {"name":"OBJECTID","type":"esriFieldTypeOID"},
            {"name":"GlobalID","type":"esriFieldTypeGlobalID"},
            {"name":"note","type":"esriFieldTypeString","length":100}]}]}
        """;

    public static string Svc(string name) => $"/rest/services/{name}/FeatureServer";

    public static string HostedSvc(string name) => $"/rest/services/Hosted/{name}/FeatureServer";

    public static string AdminSvc(string name) => $"/rest/admin/services/{name}/FeatureServer";

    public static string EnterpriseAdminSvc(string name) => $"/admin/services/Hosted/{name}.FeatureServer";

    /// <summary>createService under <paramref name="owner"/>; the answer must be a success.</summary>
    public static async Task<JsonElement> CreateServiceAsync(
        this GeohooksServer server, string token, string owner, string name, string capabilities = Editing, string extra = "")
    {
        var parameters = $$$"""{"name":"{{{name}}}","capabilities":"{{{capabilities}}}","maxRecordCount":1000,"spatialReference":{"wkid":4326}""" + extra + "}";
        var answer = await server.PostAsync($"content/users/{owner}/createService", token, ("createParameters", parameters), ("outputType", "featureService"));
        answer.AssertSuccess();
        return answer;
    }

    /// <summary>A new service with <paramref name="definition"/> added; returns its item id.</summary>
    public static async Task<string> CreateServiceWithAsync(
        this GeohooksServer server, string token, string owner, string name, string definition = SitesAndVisits, string capabilities = Editing, string extra = "")
    {
        var created = await server.CreateServiceAsync(token, owner, name, capabilities, extra);
        (await server.PostAsync(AdminSvc(name) + "/addToDefinition", token, ("addToDefinition", definition))).AssertSuccess();
        return created.Str("itemId");
    }

    public static Task<JsonElement> ApplyEditsAsync(this GeohooksServer server, string? token, string name, int layer, params (string, string)[] parameters) =>
        server.PostAsync($"{Svc(name)}/{layer}/applyEdits", token, parameters);

    public static Task<JsonElement> QueryAsync(this GeohooksServer server, string? token, string name, int layer, params (string, string)[] parameters) =>
        server.GetAsync($"{Svc(name)}/{layer}/query", token, parameters);

    public static async Task<long> CountAsync(this GeohooksServer server, string? token, string name, int layer, string where = "1=1")
    {
        var answer = await server.QueryAsync(token, name, layer, ("where", where), ("returnCountOnly", "true"));
        Assert.True(answer.TryGetProperty("count", out var count), answer.ToString());
        return count.GetInt64();
    }

    /// <summary>The object ids matching <paramref name="where"/>, in object id order.</summary>
    public static async Task<long[]> IdsAsync(this GeohooksServer server, string? token, string name, int layer, string where, params (string, string)[] more)
    {
        var answer = await server.QueryAsync(token, name, layer, [("where", where), ("returnIdsOnly", "true"), .. more]);
        Assert.True(answer.TryGetProperty("objectIds", out var ids), answer.ToString());
        return [.. ids.EnumerateArray().Select(i => i.GetInt64()).Order()];
    }

    /// <summary>Adds features (JSON array text) with applyEdits and returns their object ids; every add must succeed.</summary>
    public static async Task<long[]> AddAsync(this GeohooksServer server, string token, string name, int layer, string adds)
    {
        var answer = await server.ApplyEditsAsync(token, name, layer, ("adds", adds));
        var results = answer.GetProperty("addResults").EnumerateArray().ToArray();
        Assert.All(results, r => Assert.True(r.GetProperty("success").GetBoolean(), answer.ToString()));
        return [.. results.Select(r => r.GetProperty("objectId").GetInt64())];
    }

    /// <summary>The attributes of one feature, by object id.</summary>
    public static async Task<JsonElement> FeatureAsync(this GeohooksServer server, string token, string name, int layer, long objectId)
    {
        var answer = await server.QueryAsync(token, name, layer, ("objectIds", objectId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("outFields", "*"));
        return Assert.Single(answer.GetProperty("features").EnumerateArray());
    }

    /// <summary>The layer's change-tracking generation (<c>serverGens.serverGen</c>).</summary>
    public static async Task<long> ServerGenAsync(this GeohooksServer server, string token, string name, int layer) =>
        (await server.GetAsync($"{Svc(name)}/{layer}", token)).GetProperty("serverGens").GetProperty("serverGen").GetInt64();

    public static async Task<IReadOnlyList<PortalEvent>> FeatureEventsAfterAsync(this GeohooksServer server, long sequence) =>
        [.. (await server.EventsAfterAsync(sequence)).Where(e => e.Source == EventSources.FeatureService)];

    /// <summary>A request whose answer is read whatever its content type (GeoJSON, attachment bytes).</summary>
    public static async Task<(string MediaType, byte[] Body)> RawGetAsync(this GeohooksServer server, string path, string? token, params (string Name, string Value)[] parameters)
    {
        var fields = parameters.Concat(token is null ? [] : [("token", token)]);
        var query = string.Join('&', fields.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        using var response = await server.Http.GetAsync(path.TrimStart('/') + "?" + query);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
        return (response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A multipart POST with one file part named <paramref name="fileField"/>.</summary>
    public static async Task<JsonElement> PostFileAsync(
        this GeohooksServer server, string path, string? token, string fileField, string fileName, string contentType, byte[] data, params (string Name, string Value)[] parameters)
    {
        using var form = new MultipartFormDataContent { { new StringContent("json"), "f" } };
        if (token is not null)
        {
            form.Add(new StringContent(token), "token");
        }

        foreach (var (field, value) in parameters)
        {
            form.Add(new StringContent(value), field);
        }

        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, fileField, fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = form };
        return await server.SendAsync(request);
    }

    public static JsonElement Parse(byte[] body) => JsonDocument.Parse(Encoding.UTF8.GetString(body)).RootElement.Clone();

    public static JsonElement Properties(this PortalEvent e) => JsonDocument.Parse(e.Properties).RootElement.Clone();
}
