using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task The_delivery_log_lists_newest_first_with_filters_and_totals()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("log"));
        await using var other = await TestHook.CreateAsync(Store, S.Webhook("other"));
        await other.AddAsync(Scenario.Delivery(other.Id));
        var stored = await hook.AddAsync([.. Enumerable.Range(0, 5).Select(i => Scenario.Delivery(hook.Id, created: Scenario.T0 + i, eventType: i % 2 == 0 ? "item.add" : "item.delete") with
        {
            Status = i < 2 ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            NextAttemptAt = Scenario.T0 + 1_000_000,
        })]);
        var ids = stored.Select(d => d.Id).ToArray();

        async Task<string> ListAsync(DeliveryFilter filter, int start = 1, int num = 10)
        {
            var page = await ReadAsync(s => s.Deliveries.ListAsync(filter, start, num, Ct));
            return Shown(page.Total, [.. page.Results.Select(d => d.Id)]);
        }

        static string Shown(long total, long[] shown) => $"{total}: {string.Join(',', shown)}";

        Assert.Equal(Shown(5, ids.Reverse().ToArray()), await ListAsync(new DeliveryFilter(hook.Id.ToUpperInvariant())));
        Assert.Equal(Shown(5, new[] { ids[3], ids[2] }), await ListAsync(new DeliveryFilter(hook.Id), start: 2, num: 2));
        Assert.Equal(Shown(2, new[] { ids[1], ids[0] }), await ListAsync(new DeliveryFilter(hook.Id, Status: DeliveryStatus.Failed)));
        Assert.Equal(Shown(3, new[] { ids[3], ids[2], ids[1] }), await ListAsync(new DeliveryFilter(hook.Id, From: Scenario.T0 + 1, To: Scenario.T0 + 3)));
        Assert.Equal(Shown(3, new[] { ids[4], ids[2], ids[0] }), await ListAsync(new DeliveryFilter(hook.Id, EventType: "item.add")));
        Assert.Equal(Shown(1, new[] { ids[2] }), await ListAsync(new DeliveryFilter(hook.Id, DeliveryStatus.Pending, Scenario.T0 + 1, Scenario.T0 + 3, "item.add")));
        Assert.Equal(Shown(0, Array.Empty<long>()), await ListAsync(new DeliveryFilter(hook.Id, From: Scenario.T0 + 10)));

        Assert.Equal(3, await ReadAsync(s => s.Deliveries.CountAsync(hook.Id, DeliveryStatus.Pending, Ct)));
        Assert.Equal(2, await ReadAsync(s => s.Deliveries.CountAsync(hook.Id.ToUpperInvariant(), DeliveryStatus.Failed, Ct)));
        Assert.Equal(0, await ReadAsync(s => s.Deliveries.CountAsync(hook.Id, DeliveryStatus.Succeeded, Ct)));
        Assert.True(await ReadAsync(s => s.Deliveries.CountAsync(null, DeliveryStatus.Pending, Ct)) >= 4);
    }

    [Fact]
    public async Task Finished_deliveries_are_requeued_by_id_or_by_status_and_time()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("requeue"));
        DeliveryStatus[] statuses = [DeliveryStatus.Failed, DeliveryStatus.Failed, DeliveryStatus.Succeeded, DeliveryStatus.Failed, DeliveryStatus.Pending];
        var stored = await hook.AddAsync([.. statuses.Select((status, i) => Scenario.Delivery(hook.Id, created: Scenario.T0 + i) with
        {
            Status = status,
            Attempts = 3,
            NextAttemptAt = Scenario.T0 + 2_000_000,
            CompletedAt = status == DeliveryStatus.Pending ? null : Scenario.T0 + 100,
        })]);
        var now = Scenario.T0 + 1_000_000;

        Assert.Equal(1, await WriteAsync(s => s.Deliveries.RequeueAsync(hook.Id, stored[2].Id, null, null, null, now, Ct)));
        AssertSame(
            stored[2] with { Status = DeliveryStatus.Pending, Attempts = 0, NextAttemptAt = now, CompletedAt = null },
            await ReadAsync(s => s.Deliveries.FindAsync(stored[2].Id, Ct)));
        Assert.Equal(0, await WriteAsync(s => s.Deliveries.RequeueAsync(hook.Id, stored[4].Id, null, null, null, now, Ct)));
        Assert.Equal(0, await WriteAsync(s => s.Deliveries.RequeueAsync(S.Name("nobody"), stored[0].Id, null, null, null, now, Ct)));

        var requeued = await WriteAsync(s => s.Deliveries.RequeueAsync(hook.Id.ToUpperInvariant(), null, DeliveryStatus.Failed, Scenario.T0 + 1, Scenario.T0 + 4, now, Ct));
        Assert.Equal(2, requeued);
        var after = await hook.ListAsync();
        Assert.Equal(
            [DeliveryStatus.Failed, DeliveryStatus.Pending, DeliveryStatus.Pending, DeliveryStatus.Pending, DeliveryStatus.Pending],
            after.Select(d => d.Status));
        Assert.Equal([3, 0, 0, 0, 3], after.Select(d => d.Attempts));
        Assert.Equal(stored.Select(d => d.MessageId), after.Select(d => d.MessageId));
        Assert.Equal(stored[4].NextAttemptAt, after[4].NextAttemptAt);
    }

    [Fact]
    public async Task Failing_pending_deliveries_covers_in_flight_ones_and_fences_their_holder()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("deactivated"));
        var stored = await hook.AddAsync(
            Scenario.Delivery(hook.Id),
            Scenario.Delivery(hook.Id, Scenario.T0 + 50),
            Scenario.Delivery(hook.Id) with { Status = DeliveryStatus.Succeeded, CompletedAt = Scenario.T0 });
        Assert.Single(await WriteAsync(s => s.Deliveries.ClaimAsync(1, Scenario.T0, "held", Scenario.T0 + Lease, Ct)));

        Assert.Equal(2, await WriteAsync(s => s.Deliveries.FailPendingAsync(hook.Id.ToUpperInvariant(), Scenario.T0 + 7, Ct)));
        var after = await hook.ListAsync();
        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Failed, DeliveryStatus.Succeeded], after.Select(d => d.Status));
        Assert.Equal<long?>([Scenario.T0 + 7, Scenario.T0 + 7, Scenario.T0], after.Select(d => d.CompletedAt));
        Assert.All(after, d => Assert.Null(d.LeaseToken));
        var attempt = Scenario.Attempt(stored[0].Id, hook.Id, 1, succeeded: true);
        Assert.False(await WriteAsync(s => s.Deliveries.CompleteAttemptAsync(stored[0].Id, "held", attempt, new AttemptOutcome(DeliveryStatus.Succeeded, null, Scenario.T0 + 8), Ct)));
        Assert.Equal(0, await WriteAsync(s => s.Deliveries.FailPendingAsync(hook.Id, Scenario.T0 + 9, Ct)));
        Assert.Equal(2, await ReadAsync(s => s.Deliveries.CountAsync(hook.Id, DeliveryStatus.Failed, Ct)));
    }

    [Fact]
    public async Task Pruning_deletes_old_finished_deliveries_in_batches()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("pruned"));
        var old = Scenario.T0 - 1_000_000;
        var stored = await hook.AddAsync(
            Scenario.Delivery(hook.Id) with { Status = DeliveryStatus.Succeeded, CompletedAt = old },
            Scenario.Delivery(hook.Id) with { Status = DeliveryStatus.Failed, CompletedAt = old + 1 },
            Scenario.Delivery(hook.Id) with { Status = DeliveryStatus.Succeeded, CompletedAt = old + 2 },
            Scenario.Delivery(hook.Id) with { Status = DeliveryStatus.Succeeded, CompletedAt = Scenario.T0 + 1 },
            Scenario.Delivery(hook.Id, Scenario.T0 + 5_000_000));
        await WriteAsync(async s =>
        {
            var claimed = await s.Deliveries.ClaimAsync(1, Scenario.T0 + 5_000_000, "p", Scenario.T0 + 6_000_000, Ct);
            Assert.Equal([stored[4].Id], claimed.Select(d => d.Id));
            await s.Deliveries.CompleteAttemptAsync(stored[4].Id, "p", Scenario.Attempt(stored[4].Id, hook.Id, 1, false), new AttemptOutcome(DeliveryStatus.Failed, null, old + 3), Ct);
        });

        Assert.Equal(2, await WriteAsync(s => s.Deliveries.PruneAsync(Scenario.T0, 2, Ct)));
        Assert.Equal(0, await WriteAsync(s => s.Deliveries.PruneAsync(Scenario.T0, 0, Ct)));
        Assert.True(await WriteAsync(s => s.Deliveries.PruneAsync(Scenario.T0, 1000, Ct)) >= 2);
        Assert.Equal([stored[3].Id], (await hook.ListAsync()).Select(d => d.Id));
        Assert.Empty(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(stored[4].Id, Ct)));
    }
}
