using System.Diagnostics;
using System.Net.Http.Headers;
using Geohooks.Core.Security;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;

namespace Geohooks.Bench;

/// <summary>
/// The physical limit: the same signed payloads POSTed to the same receiver at the same concurrency, with no store.
/// Bodies are built before the clock starts (the engine builds them at dispatch, off the send path); signing happens
/// per request, as the engine signs per attempt. The client is configured like the engine's WebhookSender.
/// </summary>
public static class RawLoop
{
    /// <summary>Connections per receiver host, as <c>DeliveryOptions.MaxConnectionsPerHost</c> defaults.</summary>
    public const int MaxConnectionsPerHost = 32;

    /// <summary>The secret (signature key) of every bench webhook.</summary>
    public const string Secret = "bench-secret-0123456789abcdef";

    /// <summary>
    /// One request: a prebuilt body, signed when sent as the engine signs the webhook's kind (<paramref name="Service"/>:
    /// the service-webhook headers, over the payload field for form bodies; else the organization-webhook headers).
    /// </summary>
    public sealed record RawPost(Uri Url, byte[] Body, string ContentType, bool Service);

    /// <summary>POSTs the organization-webhook payloads of bench events [first, first + count) and returns requests per second.</summary>
    public static Task<double> RunAsync(Receiver receiver, int first, int count, int concurrency, TimeSpan limit)
    {
        var hook = new Webhook
        {
            Id = Ids.NewId(), OrgId = "bench", Kind = WebhookKinds.Organization, Name = "bench", PayloadUrl = receiver.Url.ToString(),
            Secret = Secret, OwnerId = "bench", Created = 0, Modified = 0,
        };
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var posts = Enumerable.Range(first, count)
            .Select(i => new RawPost(
                receiver.Url, OrgPayload.Build(hook, "http://127.0.0.1:5080/arcgis/", now, [BenchEvents.Create(i, "bench", "bench", "bench", now)]), "application/json", Service: false))
            .ToArray();
        return RunAsync(posts, concurrency, limit);
    }

    /// <summary>POSTs <paramref name="posts"/> in order, <paramref name="concurrency"/> at a time; returns requests per second.</summary>
    public static async Task<double> RunAsync(IReadOnlyList<RawPost> posts, int concurrency, TimeSpan limit)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseProxy = false, UseCookies = false, MaxConnectionsPerServer = MaxConnectionsPerHost,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Geohooks", "1.0"));

        var count = posts.Count;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && Stopwatch.GetElapsedTime(started) < limit)
            {
                await PostAsync(http, posts[i]);
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return Math.Min(count, next) / elapsed.TotalSeconds;
    }

    private static async Task PostAsync(HttpClient http, RawPost post)
    {
        var messageId = "msg_" + Ids.NewId();
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var headers = post.Service
            ? Signatures.ServiceHeaders(Secret, false, messageId, timestamp, post.Body, ServicePayloads.SignedPart(post.Body, post.ContentType))
            : Signatures.Headers(Secret, messageId, timestamp, post.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Url) { Content = new ByteArrayContent(post.Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(post.ContentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
    }
}
