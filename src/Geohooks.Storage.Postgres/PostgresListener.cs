using Geohooks.Core.Storage;
using Geohooks.Storage.Sql.Signals;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geohooks.Storage.Postgres;

/// <summary>
/// One long-lived, unpooled connection that LISTENs for the store's channels and turns other processes' NOTIFYs
/// into <see cref="SignalHub"/> signals. Started on first use; reconnects after a drop and then wakes every
/// channel, because notifications sent during the gap are gone.
/// </summary>
internal sealed partial class PostgresListener(NpgsqlDataSource dataSource, SignalHub hub, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly Dictionary<string, TaskCompletionSource> channels = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private bool disposed;

    /// <summary>Completes once <paramref name="channel"/> is being listened to, so no later NOTIFY is missed.</summary>
    public Task ListeningAsync(string channel)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (loop is null)
            {
                Register(Channels.Events);
                Register(Channels.Deliveries);
                loop = Task.Run(() => RunAsync(stop.Token));
            }

            return Register(channel).Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            running = loop;
        }

        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }

        stop.Dispose();
        await dataSource.DisposeAsync();
    }

    private TaskCompletionSource Register(string channel)
    {
        if (!channels.TryGetValue(channel, out var ready))
        {
            ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            channels[channel] = ready;
        }

        return ready;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reconnecting = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(reconnecting, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.Dropped(logger, exception);
                reconnecting = true;
                try
                {
                    await Task.Delay(ReconnectDelay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenAsync(bool reconnecting, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += OnNotification;
        var listened = new HashSet<string>(StringComparer.Ordinal);
        var lastCheck = TimeProvider.System.GetTimestamp();
        while (true)
        {
            foreach (var (channel, ready) in Unlistened(listened))
            {
                await using var command = new NpgsqlCommand($"LISTEN \"{SignalChannels.ToDatabase(channel)}\"", connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                listened.Add(channel);
                ready.TrySetResult();
            }

            if (reconnecting)
            {
                reconnecting = false;
                hub.SignalAll();
            }

            if (!await connection.WaitAsync(PollInterval, cancellationToken) &&
                TimeProvider.System.GetElapsedTime(lastCheck) > HealthCheckInterval)
            {
                // A silently dropped connection never delivers again; a round trip notices it.
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                lastCheck = TimeProvider.System.GetTimestamp();
            }
        }
    }

    private List<(string Channel, TaskCompletionSource Ready)> Unlistened(HashSet<string> listened)
    {
        lock (gate)
        {
            return [.. channels.Where(c => !listened.Contains(c.Key)).Select(c => (c.Key, c.Value))];
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // This store already woke its own waiters when it committed.
        if (e.Payload != hub.Origin && SignalChannels.FromDatabase(e.Channel) is { } channel)
        {
            hub.Signal(channel);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The PostgreSQL notification listener lost its connection; reconnecting")]
        public static partial void Dropped(ILogger logger, Exception exception);
    }
}
