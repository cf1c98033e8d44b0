using System.Diagnostics;
using System.Net.Http.Headers;
using Geohooks.Core.Security;
using Geohooks.Core.Webhooks;

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

    private const string Secret = "bench-secret-0123456789abcdef";

    /// <summary>POSTs events [first, first + count) and returns requests per second.</summary>
    public static async Task<double> RunAsync(Receiver receiver, int first, int count, int concurrency, TimeSpan limit)
    {
        var hook = new Webhook
        {
            Id = Ids.NewId(), OrgId = "bench", Kind = WebhookKinds.Organization, Name = "bench", PayloadUrl = receiver.Url.ToString(),
            Secret = Secret, OwnerId = "bench", Created = 0, Modified = 0,
        };
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var bodies = Enumerable.Range(first, count)
            .Select(i => OrgPayload.Build(hook, "http://127.0.0.1:5080/arcgis/", now, [BenchEvents.Create(i, "bench", "bench", "bench", now)]))
            .ToArray();

        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseProxy = false, UseCookies = false, MaxConnectionsPerServer = MaxConnectionsPerHost,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Geohooks", "1.0"));

        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && Stopwatch.GetElapsedTime(started) < limit)
            {
                await PostAsync(http, receiver.Url, bodies[i]);
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return Math.Min(count, next) / elapsed.TotalSeconds;
    }

    private static async Task PostAsync(HttpClient http, Uri url, byte[] body)
    {
        var messageId = "msg_" + Ids.NewId();
        var headers = Signatures.Headers(Secret, messageId, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
    }
}
