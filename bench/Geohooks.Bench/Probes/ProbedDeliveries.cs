using Geohooks.Core.Delivery;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;

namespace Geohooks.Bench.Probes;

/// <summary>Counts claims (and their sizes) and completed attempts; forwards everything.</summary>
internal sealed class ProbedDeliveries(IDeliveryRepository inner, StoreProbe probe, ProbedSession session) : IDeliveryRepository
{
    public Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        session.Mark(1);
        return inner.InsertAsync(deliveries, cancellationToken);
    }

    public Task<Delivery?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public async Task<IReadOnlyList<Delivery>> ClaimAsync(int limit, long now, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken)
    {
        session.Mark(2);
        var claimed = await inner.ClaimAsync(limit, now, leaseToken, leaseExpiresAt, cancellationToken);
        probe.Claimed(claimed.Count);
        return claimed;
    }

    public async Task<bool> CompleteAttemptAsync(long deliveryId, string leaseToken, DeliveryAttempt attempt, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        session.Mark(3);
        probe.Completed();
        return await inner.CompleteAttemptAsync(deliveryId, leaseToken, attempt, outcome, cancellationToken);
    }

    public async Task<IReadOnlyCollection<long>> CompleteAttemptsAsync(IReadOnlyList<AttemptCompletion> completions, CancellationToken cancellationToken)
    {
        session.Mark(3);
        for (var i = 0; i < completions.Count; i++)
        {
            probe.Completed();
        }

        return await inner.CompleteAttemptsAsync(completions, cancellationToken);
    }

    public Task<bool> ExtendLeaseAsync(long deliveryId, string leaseToken, long leaseExpiresAt, CancellationToken cancellationToken) =>
        inner.ExtendLeaseAsync(deliveryId, leaseToken, leaseExpiresAt, cancellationToken);

    public Task<Page<Delivery>> ListAsync(DeliveryFilter filter, int start, int num, CancellationToken cancellationToken) =>
        inner.ListAsync(filter, start, num, cancellationToken);

    public Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(long deliveryId, CancellationToken cancellationToken) =>
        inner.ListAttemptsAsync(deliveryId, cancellationToken);

    public Task<Page<DeliveryAttempt>> ListAttemptsByWebhookAsync(string webhookId, int start, int num, CancellationToken cancellationToken) =>
        inner.ListAttemptsByWebhookAsync(webhookId, start, num, cancellationToken);

    public Task<int> RequeueAsync(string webhookId, long? deliveryId, DeliveryStatus? status, long? from, long? to, long now, CancellationToken cancellationToken) =>
        inner.RequeueAsync(webhookId, deliveryId, status, from, to, now, cancellationToken);

    public Task<int> FailPendingAsync(string webhookId, long now, CancellationToken cancellationToken) => inner.FailPendingAsync(webhookId, now, cancellationToken);

    public Task<long> CountAsync(string? webhookId, DeliveryStatus status, CancellationToken cancellationToken) =>
        inner.CountAsync(webhookId, status, cancellationToken);

    public Task<int> PruneAsync(long before, int limit, CancellationToken cancellationToken) => inner.PruneAsync(before, limit, cancellationToken);
}
