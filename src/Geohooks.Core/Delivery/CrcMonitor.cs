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
        IReadOnlyList<Webhook> hooks;
        await using (var read = await store.ReadAsync(ct))
        {
            hooks = await read.Webhooks.ListActiveAsync(WebhookKinds.Online, ct);
        }

        var checkedCount = 0;
        var interval = (long)options.Value.CrcInterval.TotalMilliseconds;
        foreach (var hook in hooks.Where(h => h.Secret.Length > 0))
        {
            var spec = ServiceHookSpec.FromConfig(hook.Config);
            if (spec.CrcCheckedAt is { } last && Now() - last < interval)
            {
                continue;
            }

            bool hex;
            await using (var read = await store.ReadAsync(ct))
            {
                hex = (await read.Webhooks.GetSettingsAsync(WebhookSettingsScopes.For(hook), ct) ?? WebhookSettings.OnlineDefault).HexSignatures;
            }

            var failure = await Crc.CheckAsync(sender, hook.PayloadUrl, hook.Secret, hex, ct);
            await RecordAsync(hook.Id, failure, ct);
            checkedCount++;
        }

        return checkedCount;
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
