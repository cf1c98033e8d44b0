using Geohooks.Core.Storage;

namespace Geohooks.Core.Delivery;

/// <summary>How the engine's loops sleep: until the store signals new work or the poll interval passes on the clock.</summary>
internal static class Signals
{
    public static async Task WaitAsync(IStore store, string channel, TimeSpan poll, TimeProvider time, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signal = store.WaitForSignalAsync(channel, poll, stop.Token);
        var tick = Task.Delay(poll, time, stop.Token);
        await Task.WhenAny(signal, tick);
        await stop.CancelAsync();
        await Task.WhenAll(signal, tick).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ct.ThrowIfCancellationRequested();
    }
}
