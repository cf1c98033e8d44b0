using Geohooks.Core.Storage;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_committed_signal_wakes_a_waiter()
    {
        var waiting = Store.WaitForSignalAsync(S.Channel, Long, Ct);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        await WriteAsync(s =>
        {
            s.Signal(S.Channel);
            s.Signal(Channels.Deliveries);
            return Task.CompletedTask;
        });
        Assert.True(await waiting.WaitAsync(Long));
    }

    [Fact]
    public async Task A_rolled_back_session_signals_nobody()
    {
        var waiting = Store.WaitForSignalAsync(S.Channel, Short, Ct);
        await using (var session = await Store.WriteAsync(Ct))
        {
            session.Signal(S.Channel);
        }

        Assert.False(await waiting);
    }

    [Fact]
    public async Task A_signal_before_the_wait_is_not_lost_and_is_consumed_once()
    {
        await WriteAsync(s =>
        {
            s.Signal(S.Channel);
            return Task.CompletedTask;
        });
        var started = TimeProvider.System.GetTimestamp();
        Assert.True(await Store.WaitForSignalAsync(S.Channel, Long, Ct));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        Assert.False(await Store.WaitForSignalAsync(S.Channel, Short, Ct));
    }

    [Fact]
    public async Task Waiting_for_a_signal_honours_cancellation()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var started = TimeProvider.System.GetTimestamp();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WaitForSignalAsync(S.Channel, Long, cancellation.Token));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WaitForSignalAsync("Bad Channel!", Short, Ct));
    }
}
