using Microsoft.Extensions.Hosting;

namespace Geohooks.Core.Delivery;

/// <summary>The one delivery engine every kind of webhook uses: dispatcher, worker and pruner, side by side.</summary>
public sealed class DeliveryEngine(EventDispatcher dispatcher, DeliveryWorker worker, LogPruner pruner) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(dispatcher.RunAsync(stoppingToken), worker.RunAsync(stoppingToken), pruner.RunAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: claimed deliveries keep their leases and are taken over after expiry.
        }
    }
}
