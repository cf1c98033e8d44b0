using Geohooks.Core.Delivery;
using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks;

/// <summary>Settings, notificationStatus and the delivery log with redelivery.</summary>
public sealed partial class OrgWebhookService
{
    public async Task<WebhookSettings> GetSettingsAsync(Caller caller, string orgId, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.ReadAsync(ct);
        return await session.Webhooks.GetSettingsAsync(caller.Org.Id, ct) ?? WebhookSettings.Default;
    }

    /// <summary>Applies to every organization webhook. Ranges as ArcGIS documents them (spec webhooks §2.8).</summary>
    public async Task<WebhookSettings> UpdateSettingsAsync(Caller caller, string orgId, SettingsUpdate update, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        var problems = new List<string>();
        SettingRanges.Check(problems, "notificationAttempts", update.NotificationAttempts, 0, 5);
        SettingRanges.Check(problems, "notificationTimeOutInSeconds", update.NotificationTimeOutInSeconds, 0, 60);
        SettingRanges.Check(problems, "notificationElapsedTimeInSeconds", update.NotificationElapsedTimeInSeconds, 1, 100);
        SettingRanges.Check(problems, "featureServerMetricIntervalInMinutes", update.FeatureServerMetricIntervalInMinutes, 1, 1440);
        SettingRanges.ThrowIfAny(problems);

        await using var session = await store.WriteAsync(ct);
        var current = await session.Webhooks.GetSettingsAsync(caller.Org.Id, ct) ?? WebhookSettings.Default;
        var updated = new WebhookSettings(
            update.NotificationAttempts ?? current.NotificationAttempts,
            update.NotificationTimeOutInSeconds ?? current.NotificationTimeOutInSeconds,
            update.NotificationElapsedTimeInSeconds ?? current.NotificationElapsedTimeInSeconds,
            update.FeatureServerMetricIntervalInMinutes ?? current.FeatureServerMetricIntervalInMinutes);
        await session.Webhooks.SetSettingsAsync(caller.Org.Id, updated, ct);
        await session.CommitAsync(ct);
        return updated;
    }

    public async Task<Page<NotificationRow>> NotificationStatusAsync(Caller caller, string orgId, string id, int start, int num, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.ReadAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        var attempts = await session.Deliveries.ListAttemptsByWebhookAsync(webhook.Id, start, num, ct);
        var deliveries = new Dictionary<long, Delivery.Delivery?>();
        var rows = new List<NotificationRow>(attempts.Results.Count);
        foreach (var attempt in attempts.Results)
        {
            if (!deliveries.TryGetValue(attempt.DeliveryId, out var delivery))
            {
                deliveries[attempt.DeliveryId] = delivery = await session.Deliveries.FindAsync(attempt.DeliveryId, ct);
            }

            rows.Add(new NotificationRow(attempt, delivery));
        }

        return new Page<NotificationRow>(rows, attempts.Total, attempts.Start, attempts.Num);
    }

    public async Task<Page<Delivery.Delivery>> ListDeliveriesAsync(Caller caller, string orgId, string id, DeliveryStatus? status, long? from, long? to, string? eventType, int start, int num, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.ReadAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        return await session.Deliveries.ListAsync(new DeliveryFilter(webhook.Id, status, from, to, eventType), start, num, ct);
    }

    public async Task<(Delivery.Delivery Delivery, IReadOnlyList<DeliveryAttempt> Attempts)> GetDeliveryAsync(Caller caller, string orgId, string id, long deliveryId, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.ReadAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        var delivery = await session.Deliveries.FindAsync(deliveryId, ct);
        return delivery is not null && delivery.WebhookId == webhook.Id
            ? (delivery, await session.Deliveries.ListAttemptsAsync(delivery.Id, ct))
            : throw E.NotFound($"Delivery {deliveryId}");
    }

    /// <summary>Sends one delivery again (same message id and body), whatever its state, unless it is in flight.</summary>
    public async Task<int> RedeliverAsync(Caller caller, string orgId, string id, long deliveryId, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.WriteAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        var delivery = await session.Deliveries.FindAsync(deliveryId, ct);
        if (delivery is null || delivery.WebhookId != webhook.Id)
        {
            throw E.NotFound($"Delivery {deliveryId}");
        }

        if (delivery.Status is DeliveryStatus.InFlight or DeliveryStatus.Pending)
        {
            throw E.BadRequest($"Delivery {deliveryId} is already waiting to be sent.");
        }

        var count = await session.Deliveries.RequeueAsync(webhook.Id, delivery.Id, null, null, null, Now(), ct);
        session.Signal(Channels.Deliveries);
        await session.CommitAsync(ct);
        return count;
    }

    /// <summary>Sends every failed delivery of the webhook created in [from, to] again.</summary>
    public async Task<int> RedeliverFailedAsync(Caller caller, string orgId, string id, long? from, long? to, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.WriteAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        var count = await session.Deliveries.RequeueAsync(webhook.Id, null, DeliveryStatus.Failed, from, to, Now(), ct);
        session.Signal(Channels.Deliveries);
        await session.CommitAsync(ct);
        return count;
    }
}
