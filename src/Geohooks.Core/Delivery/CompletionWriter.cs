using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Microsoft.Extensions.Logging;

namespace Geohooks.Core.Delivery;

/// <summary>One finished attempt waiting to be recorded; <see cref="ResetsFailures"/> when a success ends a run of consecutive failures.</summary>
internal sealed record Completion(Delivery Delivery, DeliveryAttempt Attempt, AttemptOutcome Outcome, int? Status, bool ResetsFailures = false);

/// <summary>
/// Records attempt outcomes in a write session the caller commits. Each row stays fenced by its own lease token;
/// webhook failure counts are applied once per webhook per batch, under the same transaction and a lock on the
/// webhook's row, so concurrent completions — in this process or another sharing the database — never lose an
/// increment.
/// </summary>
internal sealed partial class CompletionWriter(IStore store, TimeProvider time, ILogger logger)
{
    /// <summary>Completions recorded per transaction at most.</summary>
    public const int MaxBatch = 256;

    /// <summary>Writes <paramref name="batch"/> into <paramref name="session"/>; nothing is recorded unless it commits.</summary>
    public async Task RecordAsync(IStoreSession session, IReadOnlyList<Completion> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var completions = new AttemptCompletion[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            completions[i] = new AttemptCompletion(c.Delivery.Id, c.Delivery.LeaseToken!, c.Attempt, c.Outcome);
        }

        var recorded = (await session.Deliveries.CompleteAttemptsAsync(completions, ct)).ToHashSet();
        Dictionary<string, List<Completion>>? failures = null;
        HashSet<string>? resets = null;
        foreach (var c in batch)
        {
            if (!recorded.Contains(c.Delivery.Id))
            {
                Log.LeaseLost(logger, c.Delivery.Id);
            }
            else if (c.ResetsFailures)
            {
                (resets ??= new HashSet<string>(StringComparer.Ordinal)).Add(c.Delivery.WebhookId);
            }
            else if (c.Outcome.Status == DeliveryStatus.Failed)
            {
                failures ??= new Dictionary<string, List<Completion>>(StringComparer.Ordinal);
                (failures.TryGetValue(c.Delivery.WebhookId, out var list) ? list : failures[c.Delivery.WebhookId] = []).Add(c);
            }
        }

        foreach (var webhookId in resets ?? [])
        {
            if (failures?.ContainsKey(webhookId) != true && await session.Webhooks.FindForUpdateAsync(webhookId, ct) is { IsActive: true } current)
            {
                await session.Webhooks.UpdateAsync(DeactivationPolicy.Succeeded(current), ct);
            }
        }

        foreach (var (webhookId, failed) in failures ?? [])
        {
            await RecordFailuresAsync(session, webhookId, failed, ct);
        }
    }

    /// <summary>
    /// Records each completion in a transaction of its own, after a batch failed, so one bad row cannot hold the
    /// others back. A row that still fails keeps its lease: whoever claims it after expiry sends it again.
    /// </summary>
    public async Task RecordOneByOneAsync(IReadOnlyList<Completion> batch, Exception batchFailure, CancellationToken ct)
    {
        if (batch.Count == 1)
        {
            Log.WriteFailed(logger, batch[0].Delivery.Id, batchFailure);
            return;
        }

        Log.BatchFailed(logger, batch.Count, batchFailure);
        foreach (var one in batch)
        {
            try
            {
                await using var session = await store.WriteAsync(ct);
                await RecordAsync(session, [one], ct);
                await session.CommitAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Log.WriteFailed(logger, one.Delivery.Id, e);
            }
        }
    }

    private async Task RecordFailuresAsync(IStoreSession session, string webhookId, List<Completion> failed, CancellationToken ct)
    {
        // Locked: another process may be counting failures of the same webhook right now.
        if (await session.Webhooks.FindForUpdateAsync(webhookId, ct) is not { } current)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var settings = WebhookKinds.IsService(current.Kind)
            ? await WebhookSettingsScopes.ReadAsync(session.Webhooks, current.OrgId, current.Kind, ct)
            : WebhookSettings.Default;
        var config = WebhookConfig.Parse(current.Config);
        var updated = current;
        foreach (var c in failed)
        {
            updated = c.Status == 410 ? DeactivationPolicy.Gone(updated, now) : DeactivationPolicy.RecordFailure(updated, config, settings, now);
        }

        await session.Webhooks.UpdateAsync(updated, ct);
        if (current.IsActive && !updated.IsActive)
        {
            Log.Deactivated(logger, webhookId, updated.DeactivationReason ?? "");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(210, LogLevel.Warning, "Writing a batch of {Count} delivery outcomes failed; writing them one by one")]
        public static partial void BatchFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(211, LogLevel.Error, "Recording the outcome of delivery {DeliveryId} failed; it will be sent again after its lease expires")]
        public static partial void WriteFailed(ILogger logger, long deliveryId, Exception exception);

        [LoggerMessage(202, LogLevel.Warning, "Lease of delivery {DeliveryId} was lost; its result is dropped")]
        public static partial void LeaseLost(ILogger logger, long deliveryId);

        [LoggerMessage(203, LogLevel.Warning, "Webhook {WebhookId} deactivated: {Reason}")]
        public static partial void Deactivated(ILogger logger, string webhookId, string reason);
    }
}
