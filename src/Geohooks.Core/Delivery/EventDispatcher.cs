using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Turns committed portal events into deliveries. At-least-once checkpoint: the deliveries and the advanced cursor
/// commit in one transaction, so a crash before the commit re-reads the same events and a crash after it loses
/// nothing. The cursor row is locked for the transaction, so one process at a time advances it.
/// </summary>
public sealed partial class EventDispatcher(
    IStore store, TimeProvider time, IPortalAddress address, IOptions<DeliveryOptions> options, ILogger<EventDispatcher> logger)
{
    public const string Cursor = "org-events";

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
                Log.DispatchFailed(logger, e);
            }

            await Signals.WaitAsync(store, Channels.Events, options.Value.PollInterval, time, ct);
        }
    }

    /// <summary>Matches one batch of events; returns how many events it consumed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var cursor = await session.Webhooks.LockCursorAsync(Cursor, ct);
        var events = await session.Events.ReadAfterAsync(cursor, options.Value.DispatchBatch, ct);
        if (events.Count == 0)
        {
            return 0;
        }

        var hooks = (await session.Webhooks.ListActiveAsync(WebhookKinds.Organization, ct))
            .Select(h => (Hook: h, Triggers: h.Events.Select(TriggerUri.Parse).ToArray()))
            .ToArray();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var deliveries = new List<Delivery>();
        foreach (var e in events)
        {
            var username = OrgPayload.SubjectUsername(e);
            foreach (var (hook, triggers) in hooks)
            {
                if (hook.OrgId == e.OrgId && triggers.Any(t => t.Matches(e, username)))
                {
                    deliveries.Add(NewDelivery(hook, e, now));
                }
            }
        }

        if (deliveries.Count > 0)
        {
            await session.Deliveries.InsertAsync(deliveries, ct);
            session.Signal(Channels.Deliveries);
        }

        await session.Webhooks.SetCursorAsync(Cursor, events[^1].Sequence, ct);
        await session.CommitAsync(ct);
        return events.Count;
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

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Error, "Event dispatch failed; retrying")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);
    }
}
