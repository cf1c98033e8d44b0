using System.Collections.Concurrent;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Geohooks.Server.Tests.Durability;

/// <summary>One delivery as the receiver got it: its message id, the event it carries, and the sender's port.</summary>
public sealed record Arrival(long Order, string MessageId, string ItemId, string Operation, string Title, int RemotePort);

/// <summary>
/// A real HTTP receiver on a loopback port, like <see cref="Infrastructure.Receiver"/>, that also records the remote
/// port of each request's connection (see <see cref="SocketOwners"/>) and, in O(1) per request, the event the
/// payload carries (<c>events[0].id</c>, <c>operation</c>, <c>properties.title</c>). Every POST is answered 200.
/// </summary>
public sealed class Recorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<string, byte> _titles = new(StringComparer.Ordinal);
    private long _order;
    private long _delayTicks;
    private readonly ConcurrentDictionary<long, int> _holding = new();

    private Recorder(WebApplication app)
    {
        _app = app;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Port = address.Port;
        Url = $"http://127.0.0.1:{Port}/hook";
    }

    public string Url { get; }

    public int Port { get; }

    public int Count => _arrivals.Count;

    public IReadOnlyCollection<Arrival> Arrivals => _arrivals;

    public bool HasTitle(string title) => _titles.ContainsKey(title);

    /// <summary>Remote ports of the requests recorded and not answered yet (held by <see cref="Delay"/>).</summary>
    public IReadOnlyCollection<int> HoldingPorts => [.. _holding.Values];

    /// <summary>How long each POST is held (after it is recorded) before it is answered; keeps senders' slots busy.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public static async Task<Recorder> StartAsync()
    {
        Recorder? recorder = null;
        var app = await LoopbackApp.StartAsync(async (http, body) =>
        {
            var order = recorder!.Record(http.Request.Headers["webhook-id"].ToString(), body, http.Connection.RemotePort);
            if (recorder.Delay is { Ticks: > 0 } delay)
            {
                recorder._holding[order] = http.Connection.RemotePort;
                try
                {
                    await Task.Delay(delay, CancellationToken.None);
                }
                finally
                {
                    recorder._holding.TryRemove(order, out _);
                }
            }

            await http.Response.WriteAsync("""{"success":"true"}""");
        });
        recorder = new Recorder(app);
        return recorder;
    }

    private long Record(string messageId, byte[] body, int remotePort)
    {
        var e = JsonDocument.Parse(body).RootElement.GetProperty("events")[0];
        var title = e.GetProperty("properties").TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        var order = Interlocked.Increment(ref _order);
        _arrivals.Enqueue(new Arrival(order, messageId, e.GetProperty("id").GetString() ?? "", e.GetProperty("operation").GetString() ?? "", title, remotePort));
        _titles.TryAdd(title, 0);
        return order;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
