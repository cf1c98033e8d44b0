using Geohooks.Core.Delivery;
using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>activateAll, deactivateAll, deleteAll and notificationStatus of one service's webhooks.</summary>
public sealed partial class ServiceWebhookService
{
    /// <summary>
    /// activateAll resets every webhook's failure count, like an organization webhook's <c>activate</c>; deactivateAll
    /// drops what scheduled webhooks had collected, since events of an inactive webhook are not delivered later.
    /// </summary>
    public async Task SetAllActiveAsync(Caller caller, string kind, ServiceRef service, bool active, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: true, ct);
        var now = Now();
        foreach (var webhook in await HooksOfAsync(session, caller, kind, target, ct))
        {
            if (active)
            {
                await session.Webhooks.UpdateAsync(DeactivationPolicy.Reset(webhook, now), ct);
            }
            else if (webhook.IsActive)
            {
                await session.Webhooks.UpdateAsync(Deactivated(webhook, now), ct);
                await session.HookBatches.DeleteAllAsync(webhook.Id, ct);
            }
        }

        if (active)
        {
            session.Signal(Channels.Deliveries);
        }

        await session.CommitAsync(ct);
    }

    public async Task DeleteAllAsync(Caller caller, string kind, ServiceRef service, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: true, ct);
        foreach (var webhook in await HooksOfAsync(session, caller, kind, target, ct))
        {
            await session.Webhooks.DeleteAsync(webhook.Id, ct);
        }

        await session.CommitAsync(ct);
    }

    /// <summary>Enterprise notificationStatus (spec webhooks §3.5): every failed delivery in the log, newest first.</summary>
    public async Task<IReadOnlyList<Delivery.Delivery>> FailedDeliveriesAsync(Caller caller, string kind, ServiceRef service, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: false, ct);
        var webhook = await FindAsync(session, caller, kind, target, id, forUpdate: false, ct);
        var failed = new DeliveryFilter(webhook.Id, DeliveryStatus.Failed);
        return await AllPagesAsync(start => session.Deliveries.ListAsync(failed, start, 100, ct));
    }

    /// <summary>Online notificationStatus (spec webhooks §4.3): every attempt in the log, newest first.</summary>
    /// <summary>The webhook (its deactivation reason, if any, belongs in its status) and every attempt, newest first.</summary>
    public async Task<(Webhook Webhook, IReadOnlyList<DeliveryAttempt> Attempts)> AttemptsAsync(Caller caller, string kind, ServiceRef service, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: false, ct);
        var webhook = await FindAsync(session, caller, kind, target, id, forUpdate: false, ct);
        return (webhook, await AllPagesAsync(start => session.Deliveries.ListAttemptsByWebhookAsync(webhook.Id, start, 100, ct)));
    }

    private static async Task<IReadOnlyList<T>> AllPagesAsync<T>(Func<int, Task<Page<T>>> read)
    {
        var all = new List<T>();
        for (var start = 1; start > 0;)
        {
            var page = await read(start);
            all.AddRange(page.Results);
            start = (int)page.NextStart;
        }

        return all;
    }
}
