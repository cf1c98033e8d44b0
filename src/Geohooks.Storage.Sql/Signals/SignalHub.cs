namespace Geohooks.Storage.Sql.Signals;

/// <summary>
/// In-process wake-ups per channel. A signal wakes every current waiter; a signal that arrives while nobody waits
/// is remembered, so the next wait returns at once (auto-reset semantics: nothing is lost between two waits).
/// </summary>
public sealed class SignalHub
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ChannelState> channels = new(StringComparer.Ordinal);

    /// <summary>Tells this process's own notifications apart from other processes' (the NOTIFY payload).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public void Signal(string channel)
    {
        TaskCompletionSource? wake;
        lock (gate)
        {
            var state = State(channel);
            wake = state.Waiters;
            state.Waiters = null;
            state.WaiterCount = 0;
            state.Pending = wake is null;
        }

        wake?.TrySetResult();
    }

    /// <summary>Wakes every known channel: after a gap in which notifications may have been missed.</summary>
    public void SignalAll()
    {
        string[] names;
        lock (gate)
        {
            names = [.. channels.Keys];
        }

        foreach (var name in names)
        {
            Signal(name);
        }
    }

    public async Task<bool> WaitAsync(string channel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task waiter;
        ChannelState state;
        lock (gate)
        {
            state = State(channel);
            if (state.Pending)
            {
                state.Pending = false;
                return true;
            }

            state.Waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            state.WaiterCount++;
            waiter = state.Waiters.Task;
        }

        try
        {
            if (timeout > TimeSpan.Zero)
            {
                await waiter.WaitAsync(timeout, cancellationToken);
                return true;
            }
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
            Leave(state, waiter);
            throw;
        }

        // A signal that raced with the timeout still counts: it was meant for this waiter.
        return !Leave(state, waiter);
    }

    /// <summary>Stops waiting; true when the wait was not signalled.</summary>
    private bool Leave(ChannelState state, Task waiter)
    {
        lock (gate)
        {
            if (waiter.IsCompleted)
            {
                return false;
            }

            if (--state.WaiterCount == 0)
            {
                state.Waiters = null;
            }

            return true;
        }
    }

    private ChannelState State(string channel)
    {
        if (!channels.TryGetValue(channel, out var state))
        {
            state = new ChannelState();
            channels[channel] = state;
        }

        return state;
    }

    private sealed class ChannelState
    {
        public TaskCompletionSource? Waiters { get; set; }

        public int WaiterCount { get; set; }

        public bool Pending { get; set; }
    }
}
