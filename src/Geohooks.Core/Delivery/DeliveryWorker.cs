using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Claims due deliveries under a lease and sends them. At-least-once checkpoints:
/// 1. the claim commits before any byte is sent, so a crash mid-send leaves the delivery in flight until its lease
///    expires, when any worker takes it over and sends it again (same message id, same body);
/// 2. the attempt and the delivery's next state are written fenced by the lease token (in batches, by the
///    <see cref="CompletionWriter"/>), so a worker whose lease was taken over records nothing and the new holder's
///    outcome stands. A slot is freed only once its outcome is written.
/// Memory is bounded: no more than <see cref="DeliveryOptions.MaxConcurrency"/> deliveries are held in this process.
/// </summary>
public sealed partial class DeliveryWorker(
    IStore store, WebhookSender sender, TimeProvider time, IOptions<DeliveryOptions> options, ILogger<DeliveryWorker> logger) : IDisposable
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly SemaphoreSlim _freed = new(0);
    private readonly Lanes _lanes = new();
    private readonly CompletionWriter _writer = new(store, time, logger);
    private int _held;

    /// <summary>Deliveries claimed by this worker and not yet finished.</summary>
    public int Held => Volatile.Read(ref _held);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(_writer.RunAsync(Free, ct), ClaimLoopAsync(ct));

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var capacity = _options.MaxConcurrency - Held;
            if (capacity <= 0)
            {
                await _freed.WaitAsync(ct);
                continue;
            }

            IReadOnlyList<Work> claimed;
            try
            {
                claimed = await ClaimAsync(capacity, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Log.ClaimFailed(logger, e);
                claimed = [];
            }

            if (claimed.Count == 0)
            {
                await Signals.WaitAsync(store, Channels.Deliveries, _options.PollInterval, time, ct);
                continue;
            }

            foreach (var work in claimed)
            {
                Interlocked.Increment(ref _held);
                _lanes.Enqueue(work, w => ProcessAsync(w, ct));
            }
        }
    }

    private async Task<IReadOnlyList<Work>> ClaimAsync(int limit, CancellationToken ct)
    {
        var now = Now();
        var token = Ids.NewId();
        IReadOnlyList<Delivery> deliveries;
        await using (var session = await store.WriteAsync(ct))
        {
            deliveries = await session.Deliveries.ClaimAsync(limit, now, token, now + (long)_options.LeaseDuration.TotalMilliseconds, ct);
            await session.CommitAsync(ct);
        }

        if (deliveries.Count == 0)
        {
            return [];
        }

        await using var read = await store.ReadAsync(ct);
        var hooks = new Dictionary<string, Webhook?>(StringComparer.Ordinal);
        var settings = new Dictionary<string, WebhookSettings>(StringComparer.Ordinal);
        var work = new List<Work>(deliveries.Count);
        foreach (var d in deliveries)
        {
            if (!hooks.TryGetValue(d.WebhookId, out var hook))
            {
                hooks[d.WebhookId] = hook = await read.Webhooks.FindAsync(d.WebhookId, ct);
            }

            if (hook is null)
            {
                continue;
            }

            if (!settings.TryGetValue(hook.OrgId, out var s))
            {
                settings[hook.OrgId] = s = await read.Webhooks.GetSettingsAsync(hook.OrgId, ct) ?? WebhookSettings.Default;
            }

            work.Add(new Work(d, hook, WebhookConfig.Parse(hook.Config), s));
        }

        return work;
    }

    private async Task ProcessAsync(Work work, CancellationToken ct)
    {
        var handedOver = false;
        try
        {
            handedOver = await SendAsync(work, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The lease stays; the delivery is retried by whoever claims it after expiry.
            Log.SendFailed(logger, work.Delivery.Id, e);
        }
        finally
        {
            if (!handedOver)
            {
                Free(1);
            }
        }
    }

    /// <summary>Slots come back a written batch at a time, so the next claim takes them in one statement.</summary>
    private void Free(int count)
    {
        Interlocked.Add(ref _held, -count);
        _freed.Release();
    }

    /// <summary>Sends one delivery; true when its outcome was handed to the writer, which frees the slot once written.</summary>
    private async Task<bool> SendAsync(Work work, CancellationToken ct)
    {
        var (delivery, hook, config, settings) = work;
        var timeout = RetryPolicy.Timeout(settings);
        if (!await EnsureLeaseAsync(delivery, timeout, ct))
        {
            return false;
        }

        var startedAt = Now();
        var headers = Signatures.Headers(hook.Secret, delivery.MessageId, startedAt / 1000, delivery.Payload);
        var result = await sender.SendAsync(new Uri(hook.PayloadUrl), delivery.Payload, delivery.ContentType, headers, timeout, ct);
        var attemptNumber = delivery.Attempts + 1;
        var outcome = RetryPolicy.Decide(config, settings, attemptNumber, result, Now(), _options.MaxRetryAfter, Random.Shared.NextDouble());
        var attempt = AttemptLog.Create(delivery, attemptNumber, startedAt, headers, result);
        _writer.Enqueue(new Completion(delivery, attempt, outcome, result.Status));
        return true;
    }

    /// <summary>A delivery that waited in its lane may be near the end of its lease: extend it before sending.</summary>
    private async Task<bool> EnsureLeaseAsync(Delivery delivery, TimeSpan timeout, CancellationToken ct)
    {
        var now = Now();
        if (delivery.LeaseExpiresAt - now > (long)(timeout + TimeSpan.FromSeconds(10)).TotalMilliseconds)
        {
            return true;
        }

        await using var session = await store.WriteAsync(ct);
        var extended = await session.Deliveries.ExtendLeaseAsync(delivery.Id, delivery.LeaseToken!, now + (long)(_options.LeaseDuration + timeout).TotalMilliseconds, ct);
        await session.CommitAsync(ct);
        return extended;
    }

    public void Dispose() => _freed.Dispose();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    internal sealed record Work(Delivery Delivery, Webhook Hook, WebhookConfig Config, WebhookSettings Settings);

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Error, "Claiming deliveries failed; retrying")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(201, LogLevel.Error, "Delivery {DeliveryId} failed unexpectedly; it will be retried after its lease expires")]
        public static partial void SendFailed(ILogger logger, long deliveryId, Exception exception);
    }
}
