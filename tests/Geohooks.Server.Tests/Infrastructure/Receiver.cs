using System.Collections.Concurrent;
using System.Text;
using Geohooks.Core.Webhooks.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Geohooks.Server.Tests.Infrastructure;

/// <summary>One request as the receiver saw it: exact body bytes and every header.</summary>
public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : "";
}

/// <summary>
/// A real HTTP receiver on a loopback port. Each POST is recorded, then answered by <see cref="Respond"/>
/// (default 200). GET requests (the creation probe, the CRC check) are recorded separately and answered by
/// <see cref="RespondGet"/> (default an empty 200; <see cref="AnswerCrc"/> answers the CRC check).
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _posts = new();
    private readonly ConcurrentQueue<Received> _gets = new();

    private Receiver(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = address.TrimEnd('/') + "/hook";
    }

    public string Url { get; }

    public IReadOnlyCollection<Received> Posts => _posts;

    public IReadOnlyCollection<Received> Gets => _gets;

    /// <summary>How to answer a GET.</summary>
    public Func<HttpContext, Task> RespondGet { get; set; } = _ => Task.CompletedTask;

    /// <summary>How to answer a POST; may delay, hang, or write anything.</summary>
    public Func<HttpContext, int, Task> Respond { get; set; } = (http, _) => http.Response.WriteAsync("""{"success":"true"}""");

    public static async Task<Receiver> StartAsync()
    {
        Receiver? receiver = null;
        var app = await LoopbackApp.StartAsync(async (http, body) =>
        {
            receiver!._posts.Enqueue(new Received("POST", http.Request.Path, Headers(http), body));
            await receiver.Respond(http, receiver._posts.Count);
        },
        http =>
        {
            receiver!._gets.Enqueue(new Received("GET", http.Request.Path + http.Request.QueryString, Headers(http), []));
            return receiver.RespondGet(http);
        });
        receiver = new Receiver(app);
        return receiver;
    }

    /// <summary>Answers the CRC check as a receiver holding <paramref name="signatureKey"/> does (spec webhooks §4.4).</summary>
    public void AnswerCrc(string signatureKey, bool hex = false) =>
        RespondGet = http =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync($$"""{"response_token":"{{Crc.ResponseToken(signatureKey, http.Request.Query["crc_token"].ToString(), hex)}}"}""");
        };

    /// <summary>Waits (bounded, real time) until at least <paramref name="count"/> POSTs arrived.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (_posts.Count < count && !cts.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.True(_posts.Count >= count, $"expected {count} deliveries, got {_posts.Count}");
        return _posts.ToArray();
    }

    private static Dictionary<string, string> Headers(HttpContext http) =>
        http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
