using System.Threading.Channels;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Claims due deliveries under a lease and sends them; when no more are due and it has room, it takes new events
/// from the <see cref="EventDispatcher"/>, whose deliveries are created already leased to it. At-least-once checkpoints:
/// 1. the claim (or the leased insert) commits before any byte is sent, so a crash mid-send leaves the delivery in
///    flight until its lease expires, when any worker takes it over and sends it again (same message id, same body);
/// 2. the attempt and the delivery's next state are written fenced by the lease token (in batches, by the
///    <see cref="CompletionWriter"/>), so a worker whose lease was taken over records nothing and the new holder's
///    outcome stands. A slot is freed only once its outcome is written.
/// One writer round per cycle: the outcomes that finished since the last cycle are recorded and the slots they free
/// are filled again in the same transaction — first with due deliveries (retries, and deliveries left over when an
/// event matched more webhooks than there was room for), oldest first, then with new events — so the store is
/// written once per batch, and a new delivery is inserted, leased and handed to a sender in one transaction.
/// Memory is bounded: no more than <see cref="DeliveryOptions.MaxConcurrency"/> deliveries are held in this process
/// (claimed and not yet recorded), so a killed process leaves at most that many leases to expire.
/// </summary>
public sealed partial class DeliveryWorker(
    IStore store, EventDispatcher dispatcher, WebhookSender sender, TimeProvider time, IOptions<DeliveryOptions> options, ILogger<DeliveryWorker> logger)
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly Lanes _lanes = new();
    private readonly CompletionWriter _writer = new(store, time, logger);

    // Finished attempts for the next cycle; null marks a slot freed without an outcome to record.
    private readonly Channel<Completion?> _finished = Channel.CreateUnbounded<Completion?>(new UnboundedChannelOptions { SingleReader = true });
    private int _held;

    // When the next claim may find something, if nothing signals sooner: the earliest retry this worker scheduled, and
    // at the latest a poll interval after the last claim (leases that expired, retries scheduled by other processes).
    // Everything else that makes a delivery claimable — a redelivery, an activated webhook, an event matching more
    // webhooks than there was room for — signals Channels.Deliveries. A busy worker so skips the claim query (an index
    // probe that finds nothing) in cycles that only record outcomes and take new events.
    private long _claimAt;

    /// <summary>Deliveries claimed by this worker whose outcome is not written yet.</summary>
    public int Held => Volatile.Read(ref _held);

    public async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<Completion>(CompletionWriter.MaxBatch);
        var lookForWork = true;
        long? fullSince = null;
        while (!ct.IsCancellationRequested)
        {
            TakeFinished(batch);
            var full = _options.MaxConcurrency - Held <= 0;
            // Full means stalled only while no slot comes free: a busy worker whose sends keep finishing is full at
            // nearly every look, and still takes new events as fast as it sends them.
            fullSince = full && batch.Count == 0 ? fullSince ?? Now() : null;
            if (batch.Count == 0 && (full || !lookForWork))
            {
                if (full && Now() - fullSince >= (long)_options.PollInterval.TotalMilliseconds && await DispatchPendingAsync(ct))
                {
                    continue;
                }

                if (await WaitAsync(claimable: !full, ct))
                {
                    (lookForWork, _claimAt) = (true, 0);
                }

                continue;
            }

            IReadOnlyList<Work> claimed;
            try
            {
                (claimed, lookForWork) = await CycleAsync(batch, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                if (batch.Count == 0)
                {
                    Log.ClaimFailed(logger, e);
                }
                else
                {
                    await _writer.RecordOneByOneAsync(batch, e, ct);
                }

                (claimed, lookForWork, _claimAt) = ([], false, 0);
            }

            Interlocked.Add(ref _held, claimed.Count - batch.Count);
            batch.Clear();
            foreach (var work in claimed)
            {
                _lanes.Enqueue(work, w => ProcessAsync(w, ct));
            }
        }
    }

    /// <summary>Moves finished attempts into <paramref name="batch"/> (up to a full batch) and releases the slots freed without one.</summary>
    private void TakeFinished(List<Completion> batch)
    {
        while (batch.Count < CompletionWriter.MaxBatch && _finished.Reader.TryRead(out var finished))
        {
            if (finished is null)
            {
                Interlocked.Decrement(ref _held);
            }
            else
            {
                batch.Add(finished);
            }
        }
    }

    /// <summary>
    /// Records <paramref name="batch"/> and fills the free slots, in one transaction: due deliveries first, then new
    /// events. Outcomes that finished while the session waited for the store join the batch, so the busier the store,
    /// the larger the batch. The batch's slots come free as soon as its outcomes are written, in the same transaction.
    /// Returns the work taken and whether more may be waiting (the slots were all filled, or the events read were as
    /// many as there was room for).
    /// </summary>
    private async Task<(IReadOnlyList<Work> Work, bool More)> CycleAsync(List<Completion> batch, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        TakeFinished(batch);
        var capacity = _options.MaxConcurrency - Held + batch.Count;
        await _writer.RecordAsync(session, batch, ct);
        foreach (var c in batch)
        {
            if (c.Outcome is { Status: DeliveryStatus.Pending, NextAttemptAt: { } retryAt })
            {
                _claimAt = Math.Min(_claimAt, retryAt);
            }
        }

        if (capacity <= 0)
        {
            await session.CommitAsync(ct);
            return ([], false);
        }

        var now = Now();
        var (token, expires) = (Ids.NewId(), now + (long)_options.LeaseDuration.TotalMilliseconds);
        IReadOnlyList<Delivery> deliveries = [];
        if (now >= _claimAt || await store.WaitForSignalAsync(Channels.Deliveries, TimeSpan.Zero, ct))
        {
            deliveries = await session.Deliveries.ClaimAsync(capacity, now, token, expires, ct);
            _claimAt = deliveries.Count >= capacity ? now : now + (long)_options.PollInterval.TotalMilliseconds;
        }

        var targets = new Targets(session, this);
        var work = new List<Work>(capacity);
        foreach (var (d, hook) in await targets.FindAsync(deliveries, ct))
        {
            await AddWorkAsync(work, d, hook, targets, ct);
        }

        var more = deliveries.Count >= capacity;
        if (!more)
        {
            // Nothing else is due: new events go straight to the free slots.
            var room = capacity - deliveries.Count;
            var dispatched = await dispatcher.DispatchAsync(session, room, room, token, expires, ct);
            foreach (var (d, hook) in dispatched.Leased)
            {
                await AddWorkAsync(work, d, hook, targets, ct);
            }

            more = dispatched.MayHaveMore;
        }

        await session.CommitAsync(ct);
        return (work, more);
    }

    /// <summary>
    /// With every slot taken for a poll interval (a receiver that is down or slow), new events are dispatched without a
    /// lease, a batch at a time, so their deliveries exist — pending, in the log, for notificationStatus — while they
    /// wait; they are claimed like retries once slots free. True when a batch was dispatched and more may follow.
    /// </summary>
    private async Task<bool> DispatchPendingAsync(CancellationToken ct)
    {
        try
        {
            await using var session = await store.WriteAsync(ct);
            var dispatched = await dispatcher.DispatchAsync(session, _options.DispatchBatch, 0, null, 0, ct);
            await session.CommitAsync(ct);
            return dispatched.MayHaveMore;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Log.DispatchPendingFailed(logger, e);
            return false;
        }
    }

    /// <summary>Adds a leased delivery to <paramref name="work"/> unless its webhook cannot be delivered to now (the row then keeps its lease and is taken over after it expires).</summary>
    private static async Task AddWorkAsync(List<Work> work, Delivery delivery, Webhook? hook, Targets targets, CancellationToken ct)
    {
        if (hook is not null && targets.Parse(hook) is { } target)
        {
            work.Add(new Work(delivery, hook, target.Config, await targets.SettingsAsync(hook, ct), target.Url));
        }
    }

    /// <summary>
    /// Sleeps until an outcome is ready to record or the poll interval passes, or — when slots are free — the store
    /// signals new events or deliveries. True when woken to look for work.
    /// </summary>
    private async Task<bool> WaitAsync(bool claimable, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = _finished.Reader.WaitToReadAsync(stop.Token).AsTask();
        // Without free slots only the poll tick matters: it checks whether the worker has been full long enough to
        // dispatch new events unleased. (Waking on every new event as well cost a busy worker CPU for nothing.)
        var work = Signals.WaitAsync(store, claimable ? [Channels.Deliveries, Channels.Events] : [], _options.PollInterval, time, stop.Token);
        Task[] waits = [finished, work];
        var first = await Task.WhenAny(waits);
        await stop.CancelAsync();
        await Task.WhenAll(waits)
            .ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ct.ThrowIfCancellationRequested();
        return claimable && first == work;
    }

    /// <summary>
    /// The webhooks and settings of one cycle's deliveries: claimed rows' webhooks read in one query, each settings
    /// scope once, each webhook's config and URL parsed once, all in the cycle's transaction.
    /// </summary>
    private sealed class Targets(IStoreSession session, DeliveryWorker worker)
    {
        private readonly Dictionary<string, Target?> _parsed = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, WebhookSettings> _settings = new(StringComparer.Ordinal);

        /// <summary>Claimed deliveries with their webhooks (null when deleted meanwhile).</summary>
        public async Task<IEnumerable<(Delivery, Webhook?)>> FindAsync(IReadOnlyList<Delivery> deliveries, CancellationToken ct)
        {
            if (deliveries.Count == 0)
            {
                return [];
            }

            var hooks = (await session.Webhooks.FindManyAsync(deliveries.Select(d => d.WebhookId).ToHashSet(StringComparer.OrdinalIgnoreCase), ct))
                .ToDictionary(h => h.Id, StringComparer.OrdinalIgnoreCase);
            return deliveries.Select(d => (d, hooks.GetValueOrDefault(d.WebhookId)));
        }

        public Target? Parse(Webhook hook)
        {
            if (!_parsed.TryGetValue(hook.Id, out var target))
            {
                _parsed[hook.Id] = target = worker.ToTarget(hook);
            }

            return target;
        }

        public async Task<WebhookSettings> SettingsAsync(Webhook hook, CancellationToken ct)
        {
            var scope = WebhookSettingsScopes.For(hook);
            if (!_settings.TryGetValue(scope, out var s))
            {
                _settings[scope] = s = await WebhookSettingsScopes.ReadAsync(session.Webhooks, hook.OrgId, hook.Kind, ct);
            }

            return s;
        }
    }

    /// <summary>A webhook with its config and URL parsed once per cycle; null when it cannot be delivered to now.</summary>
    private Target? ToTarget(Webhook hook)
    {
        try
        {
            // A URL that does not parse fails its sends (and is logged there), not the cycle.
            return new Target(WebhookConfig.Parse(hook.Config), Uri.TryCreate(hook.PayloadUrl, UriKind.Absolute, out var url) ? url : null);
        }
        catch (Exception e)
        {
            Log.BadWebhook(logger, hook.Id, e);
            return null;
        }
    }

    private sealed record Target(WebhookConfig Config, Uri? Url);

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
                Free();
            }
        }
    }

    /// <summary>A slot whose delivery has no outcome to record (it keeps its lease and is retried after expiry).</summary>
    private void Free() => _finished.Writer.TryWrite(null);

    /// <summary>Sends one delivery; true when its outcome was queued for the next cycle, which frees the slot once written.</summary>
    private async Task<bool> SendAsync(Work work, CancellationToken ct)
    {
        var (delivery, hook, config, settings, url) = work;
        var timeout = RetryPolicy.Timeout(settings);
        if (!await EnsureLeaseAsync(delivery, timeout, ct))
        {
            return false;
        }

        var startedAt = Now();
        var headers = WebhookKinds.IsService(hook.Kind)
            ? Signatures.ServiceHeaders(
                hook.Secret, settings.HexSignatures, delivery.MessageId, startedAt / 1000, delivery.Payload, ServicePayloads.SignedPart(delivery.Payload, delivery.ContentType))
            : Signatures.Headers(hook.Secret, delivery.MessageId, startedAt / 1000, delivery.Payload);
        var result = await sender.SendAsync(url ?? new Uri(hook.PayloadUrl), delivery.Payload, delivery.ContentType, headers, timeout, ct);
        var attemptNumber = delivery.Attempts + 1;
        var outcome = RetryPolicy.Decide(config, settings, attemptNumber, result, Now(), _options.MaxRetryAfter, Random.Shared.NextDouble());
        var attempt = AttemptLog.Create(delivery, attemptNumber, startedAt, headers, result);
        var resets = result.Succeeded && settings.ConsecutiveFailures && hook.FailureCount > 0;
        _finished.Writer.TryWrite(new Completion(delivery, attempt, outcome, result.Status, resets));
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

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    internal sealed record Work(Delivery Delivery, Webhook Hook, WebhookConfig Config, WebhookSettings Settings, Uri? Url);

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Error, "Claiming deliveries failed; retrying")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(201, LogLevel.Error, "Delivery {DeliveryId} failed unexpectedly; it will be retried after its lease expires")]
        public static partial void SendFailed(ILogger logger, long deliveryId, Exception exception);

        [LoggerMessage(205, LogLevel.Error, "Dispatching new events without a lease failed; retrying")]
        public static partial void DispatchPendingFailed(ILogger logger, Exception exception);

        [LoggerMessage(204, LogLevel.Error, "Webhook {WebhookId} has a config that cannot be used; its claimed deliveries wait for their leases to expire")]
        public static partial void BadWebhook(ILogger logger, string webhookId, Exception exception);
    }
}
