using Microsoft.Extensions.Hosting;

namespace Geohooks.Core.Delivery;

/// <summary>
/// The one delivery engine every kind of webhook uses: the worker (which also turns new events into deliveries, through
/// the <see cref="EventDispatcher"/>, when it has room) and the pruner, side by side, with the scheduler of batched
/// service webhooks and the periodic CRC check of Online-flavor receivers.
/// </summary>
public sealed class DeliveryEngine(DeliveryWorker worker, LogPruner pruner, BatchScheduler scheduler, CrcMonitor crc) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(
                worker.RunAsync(stoppingToken), pruner.RunAsync(stoppingToken),
                scheduler.RunAsync(stoppingToken), crc.RunAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: claimed deliveries keep their leases and are taken over after expiry.
        }
    }
}
