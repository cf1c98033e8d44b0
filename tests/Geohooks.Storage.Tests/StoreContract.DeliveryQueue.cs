using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    private const long Lease = 30_000;

    [Fact]
    public async Task Bulk_insert_assigns_increasing_ids_in_list_order_and_keeps_payload_bytes()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("bulk"));
        var big = new byte[1 << 20];
        Random.Shared.NextBytes(big);
        var deliveries = Enumerable.Range(0, 1203)
            .Select(i => Scenario.Delivery(hook.Id.ToUpperInvariant(), created: Scenario.T0 + i) with { EventSequence = i })
            .ToArray();
        deliveries[600] = deliveries[600] with { Payload = big, ContentType = "application/octet-stream" };
        deliveries[601] = deliveries[601] with { Status = DeliveryStatus.Failed, Attempts = 3, CompletedAt = Scenario.T0 + 5 };

        var stored = await hook.AddAsync(deliveries);
        Assert.Equal(deliveries.Length, stored.Count);
        Assert.Equal(stored.Select(d => d.Id).Order(), stored.Select(d => d.Id));
        Assert.Equal(stored.Count, stored.Select(d => d.Id).Distinct().Count());
        for (var i = 0; i < deliveries.Length; i++)
        {
            AssertSame(deliveries[i] with { Id = stored[i].Id, WebhookId = hook.Id }, stored[i]);
        }

        Assert.Equal(big, (await ReadAsync(s => s.Deliveries.FindAsync(stored[600].Id, Ct)))?.Payload);
        Assert.Null(await ReadAsync(s => s.Deliveries.FindAsync(-1, Ct)));
    }

    [Fact]
    public async Task Claims_take_due_deliveries_oldest_first_up_to_the_limit()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("claims"));
        await using var inactive = await TestHook.CreateAsync(Store, S.Webhook("inactive", active: false));
        var later = Scenario.T0 + 1_000;
        var stored = await hook.AddAsync(
            Scenario.Delivery(hook.Id), Scenario.Delivery(hook.Id), Scenario.Delivery(hook.Id, later), Scenario.Delivery(hook.Id), Scenario.Delivery(hook.Id));
        await inactive.AddAsync(Scenario.Delivery(inactive.Id));
        var due = stored.Where(d => d.NextAttemptAt <= Scenario.T0).ToList();

        var first = await WriteAsync(s => s.Deliveries.ClaimAsync(3, Scenario.T0, "one", Scenario.T0 + Lease, Ct));
        Assert.Equal(due.Take(3).Select(d => d.Id), first.Select(d => d.Id));
        for (var i = 0; i < first.Count; i++)
        {
            // A claimed row falls due again when its lease runs out.
            AssertSame(due[i] with { Status = DeliveryStatus.InFlight, LeaseToken = "one", LeaseExpiresAt = Scenario.T0 + Lease, NextAttemptAt = Scenario.T0 + Lease }, first[i]);
        }

        // The first claim's leases are still valid, the later one is not due and the inactive webhook is skipped.
        var second = await WriteAsync(s => s.Deliveries.ClaimAsync(10, Scenario.T0, "two", Scenario.T0 + Lease, Ct));
        Assert.Equal([due[3].Id], second.Select(d => d.Id));
        Assert.Equal("two", (await ReadAsync(s => s.Deliveries.FindAsync(due[3].Id, Ct)))?.LeaseToken);

        var third = await WriteAsync(s => s.Deliveries.ClaimAsync(10, later, "three", later + Lease, Ct));
        Assert.Equal([stored[2].Id], third.Select(d => d.Id));
        Assert.Empty(await WriteAsync(s => s.Deliveries.ClaimAsync(10, later, "four", later + Lease, Ct)));
        Assert.Empty(await WriteAsync(s => s.Deliveries.ClaimAsync(0, later, "five", later + Lease, Ct)));
        Assert.Equal(DeliveryStatus.Pending, (await inactive.ListAsync())[0].Status);
    }

    [Fact]
    public async Task Claims_take_the_earliest_due_first_whatever_the_id_order()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("due-order"));
        var stored = await hook.AddAsync(
            Scenario.Delivery(hook.Id, Scenario.T0 + 3_000), Scenario.Delivery(hook.Id, Scenario.T0 + 2_000), Scenario.Delivery(hook.Id, Scenario.T0 + 9_000), Scenario.Delivery(hook.Id, Scenario.T0 + 1_000));

        var claimed = await WriteAsync(s => s.Deliveries.ClaimAsync(2, Scenario.T0 + 5_000, "due", Scenario.T0 + 5_000 + Lease, Ct));

        // The two earliest due among the three that are due; results come back in id order.
        Assert.Equal(new[] { stored[1].Id, stored[3].Id }.Order(), claimed.Select(d => d.Id));
        Assert.Equal([stored[0].Id], (await WriteAsync(s => s.Deliveries.ClaimAsync(10, Scenario.T0 + 5_000, "rest", Scenario.T0 + Lease, Ct))).Select(d => d.Id));
    }

    [Fact]
    public async Task Batch_completion_records_only_rows_whose_lease_is_still_held()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("batch-complete"));
        var stored = await hook.AddAsync(Scenario.Delivery(hook.Id), Scenario.Delivery(hook.Id), Scenario.Delivery(hook.Id));
        await WriteAsync(s => s.Deliveries.ClaimAsync(3, Scenario.T0, "held", Scenario.T0 + Lease, Ct));
        var retry = new AttemptOutcome(DeliveryStatus.Pending, Scenario.T0 + 5_000, null);
        var done = new AttemptOutcome(DeliveryStatus.Succeeded, null, Scenario.T0 + 7);

        var recorded = await WriteAsync(s => s.Deliveries.CompleteAttemptsAsync(
            [
                new AttemptCompletion(stored[0].Id, "held", Scenario.Attempt(stored[0].Id, hook.Id, 1, succeeded: false), retry),
                new AttemptCompletion(stored[1].Id, "stale", Scenario.Attempt(stored[1].Id, hook.Id, 1, succeeded: true), done),
                new AttemptCompletion(stored[2].Id, "held", Scenario.Attempt(stored[2].Id, hook.Id, 1, succeeded: true), done),
            ],
            Ct));

        Assert.Equal([stored[0].Id, stored[2].Id], recorded.Order());
        var first = await ReadAsync(s => s.Deliveries.FindAsync(stored[0].Id, Ct));
        Assert.Equal((DeliveryStatus.Pending, 1, (long?)(Scenario.T0 + 5_000), (string?)null), (first!.Status, first.Attempts, (long?)first.NextAttemptAt, first.LeaseToken));
        var skipped = await ReadAsync(s => s.Deliveries.FindAsync(stored[1].Id, Ct));
        Assert.Equal((DeliveryStatus.InFlight, 0, "held"), (skipped!.Status, skipped.Attempts, skipped.LeaseToken));
        Assert.Empty(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(stored[1].Id, Ct)));
        var last = await ReadAsync(s => s.Deliveries.FindAsync(stored[2].Id, Ct));
        Assert.Equal((DeliveryStatus.Succeeded, (long?)(Scenario.T0 + 7)), (last!.Status, last.CompletedAt));
        Assert.True(Assert.Single(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(stored[2].Id, Ct))).Succeeded);
    }

    [Fact]
    public async Task A_rolled_back_claim_leaves_the_deliveries_pending()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("undone"));
        var stored = await hook.AddAsync(Scenario.Delivery(hook.Id));
        await using (var session = await Store.WriteAsync(Ct))
        {
            Assert.Single(await session.Deliveries.ClaimAsync(10, Scenario.T0, "undone", Scenario.T0 + Lease, Ct));
        }

        AssertSame(stored[0], await ReadAsync(s => s.Deliveries.FindAsync(stored[0].Id, Ct)));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_fences_off_the_old_holder()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("fenced"));
        var delivery = (await hook.AddAsync(Scenario.Delivery(hook.Id)))[0];
        await WriteAsync(s => s.Deliveries.ClaimAsync(10, Scenario.T0, "old", Scenario.T0 + 100, Ct));
        Assert.Empty(await WriteAsync(s => s.Deliveries.ClaimAsync(10, Scenario.T0 + 99, "new", Scenario.T0 + Lease, Ct)));
        var taken = await WriteAsync(s => s.Deliveries.ClaimAsync(10, Scenario.T0 + 100, "new", Scenario.T0 + Lease, Ct));
        Assert.Equal([delivery.Id], taken.Select(d => d.Id));

        var attempt = Scenario.Attempt(delivery.Id, hook.Id, 1, succeeded: false);
        var retry = new AttemptOutcome(DeliveryStatus.Pending, Scenario.T0 + 5_000, null);
        Assert.False(await WriteAsync(s => s.Deliveries.CompleteAttemptAsync(delivery.Id, "old", attempt, retry, Ct)));
        Assert.False(await WriteAsync(s => s.Deliveries.ExtendLeaseAsync(delivery.Id, "old", Scenario.T0 + 99_999, Ct)));
        Assert.Empty(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(delivery.Id, Ct)));
        AssertSame(taken[0], await ReadAsync(s => s.Deliveries.FindAsync(delivery.Id, Ct)));

        Assert.True(await WriteAsync(s => s.Deliveries.ExtendLeaseAsync(delivery.Id, "new", Scenario.T0 + 60_000, Ct)));
        Assert.Equal(Scenario.T0 + 60_000, (await ReadAsync(s => s.Deliveries.FindAsync(delivery.Id, Ct)))?.LeaseExpiresAt);
        Assert.True(await WriteAsync(s => s.Deliveries.CompleteAttemptAsync(delivery.Id, "new", attempt, retry, Ct)));
        Assert.False(await WriteAsync(s => s.Deliveries.CompleteAttemptAsync(delivery.Id, "new", attempt, retry, Ct)));
        Assert.False(await WriteAsync(s => s.Deliveries.ExtendLeaseAsync(delivery.Id, "new", Scenario.T0 + 60_000, Ct)));
        AssertSame(
            delivery with { Attempts = 1, NextAttemptAt = Scenario.T0 + 5_000 },
            await ReadAsync(s => s.Deliveries.FindAsync(delivery.Id, Ct)));
        var recorded = Assert.Single(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(delivery.Id, Ct)));
        AssertSame(attempt with { Id = recorded.Id }, recorded);
    }

    [Fact]
    public async Task Completing_records_attempts_and_the_final_state()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("completed"));
        var delivery = (await hook.AddAsync(Scenario.Delivery(hook.Id)))[0];
        var failed = Scenario.Attempt(delivery.Id, hook.Id, 1, succeeded: false);
        var succeeded = Scenario.Attempt(delivery.Id, hook.Id, 2, succeeded: true) with { ResponseHeaders = null, ResponseBody = null };
        await WriteAsync(async s =>
        {
            await s.Deliveries.ClaimAsync(1, Scenario.T0, "a", Scenario.T0 + Lease, Ct);
            Assert.True(await s.Deliveries.CompleteAttemptAsync(delivery.Id, "a", failed, new AttemptOutcome(DeliveryStatus.Pending, Scenario.T0 + 10, null), Ct));
        });
        await WriteAsync(async s =>
        {
            Assert.Equal([delivery.Id], (await s.Deliveries.ClaimAsync(1, Scenario.T0 + 10, "b", Scenario.T0 + Lease, Ct)).Select(d => d.Id));
            Assert.True(await s.Deliveries.CompleteAttemptAsync(delivery.Id, "b", succeeded, new AttemptOutcome(DeliveryStatus.Succeeded, null, Scenario.T0 + 20), Ct));
        });

        AssertSame(
            // A finished row keeps the due time it had while in flight (the lease expiry); nothing reads it any more.
            delivery with { Status = DeliveryStatus.Succeeded, Attempts = 2, NextAttemptAt = Scenario.T0 + Lease, CompletedAt = Scenario.T0 + 20 },
            await ReadAsync(s => s.Deliveries.FindAsync(delivery.Id, Ct)));
        var attempts = await ReadAsync(s => s.Deliveries.ListAttemptsAsync(delivery.Id, Ct));
        Assert.Equal([1, 2], attempts.Select(a => a.Number));
        AssertSame(failed with { Id = attempts[0].Id }, attempts[0]);
        AssertSame(succeeded with { Id = attempts[1].Id }, attempts[1]);

        var newest = await ReadAsync(s => s.Deliveries.ListAttemptsByWebhookAsync(hook.Id.ToUpperInvariant(), 1, 1, Ct));
        Assert.Equal(2, newest.Total);
        Assert.Equal([2], newest.Results.Select(a => a.Number));
        var older = await ReadAsync(s => s.Deliveries.ListAttemptsByWebhookAsync(hook.Id, 2, 1, Ct));
        Assert.Equal([1], older.Results.Select(a => a.Number));
    }
}
