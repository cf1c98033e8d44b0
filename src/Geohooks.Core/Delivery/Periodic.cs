namespace Geohooks.Core.Delivery;

/// <summary>The engine's background chores: run one round, log a failure and carry on, sleep on the injected clock.</summary>
internal static class Periodic
{
    /// <param name="round">One round; returns true when it left more work, to run again at once.</param>
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> round, TimeSpan interval, TimeProvider time, Action<Exception> failed, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await round(ct))
                {
                    continue;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                failed(e);
            }

            await Task.Delay(interval, time, ct);
        }
    }
}
