using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Features;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.ServiceDelivery;

/// <summary>
/// Service webhooks for delivery tests: a tracked feature service, webhooks of either flavor pointed at a real
/// receiver, and the receiver side written from the spec (§3.7, §4.5) — its own HMAC, its own form decoding — so
/// the code that signs never checks itself.
/// </summary>
public static class ServiceHookKit
{
    public const string Tracked = FeatureKit.Editing + ",ChangeTracking";

    public static readonly ScheduleInfo Immediate = new("", true, 0, 0, ScheduleInfo.Second);

    /// <summary>A service with the standard test schema and change tracking; returns its name and item id.</summary>
    public static async Task<(string Name, string ItemId)> TrackedServiceAsync(this GeohooksServer server, string token)
    {
        var name = Unique.Name("hooked");
        var itemId = await server.CreateServiceWithAsync(token, FeatureKit.Admin, name, capabilities: Tracked);
        return (name, itemId);
    }

    /// <summary>
    /// Stores an active service webhook on the feature service (or, with an empty <paramref name="itemId"/>, on the
    /// geoprocessing service <paramref name="folder"/>/<paramref name="serviceName"/>) directly in the store (the management API has tests of
    /// its own); returns its id.
    /// </summary>
    public static async Task<string> HookAsync(
        this GeohooksServer server, string kind, string serviceName, string itemId, string url, string[]? changeTypes = null,
        string secret = "", string contentType = ServiceHookSpec.Json, string payloadFormat = ServiceHookSpec.CompactFormat,
        ScheduleInfo? schedule = null, HookFilter? filter = null, bool fullPayload = false, string folder = "", long? created = null, long? crcCheckedAt = null)
    {
        var after = await server.LastEventSequenceAsync();
        await using var session = await server.Store.WriteAsync(CancellationToken.None);
        var org = await session.Orgs.GetDefaultAsync(CancellationToken.None) ?? throw new InvalidOperationException("no org");
        var admin = await session.Users.FindByUsernameAsync(FeatureKit.Admin, CancellationToken.None) ?? throw new InvalidOperationException("no admin");
        var gp = itemId.Length == 0;
        var spec = new ServiceHookSpec
        {
            ServiceType = gp ? ServiceScopes.GPServer : ServiceScopes.FeatureServer,
            FolderName = folder,
            ServiceName = serviceName,
            ServiceItemId = gp ? null : itemId,
            ContentType = contentType,
            PayloadFormat = payloadFormat,
            Schedule = gp ? null : schedule ?? Immediate,
            Filter = filter,
            FullPayload = fullPayload,
            OwnerUsername = FeatureKit.Admin,
            ModifiedUsername = FeatureKit.Admin,
            CrcCheckedAt = crcCheckedAt,
            AfterSequence = after,
        };
        var now = created ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var hook = new Webhook
        {
            Id = Guid.NewGuid().ToString(),
            OrgId = org.Id,
            Kind = kind,
            Name = Unique.Name("svchook"),
            PayloadUrl = url,
            Secret = secret,
            Events = changeTypes ?? ["*"],
            Config = spec.ToConfig(),
            OwnerId = admin.Id,
            Created = now,
            Modified = now,
            Scope = gp ? ServiceScopes.Gp(folder, serviceName) : ServiceScopes.Feature(itemId),
        };
        await session.Webhooks.InsertAsync(hook, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return hook.Id;
    }

    /// <summary>The JSON a delivery carries: the body, or for a form-encoded one its decoded <c>payload</c> field.</summary>
    public static JsonElement Json(Received post)
    {
        var text = post.Text;
        if (post.Header("Content-Type").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            var form = HttpUtility.ParseQueryString(text);
            text = form["payload"] ?? throw new InvalidOperationException("no payload field: " + text);
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// Verifies <c>x-esriHook-Signature</c> as a receiver written from the spec would: HMAC-SHA256 keyed with the
    /// UTF-8 key over the raw body (JSON) or over the raw bytes between <c>payload=</c> and the next <c>&amp;</c>
    /// (form), <c>sha256=</c> + Base64 (or hex); in form mode the body field must carry the same value.
    /// </summary>
    public static void AssertSigned(Received post, string key, bool hex = false)
    {
        var body = post.Body;
        var signed = body;
        var form = post.Header("Content-Type").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal);
        if (form)
        {
            var text = Encoding.UTF8.GetString(body);
            Assert.StartsWith("payload=", text, StringComparison.Ordinal);
            var end = text.IndexOf('&', StringComparison.Ordinal);
            signed = Encoding.UTF8.GetBytes(text[8..(end < 0 ? text.Length : end)]);
        }

        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed);
        var expected = "sha256=" + (hex ? Convert.ToHexStringLower(mac) : Convert.ToBase64String(mac));
        Assert.Equal(expected, post.Header("x-esriHook-Signature"));
        if (form)
        {
            Assert.Equal(expected, HttpUtility.ParseQueryString(post.Text)["x-esriHook-Signature"]);
        }

        Assert.Equal("", post.Header("secret"));
    }

    /// <summary>
    /// Follows a delivered changesUrl with a token, as Esri's receiver samples do: a synchronous answer, or for
    /// <c>async=true</c> the job's status until Completed and then its result.
    /// </summary>
    public static async Task<JsonElement> FollowAsync(this GeohooksServer server, string changesUrl, string token)
    {
        // The URL is used as delivered, with the token added the way a receiver adds it.
        var separator = changesUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var response = await server.Http.GetAsync(Local(server, changesUrl).TrimStart('/') + $"{separator}f=json&token={Uri.EscapeDataString(token)}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var answer = doc.RootElement.Clone();
        Assert.False(answer.TryGetProperty("error", out _), answer.ToString());
        if (!answer.TryGetProperty("statusUrl", out var statusUrl))
        {
            return answer;
        }

        for (var i = 0; i < 400; i++)
        {
            var status = await server.GetAsync(Local(server, statusUrl.GetString()!), token);
            if (status.Str("status") == "Completed")
            {
                return await server.GetAsync(Local(server, status.Str("resultUrl")), token);
            }

            Assert.NotEqual("Failed", status.Str("status"));
            await Task.Delay(25); // the job runs on the server's own worker; this only polls it
        }

        throw new TimeoutException("the extractChanges job did not complete");
    }

    /// <summary>Object ids of one kind of change (adds, updates, deleteIds) of one layer in an extractChanges answer.</summary>
    public static long[] Changed(JsonElement changes, int layerId, string kind)
    {
        var layer = changes.GetProperty("edits").EnumerateArray().Single(e => e.GetProperty("id").GetInt32() == layerId).GetProperty("features");
        return kind == "deleteIds"
            ? [.. layer.GetProperty("deleteIds").EnumerateArray().Select(i => i.GetInt64()).Order()]
            : [.. layer.GetProperty(kind).EnumerateArray().Select(f => f.GetProperty("attributes").GetProperty("OBJECTID").GetInt64()).Order()];
    }

    private static string Local(GeohooksServer server, string url)
    {
        Assert.StartsWith(server.BaseUrl + "/", url, StringComparison.Ordinal);
        return url[server.BaseUrl.Length..];
    }
}
