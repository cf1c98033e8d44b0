using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Repeats the CRC handshake of active Online-flavor webhooks with a signature key once per
/// <see cref="DeliveryOptions.CrcInterval"/>, as ArcGIS Online does. A receiver that fails it stops receiving: the
/// webhook is deactivated with the reason, which its JSON and notificationStatus show, and its pending deliveries fail.
/// </summary>
public sealed partial class CrcMonitor(
    IStore store, WebhookSender sender, TimeProvider time, IOptions<DeliveryOptions> options, ILogger<CrcMonitor> logger)
{
    public const string ReasonPrefix = "CRC check failed: ";

    /// <summary>How often the monitor looks for webhooks whose check is due.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    public Task RunAsync(CancellationToken ct) =>
        Periodic.RunAsync(async c => { await CheckDueAsync(c); return false; }, Tick, time, e => Log.CheckFailed(logger, e), ct);

    /// <summary>Checks every webhook whose last passed check is older than the interval; returns how many it checked.</summary>
    public async Task<int> CheckDueAsync(CancellationToken ct)
    {
        // The due webhooks and their flavor's signature encoding are read in one session, before any receiver is called.
        var interval = (long)options.Value.CrcInterval.TotalMilliseconds;
        var due = new List<(Webhook Hook, bool Hex)>();
        await using (var read = await store.ReadAsync(ct))
        {
            foreach (var hook in await read.Webhooks.ListActiveAsync([WebhookKinds.Online], ct))
            {
                if (hook.Secret.Length > 0 && !(ServiceHookSpec.FromConfig(hook.Config).CrcCheckedAt is { } last && Now() - last < interval))
                {
                    due.Add((hook, await ServicePayloadBuilder.HexSignaturesAsync(read, hook, ct)));
                }
            }
        }

        foreach (var (hook, hex) in due)
        {
            await RecordAsync(hook.Id, await Crc.CheckAsync(sender, hook.PayloadUrl, hook.Secret, hex, ct), ct);
        }

        return due.Count;
    }

    private async Task RecordAsync(string webhookId, string? failure, CancellationToken ct)
    {
        var now = Now();
        await using var session = await store.WriteAsync(ct);
        if (await session.Webhooks.FindForUpdateAsync(webhookId, ct) is not { IsActive: true } current)
        {
            return;
        }

        if (failure is null)
        {
            var spec = ServiceHookSpec.FromConfig(current.Config) with { CrcCheckedAt = now };
            await session.Webhooks.UpdateAsync(current with { Config = spec.ToConfig(current.Config) }, ct);
        }
        else
        {
            await session.Webhooks.UpdateAsync(current with { IsActive = false, DeactivationReason = ReasonPrefix + failure, Modified = now }, ct);
            await session.Deliveries.FailPendingAsync(webhookId, now, ct);
            await session.HookBatches.DeleteAllAsync(webhookId, ct);
            Log.Deactivated(logger, webhookId, failure);
        }

        await session.CommitAsync(ct);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static partial class Log
    {
        [LoggerMessage(240, LogLevel.Error, "Checking webhook receivers' CRC failed; retrying")]
        public static partial void CheckFailed(ILogger logger, Exception exception);

        [LoggerMessage(241, LogLevel.Warning, "Webhook {WebhookId} deactivated: its receiver failed the CRC check ({Reason})")]
        public static partial void Deactivated(ILogger logger, string webhookId, string reason);
    }
}
