using Geohooks.Core.Delivery;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Geohooks.Server.Tests.Webhooks;

public sealed class RetentionTests
{
    [Fact]
    public async Task Finished_deliveries_are_pruned_after_the_retention_and_not_before()
    {
        await using var h = await Harness.StartAsync(fakeClock: true);
        var hookId = await h.CreateAsync();
        await h.TouchAsync("old");
        await h.WaitForDeliveryAsync(hookId, d => d.Str("status") == "succeeded");
        var pruner = h.Server.Services.GetRequiredService<LogPruner>();

        h.Clock!.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await pruner.PruneAsync(CancellationToken.None));
        // Tokens expire on the same clock: ask for a fresh one after each jump.
        var token = await h.Server.AdminTokenAsync();
        Assert.Equal(1, (await h.Server.GetAsync($"{Harness.Hooks}/{hookId}/deliveries", token)).GetProperty("total").GetInt64());

        // The engine's own pruner runs on the same clock and may get there first; either way the row goes.
        h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.InRange(await pruner.PruneAsync(CancellationToken.None), 0, 1);
        token = await h.Server.AdminTokenAsync();
        Assert.Equal(0, (await h.Server.GetAsync($"{Harness.Hooks}/{hookId}/deliveries", token)).GetProperty("total").GetInt64());
        Assert.Equal(0, (await h.Server.GetAsync($"{Harness.Hooks}/{hookId}/notificationStatus", token)).GetProperty("total").GetInt64());
    }
}
