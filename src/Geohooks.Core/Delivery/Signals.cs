using Geohooks.Core.Storage;

namespace Geohooks.Core.Delivery;

/// <summary>How the engine's loops sleep: until the store signals new work or the poll interval passes on the clock.</summary>
internal static class Signals
{
    public static Task WaitAsync(IStore store, string channel, TimeSpan poll, TimeProvider time, CancellationToken ct) =>
        WaitAsync(store, [channel], poll, time, ct);

    /// <summary>Until any of <paramref name="channels"/> is signalled or the poll interval passes.</summary>
    public static async Task WaitAsync(IStore store, string[] channels, TimeSpan poll, TimeProvider time, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task[] waits = [.. channels.Select(channel => store.WaitForSignalAsync(channel, poll, stop.Token)), Task.Delay(poll, time, stop.Token)];
        await Task.WhenAny(waits);
        await stop.CancelAsync();
        await Task.WhenAll(waits).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ct.ThrowIfCancellationRequested();
    }
}
