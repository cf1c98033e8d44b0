using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Turns committed portal events into deliveries, when a worker has room for them: the worker calls
/// <see cref="DispatchAsync"/> in its own write transaction, after its claim found no more due deliveries, and the new
/// deliveries are inserted already leased to it, so a delivery row is created, claimed and handed to a sender in one
/// transaction instead of being inserted, claimed and rewritten in two. A worker that has had no room for a while
/// dispatches without leasing, so a receiver that is down does not hide the deliveries waiting for it. At-least-once checkpoint: the deliveries and the advanced cursor commit together, so a crash before the
/// commit re-reads the same events and a crash after it loses nothing (the leased rows are taken over when their
/// lease expires, like any claim). The cursor row is locked for the transaction, so one process at a time advances it.
/// </summary>
public sealed partial class EventDispatcher(
    TimeProvider time, IPortalAddress address, ServiceEventRouter router, IOptions<DeliveryOptions> options, ILogger<EventDispatcher> logger)
{
    public const string Cursor = "org-events";

    // After a batch could not be matched (a bug or a bad event), dispatching pauses for a poll interval instead of
    // failing again on every worker cycle.
    private long _pausedUntil;

    // The kinds of webhook portal events are matched to: organization webhooks by their trigger URIs, feature-service
    // webhooks (both dialects) by the service event router.
    private static readonly string[] MatchedKinds = [WebhookKinds.Organization, WebhookKinds.Server, WebhookKinds.Online];

    /// <summary>
    /// Matches up to <paramref name="events"/> events after the cursor and inserts their deliveries in
    /// <paramref name="session"/>: the first <paramref name="room"/> (in event order) leased under
    /// <paramref name="leaseToken"/> until <paramref name="leaseExpiresAt"/>, the others (an event matching several
    /// webhooks, or no room at all) pending for a later claim. The caller commits; nothing is dispatched unless it does.
    /// </summary>
    public async Task<Dispatched> DispatchAsync(IStoreSession session, int events, int room, string? leaseToken, long leaseExpiresAt, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var limit = Math.Min(events, options.Value.DispatchBatch);
        if (limit <= 0 || now < Volatile.Read(ref _pausedUntil))
        {
            return Dispatched.Nothing;
        }

        var cursor = await session.Webhooks.LockCursorAsync(Cursor, ct);
        var read = await session.Events.ReadAfterAsync(cursor, limit, ct);
        if (read.Count == 0)
        {
            return Dispatched.Nothing;
        }

        Batch batch;
        try
        {
            batch = await MatchAsync(session, read, now, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Nothing is written yet: the events stay after the cursor and are matched again after the pause.
            Volatile.Write(ref _pausedUntil, now + (long)options.Value.PollInterval.TotalMilliseconds);
            Log.DispatchFailed(logger, e);
            return Dispatched.Nothing;
        }

        if (batch.Batched.Count > 0)
        {
            await AddToBatchesAsync(session, batch.Batched, ct);
        }

        var leased = new List<LeasedDelivery>(Math.Min(room, batch.Deliveries.Count));
        if (batch.Deliveries.Count > 0)
        {
            var rows = batch.Deliveries;
            for (var i = 0; i < rows.Count && i < room; i++)
            {
                rows[i] = rows[i] with { Status = DeliveryStatus.InFlight, LeaseToken = leaseToken, LeaseExpiresAt = leaseExpiresAt, NextAttemptAt = leaseExpiresAt };
            }

            var ids = await session.Deliveries.InsertAsync(rows, ct);
            for (var i = 0; i < rows.Count && i < room; i++)
            {
                leased.Add(new LeasedDelivery(rows[i] with { Id = ids[i] }, batch.Hooks[rows[i].WebhookId]));
            }

            if (rows.Count > room)
            {
                session.Signal(Channels.Deliveries);
            }
        }

        await session.Webhooks.SetCursorAsync(Cursor, read[^1].Sequence, ct);
        return new Dispatched(read.Count == limit, leased);
    }

    /// <summary>The deliveries <paramref name="events"/> make for the active webhooks, and what scheduled service webhooks collect from them.</summary>
    private async Task<Batch> MatchAsync(IStoreSession session, IReadOnlyList<PortalEvent> events, long now, CancellationToken ct)
    {
        var org = new List<Hook>();
        var service = new List<ServiceHook>();
        foreach (var h in await session.Webhooks.ListActiveAsync(MatchedKinds, ct))
        {
            if (h.Kind == WebhookKinds.Organization)
            {
                org.Add(new Hook(h, [.. h.Events.Select(TriggerUri.Parse)]));
            }
            else
            {
                service.Add(new ServiceHook(h, ServiceHookSpec.FromConfig(h.Config)));
            }
        }

        var deliveries = new List<Delivery>();
        foreach (var e in events)
        {
            if (!EventSources.IsPortal(e.Source))
            {
                continue;
            }

            var username = OrgPayload.SubjectUsername(e);
            foreach (var (hook, triggers) in org)
            {
                // A webhook hears of changes made after its creation, not of older ones still waiting for room.
                if (hook.OrgId == e.OrgId && e.When >= hook.Created && triggers.Any(t => t.Matches(e, username)))
                {
                    deliveries.Add(NewDelivery(hook, e, now));
                }
            }
        }

        var routed = await router.RouteAsync(session, events, service, now, ct);
        deliveries.AddRange(routed.Deliveries);
        var hooks = new Dictionary<string, Webhook>(StringComparer.OrdinalIgnoreCase);
        foreach (var hook in org.Select(h => h.Webhook).Concat(service.Select(h => h.Webhook)))
        {
            hooks[hook.Id] = hook;
        }

        return new Batch(deliveries, routed.Batched, hooks);
    }

    /// <summary>
    /// Adds what scheduled webhooks collected to their batches, merged with what each batch already holds (locked, so
    /// the scheduler cannot deliver a batch while it grows). A batch keeps the due time it was created with.
    /// </summary>
    private static async Task AddToBatchesAsync(IStoreSession session, IReadOnlyList<HookBatch> added, CancellationToken ct)
    {
        foreach (var add in added)
        {
            var existing = await session.HookBatches.FindForUpdateAsync(add.WebhookId, add.LayerId, ct);
            await session.HookBatches.UpsertAsync(existing is null ? add : ServiceEventRouter.Merge(existing, add) with { DueAt = existing.DueAt }, ct);
        }
    }

    private Delivery NewDelivery(Webhook hook, PortalEvent e, long now) => new()
    {
        WebhookId = hook.Id,
        MessageId = "msg_" + Ids.NewId(),
        EventSequence = e.Sequence,
        EventType = $"{e.Source}.{e.Operation}",
        Payload = OrgPayload.Build(hook, address.PortalUrl, now, [e]),
        NextAttemptAt = now,
        Created = now,
    };

    private sealed record Hook(Webhook Webhook, TriggerUri[] Triggers);

    /// <summary>The deliveries of a batch of events (org ones in event order, then service ones), and the webhooks they go to.</summary>
    private sealed record Batch(List<Delivery> Deliveries, List<HookBatch> Batched, Dictionary<string, Webhook> Hooks);

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Error, "Event dispatch failed; retrying")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);
    }
}

/// <summary>A delivery inserted already leased, with the webhook it goes to.</summary>
public sealed record LeasedDelivery(Delivery Delivery, Webhook Webhook);

/// <summary>
/// What one dispatch did: whether more events may follow (it read as many as it could take), and the deliveries it
/// leased to the caller.
/// </summary>
public sealed record Dispatched(bool MayHaveMore, IReadOnlyList<LeasedDelivery> Leased)
{
    public static readonly Dispatched Nothing = new(false, []);
}
