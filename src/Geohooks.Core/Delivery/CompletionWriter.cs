using System.Threading.Channels;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Microsoft.Extensions.Logging;

namespace Geohooks.Core.Delivery;

/// <summary>One finished attempt waiting to be recorded.</summary>
internal sealed record Completion(Delivery Delivery, DeliveryAttempt Attempt, AttemptOutcome Outcome, int? Status);

/// <summary>
/// Records attempt outcomes in batches: everything that finished while the previous batch was being written goes
/// into the next transaction. Each row stays fenced by its own lease token; webhook failure counts are applied once
/// per webhook per batch, under the same transaction and a lock on the webhook's row, so concurrent completions —
/// in this process or another sharing the database — never lose an increment. If a batch fails, its rows are retried one by one so one bad row cannot hold the others back.
/// </summary>
internal sealed partial class CompletionWriter(IStore store, TimeProvider time, ILogger logger)
{
    public const int MaxBatch = 256;

    private readonly Channel<Completion> _queue = Channel.CreateUnbounded<Completion>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a completion; the writer reports it through <c>written</c> once it is recorded or dropped.</summary>
    public void Enqueue(Completion completion) => _queue.Writer.TryWrite(completion);

    /// <param name="written">Called after each batch with how many completions it finished.</param>
    public async Task RunAsync(Action<int> written, CancellationToken ct)
    {
        var batch = new List<Completion>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(ct))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await WriteBatchAsync(batch, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && batch.Count > 1)
            {
                Log.BatchFailed(logger, batch.Count, e);
                foreach (var one in batch)
                {
                    await WriteOneAsync(one, ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Log.WriteFailed(logger, batch[0].Delivery.Id, e);
            }
            finally
            {
                written(batch.Count);
                batch.Clear();
            }
        }
    }

    private async Task WriteOneAsync(Completion one, CancellationToken ct)
    {
        try
        {
            await WriteBatchAsync([one], ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The lease stays; whoever claims the delivery after it expires sends it again.
            Log.WriteFailed(logger, one.Delivery.Id, e);
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<Completion> batch, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var recorded = (await session.Deliveries.CompleteAttemptsAsync(
            batch.Select(c => new AttemptCompletion(c.Delivery.Id, c.Delivery.LeaseToken!, c.Attempt, c.Outcome)).ToArray(), ct)).ToHashSet();
        var failures = new Dictionary<string, List<Completion>>(StringComparer.Ordinal);
        foreach (var c in batch)
        {
            if (!recorded.Contains(c.Delivery.Id))
            {
                Log.LeaseLost(logger, c.Delivery.Id);
            }
            else if (c.Outcome.Status == DeliveryStatus.Failed)
            {
                (failures.TryGetValue(c.Delivery.WebhookId, out var list) ? list : failures[c.Delivery.WebhookId] = []).Add(c);
            }
        }

        foreach (var (webhookId, failed) in failures)
        {
            await RecordFailuresAsync(session, webhookId, failed, ct);
        }

        await session.CommitAsync(ct);
    }

    private async Task RecordFailuresAsync(IStoreSession session, string webhookId, List<Completion> failed, CancellationToken ct)
    {
        // Locked: another process may be counting failures of the same webhook right now.
        if (await session.Webhooks.FindForUpdateAsync(webhookId, ct) is not { } current)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var updated = current;
        foreach (var c in failed)
        {
            updated = c.Status == 410 ? DeactivationPolicy.Gone(updated, now) : DeactivationPolicy.RecordFailure(updated, WebhookConfig.Parse(updated.Config), now);
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
