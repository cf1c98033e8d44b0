using Geohooks.Core.Delivery;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Webhooks;

namespace Geohooks.Core.Storage;

public interface IWebhookRepository
{
    Task<Webhook?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the webhook and locks its row until the session ends (PostgreSQL <c>FOR UPDATE</c>; SQLite's write gate
    /// already serializes), for read-modify-write updates that several processes may race on. Write sessions only.
    /// </summary>
    Task<Webhook?> FindForUpdateAsync(string id, CancellationToken cancellationToken);

    /// <summary>The webhooks among <paramref name="ids"/> that exist, in no particular order (one query, not one per id).</summary>
    Task<IReadOnlyList<Webhook>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task InsertAsync(Webhook webhook, CancellationToken cancellationToken);

    Task UpdateAsync(Webhook webhook, CancellationToken cancellationToken);

    /// <summary>Deletes the webhook; its deliveries and attempts go with it.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>One org's webhooks of one kind, oldest first. <paramref name="start"/> is 1-based.</summary>
    Task<Page<Webhook>> ListAsync(string orgId, string kind, int start, int num, CancellationToken cancellationToken);

    /// <summary>The webhooks of one service (<see cref="Webhook.Scope"/>), any kind, oldest first.</summary>
    Task<IReadOnlyList<Webhook>> ListByScopeAsync(string scope, CancellationToken cancellationToken);

    /// <summary>Every active webhook of the given kinds, across orgs, oldest first, for matching events (one query).</summary>
    Task<IReadOnlyList<Webhook>> ListActiveAsync(IReadOnlyList<string> kinds, CancellationToken cancellationToken);

    /// <summary>The org's settings, or null when never set (callers use <see cref="WebhookSettings.Default"/>).</summary>
    Task<WebhookSettings?> GetSettingsAsync(string orgId, CancellationToken cancellationToken);

    Task SetSettingsAsync(string orgId, WebhookSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a named cursor (0 when new) and locks it for the rest of the transaction, so only one process at a time
    /// advances it (PostgreSQL: <c>FOR UPDATE</c>; SQLite: the write gate already serializes).
    /// </summary>
    Task<long> LockCursorAsync(string name, CancellationToken cancellationToken);

    Task SetCursorAsync(string name, long value, CancellationToken cancellationToken);
}

public interface IDeliveryRepository
{
    /// <summary>Inserts the deliveries; returns the ids the store assigned them, in list order (ascending).</summary>
    Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<Delivery.Delivery> deliveries, CancellationToken cancellationToken);

    Task<Delivery.Delivery?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> deliveries that are due — pending with <c>next_attempt_at &lt;= now</c>, or
    /// in flight with an expired lease — earliest due first, then oldest id, skipping rows another session holds
    /// (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>). Claimed rows become InFlight with the given lease token and expiry,
    /// and their <c>NextAttemptAt</c> becomes the lease expiry (when they fall due again if never completed); the claim
    /// commits with the session. Deliveries of inactive webhooks are not claimed.
    /// </summary>
    Task<IReadOnlyList<Delivery.Delivery>> ClaimAsync(int limit, long now, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records an attempt and the new state, only if the delivery is still held under <paramref name="leaseToken"/>.
    /// False when the lease was lost (expired and taken over): the caller drops its result. The attempt's
    /// <see cref="DeliveryAttempt.WebhookId"/> must be the delivery's.
    /// </summary>
    Task<bool> CompleteAttemptAsync(long deliveryId, string leaseToken, DeliveryAttempt attempt, AttemptOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="CompleteAttemptAsync"/> for many deliveries in a few statements: each row is recorded only if its
    /// delivery is still held under its own lease token. Returns the ids that were recorded.
    /// </summary>
    Task<IReadOnlyCollection<long>> CompleteAttemptsAsync(IReadOnlyList<AttemptCompletion> completions, CancellationToken cancellationToken);

    /// <summary>Extends a held lease; false when it was lost.</summary>
    Task<bool> ExtendLeaseAsync(long deliveryId, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken);

    /// <summary>The log, newest first, with its attempts count; <paramref name="start"/> is 1-based.</summary>
    Task<Page<Delivery.Delivery>> ListAsync(DeliveryFilter filter, int start, int num, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(long deliveryId, CancellationToken cancellationToken);

    /// <summary>A webhook's attempts, newest first (notificationStatus is built from these).</summary>
    Task<Page<DeliveryAttempt>> ListAttemptsByWebhookAsync(string webhookId, int start, int num, CancellationToken cancellationToken);

    /// <summary>
    /// Makes finished deliveries due again (attempt count reset, same message id and body): the one given, or all of a
    /// webhook's <paramref name="status"/> deliveries created in [from, to]. Returns how many.
    /// </summary>
    Task<int> RequeueAsync(string webhookId, long? deliveryId, DeliveryStatus? status, long? from, long? to, long now, CancellationToken cancellationToken);

    /// <summary>Marks every pending delivery of a webhook failed (deactivation); returns how many.</summary>
    Task<int> FailPendingAsync(string webhookId, long now, CancellationToken cancellationToken);

    Task<long> CountAsync(string? webhookId, DeliveryStatus status, CancellationToken cancellationToken);

    /// <summary>Deletes finished deliveries (and their attempts) completed before <paramref name="before"/>, at most <paramref name="limit"/>.</summary>
    Task<int> PruneAsync(long before, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// What a scheduled service webhook collected for one layer since its last delivery: the generation bracket of the
/// edits, the change types seen (first-seen order) and the event times. <see cref="LayerId"/> is -1 for service-level
/// changes. Due at the next instant of the webhook's schedule after the first event.
/// </summary>
public sealed record HookBatch
{
    public required string WebhookId { get; init; }
    public required int LayerId { get; init; }
    public required long MinGen { get; init; }
    public required long MaxGen { get; init; }
    public required IReadOnlyList<string> ChangeTypes { get; init; }
    public required long FirstAt { get; init; }
    public required long LastAt { get; init; }
    public required long DueAt { get; init; }
}

public interface IHookBatchRepository
{
    /// <summary>The webhook's batch for a layer, locked until the session ends (PostgreSQL <c>FOR UPDATE</c>).</summary>
    Task<HookBatch?> FindForUpdateAsync(string webhookId, int layerId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the batch of (webhook, layer).</summary>
    Task UpsertAsync(HookBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Batches due at <paramref name="now"/>, ordered by webhook and layer, skipping rows another session holds
    /// (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>); locked until the session ends.
    /// </summary>
    Task<IReadOnlyList<HookBatch>> ListDueAsync(long now, int limit, CancellationToken cancellationToken);

    Task DeleteAsync(string webhookId, int layerId, CancellationToken cancellationToken);

    /// <summary>Deletes every batch of a webhook (its schedule was disabled or it was deactivated).</summary>
    Task DeleteAllAsync(string webhookId, CancellationToken cancellationToken);

    /// <summary>The earliest due time of any batch, or null when none is waiting.</summary>
    Task<long?> NextDueAsync(CancellationToken cancellationToken);
}
