using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Delivers what scheduled service webhooks collected once their batch falls due: one delivery per webhook covering
/// every due layer, its serverGens bracketing exactly the collected edits. Turning a batch into a delivery is one
/// transaction (delivery inserted, batch deleted), so a crash either keeps the batch or has the delivery. Batches of
/// webhooks that were deactivated, deleted or whose schedule was disabled meanwhile are dropped.
/// </summary>
public sealed partial class BatchScheduler(
    IStore store, TimeProvider time, ServicePayloadBuilder payloads, IOptions<DeliveryOptions> options, ILogger<BatchScheduler> logger)
{
    private const int Limit = 500;

    public Task RunAsync(CancellationToken ct) =>
        Periodic.RunAsync(async c => await FireDueAsync(c) >= Limit, options.Value.PollInterval, time, e => Log.FireFailed(logger, e), ct);

    /// <summary>Turns every due batch into its delivery; returns how many batch rows were consumed.</summary>
    public async Task<int> FireDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var session = await store.WriteAsync(ct);
        var due = await session.HookBatches.ListDueAsync(now, Limit, ct);
        if (due.Count == 0)
        {
            return 0;
        }

        // The due batches' webhooks are read in one query, not one per webhook.
        var groups = due.GroupBy(b => b.WebhookId, StringComparer.Ordinal).ToList();
        var webhooks = (await session.Webhooks.FindManyAsync([.. groups.Select(g => g.Key)], ct)).ToDictionary(w => w.Id, StringComparer.OrdinalIgnoreCase);
        var delivered = false;
        foreach (var group in groups)
        {
            var layers = group.ToList();
            foreach (var layer in layers)
            {
                await session.HookBatches.DeleteAsync(layer.WebhookId, layer.LayerId, ct);
            }

            if (webhooks.GetValueOrDefault(group.Key) is not { IsActive: true } webhook || !WebhookKinds.IsService(webhook.Kind))
            {
                continue;
            }

            var spec = ServiceHookSpec.FromConfig(webhook.Config);
            if (spec.Schedule is { Enabled: false })
            {
                continue;
            }

            var hex = await ServicePayloadBuilder.HexSignaturesAsync(session, webhook, ct);
            var delivery = await payloads.FeatureDeliveryAsync(session, new ServiceHook(webhook, spec), layers, 0, now, hex, ct);
            await session.Deliveries.InsertAsync([delivery], ct);
            delivered = true;
        }

        if (delivered)
        {
            session.Signal(Channels.Deliveries);
        }

        await session.CommitAsync(ct);
        return due.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(230, LogLevel.Error, "Delivering scheduled webhook batches failed; retrying")]
        public static partial void FireFailed(ILogger logger, Exception exception);
    }
}
