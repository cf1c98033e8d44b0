using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Turns committed portal events into deliveries. At-least-once checkpoint: the deliveries and the advanced cursor
/// commit in one transaction, so a crash before the commit re-reads the same events and a crash after it loses
/// nothing. The cursor row is locked for the transaction, so one process at a time advances it.
/// Matching and payload building happen before the write transaction, from a read session after the cursor this
/// dispatcher last committed; the transaction then only checks that the cursor and the active webhooks are still what
/// the batch was built from (else it matches again inside) and inserts.
/// </summary>
public sealed partial class EventDispatcher(
    IStore store, TimeProvider time, IPortalAddress address, ServiceEventRouter router, IOptions<DeliveryOptions> options, ILogger<EventDispatcher> logger)
{
    public const string Cursor = "org-events";

    // The cursor as this dispatcher last committed or saw it; null until the first dispatch. Another process sharing
    // the database may have moved it since: the write transaction finds out and matches again.
    private long? _cursor;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await DispatchOnceAsync(ct) > 0)
                {
                    continue;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _cursor = null;
                Log.DispatchFailed(logger, e);
            }

            await Signals.WaitAsync(store, Channels.Events, options.Value.PollInterval, time, ct);
        }
    }

    /// <summary>Matches one batch of events; returns how many events it consumed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        Batch? prepared = null;
        if (_cursor is { } known)
        {
            await using var read = await store.ReadAsync(ct);
            prepared = await PrepareAsync(read, known, ct);
            if (prepared.Events.Count == 0)
            {
                return 0;
            }
        }

        await using var session = await store.WriteAsync(ct);
        var cursor = await session.Webhooks.LockCursorAsync(Cursor, ct);
        var hooks = await ActiveHooksAsync(session, ct);
        var batch = prepared is not null && prepared.After == cursor && SameHooks(prepared.Hooks, hooks)
            ? prepared
            : await PrepareAsync(session, cursor, ct, hooks);
        if (batch.Batched.Count > 0)
        {
            await AddToBatchesAsync(session, batch.Batched, ct);
        }

        if (batch.Events.Count == 0)
        {
            _cursor = cursor;
            return 0;
        }

        if (batch.Deliveries.Count > 0)
        {
            await session.Deliveries.InsertAsync(batch.Deliveries, ct);
            session.Signal(Channels.Deliveries);
        }

        var last = batch.Events[^1].Sequence;
        await session.Webhooks.SetCursorAsync(Cursor, last, ct);
        await session.CommitAsync(ct);
        _cursor = last;
        return batch.Events.Count;
    }

    /// <summary>Reads the events after <paramref name="after"/> and builds their deliveries for <paramref name="hooks"/> (read now when null).</summary>
    private async Task<Batch> PrepareAsync(IStoreSession session, long after, CancellationToken ct, Hooks? hooks = null)
    {
        var events = await session.Events.ReadAfterAsync(after, options.Value.DispatchBatch, ct);
        hooks ??= events.Count == 0 ? Hooks.None : await ActiveHooksAsync(session, ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var deliveries = new List<Delivery>();
        foreach (var e in events)
        {
            if (!EventSources.IsPortal(e.Source))
            {
                continue;
            }

            var username = OrgPayload.SubjectUsername(e);
            foreach (var (hook, triggers) in hooks.Org)
            {
                if (hook.OrgId == e.OrgId && triggers.Any(t => t.Matches(e, username)))
                {
                    deliveries.Add(NewDelivery(hook, e, now));
                }
            }
        }

        var routed = await router.RouteAsync(session, events, hooks.Service, now, ct);
        deliveries.AddRange(routed.Deliveries);
        return new Batch(after, events, hooks, deliveries, routed.Batched);
    }

    private static async Task<Hooks> ActiveHooksAsync(IStoreSession session, CancellationToken ct)
    {
        var org = (await session.Webhooks.ListActiveAsync(WebhookKinds.Organization, ct)).Select(h => new Hook(h, [.. h.Events.Select(TriggerUri.Parse)]));
        var service = new List<ServiceHook>();
        foreach (var kind in (string[])[WebhookKinds.Server, WebhookKinds.Online])
        {
            service.AddRange((await session.Webhooks.ListActiveAsync(kind, ct)).Select(h => new ServiceHook(h, ServiceHookSpec.FromConfig(h.Config))));
        }

        return new Hooks([.. org], service);
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

    /// <summary>
    /// Whether deliveries built for <paramref name="built"/> are what <paramref name="current"/> would build: same
    /// webhooks, org, name, triggers, secret and config (service webhooks' payloads depend on both).
    /// </summary>
    private static bool SameHooks(Hooks built, Hooks current) =>
        Same(built.Org.Select(h => h.Webhook).ToList(), current.Org.Select(h => h.Webhook).ToList())
        && Same(built.Service.Select(h => h.Webhook).ToList(), current.Service.Select(h => h.Webhook).ToList());

    private static bool Same(List<Webhook> built, List<Webhook> current)
    {
        if (built.Count != current.Count)
        {
            return false;
        }

        for (var i = 0; i < built.Count; i++)
        {
            var (a, b) = (built[i], current[i]);
            if (a.Id != b.Id || a.OrgId != b.OrgId || a.Name != b.Name || !a.Events.SequenceEqual(b.Events, StringComparer.Ordinal)
                || a.Secret != b.Secret || a.Config != b.Config || a.Scope != b.Scope)
            {
                return false;
            }
        }

        return true;
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

    /// <summary>The active webhooks events are matched against: organization ones and service ones.</summary>
    private sealed record Hooks(IReadOnlyList<Hook> Org, IReadOnlyList<ServiceHook> Service)
    {
        public static readonly Hooks None = new([], []);
    }

    /// <summary>
    /// Events after a cursor position, the deliveries built from them for a set of webhooks, and what scheduled
    /// service webhooks collected from them.
    /// </summary>
    private sealed record Batch(long After, IReadOnlyList<PortalEvent> Events, Hooks Hooks, List<Delivery> Deliveries, List<HookBatch> Batched);

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Error, "Event dispatch failed; retrying")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);
    }
}
