using System.Buffers;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Geohooks.Bench;

/// <summary>
/// The local receiver: Kestrel on 127.0.0.1:0 answering 200 at once. It records the arrival time of each delivery
/// slot — by default the bench event (its index is carried in the event's target id), or what a
/// <see cref="DeliverySlot"/> makes of the request — and counts duplicates and body bytes. While "down" it accepts
/// requests but does not answer them until it is back (a hung receiver), then answers them all 200.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long[] _arrivals = [];
    private DeliverySlot _slot = BenchEventSlot;
    private long _bytes;
    private int _delivered;
    private int _duplicates;
    private long _requests;
    private TaskCompletionSource _up = Completed();

    private Receiver(WebApplication app) => _app = app;

    /// <summary>The slot a delivery fills, from its request path and body; -1 for none.</summary>
    public delegate int DeliverySlot(string path, ReadOnlySpan<byte> body);

    public Uri Url { get; private set; } = null!;

    /// <summary>Distinct slots (bench events by default) answered 200.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    public int Duplicates => Volatile.Read(ref _duplicates);

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Request body bytes received since the last reset.</summary>
    public long BodyBytes => Interlocked.Read(ref _bytes);

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    /// <summary>
    /// Forgets every arrival and prepares for slots 0 to <paramref name="capacity"/> - 1: bench events, or what
    /// <paramref name="slot"/> maps deliveries to.
    /// </summary>
    public void Reset(int capacity, DeliverySlot? slot = null)
    {
        _arrivals = new long[capacity];
        _slot = slot ?? BenchEventSlot;
        Interlocked.Exchange(ref _bytes, 0);
        Volatile.Write(ref _delivered, 0);
        Volatile.Write(ref _duplicates, 0);
        Interlocked.Exchange(ref _requests, 0);
    }

    /// <summary>Stopwatch timestamp of the first 200 for event <paramref name="index"/>; 0 when it never arrived.</summary>
    public long ArrivalOf(int index) => Volatile.Read(ref _arrivals[index]);

    public void GoDown() => _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ComeBack() => _up.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> distinct events arrived or the time limit passes; true when they did.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan limit, Action<int>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        while (Delivered < count)
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                return false;
            }

            if (progress is not null && Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(10))
            {
                lastReport = Stopwatch.GetTimestamp();
                progress(Delivered);
            }

            await Task.Delay(2);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        ComeBack();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        var index = await ReadSlotAsync(http.Request, _slot);
        var up = _up.Task;
        if (!up.IsCompleted)
        {
            try
            {
                await up.WaitAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var now = Stopwatch.GetTimestamp();
        var arrivals = _arrivals;
        if (index >= 0 && index < arrivals.Length)
        {
            if (Interlocked.CompareExchange(ref arrivals[index], now, 0) == 0)
            {
                Interlocked.Increment(ref _delivered);
            }
            else
            {
                Interlocked.Increment(ref _duplicates);
            }
        }

        http.Response.StatusCode = 200;
    }

    private static int BenchEventSlot(string path, ReadOnlySpan<byte> body) => BenchEvents.FindIndex(body);

    private async Task<int> ReadSlotAsync(HttpRequest request, DeliverySlot slot)
    {
        var length = (int)(request.ContentLength ?? 64 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read))) > 0)
            {
                read += n;
            }

            Interlocked.Add(ref _bytes, read);
            return slot(request.Path.Value ?? "", buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
