using Geohooks.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geohooks.Storage.Tests;

/// <summary>What only a multi-process backend can show: two stores (two processes) sharing one database.</summary>
public sealed partial class PostgresStoreTests
{
    [Fact]
    public async Task Concurrent_claims_from_two_stores_never_take_the_same_delivery()
    {
        await using var other = new PostgresStore(fixture.ConnectionString, NullLoggerFactory.Instance);
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("shared"));
        var stored = await hook.AddAsync([.. Enumerable.Range(0, 20).Select(_ => Scenario.Delivery(hook.Id))]);

        await using var first = await Store.WriteAsync(Ct);
        var mine = await first.Deliveries.ClaimAsync(8, Scenario.T0, "a", Scenario.T0 + 30_000, Ct);
        // The first claim is not committed: its rows stay locked, and the second store skips rather than waits.
        var theirs = await Task.Run(async () =>
        {
            await using var second = await other.WriteAsync(Ct);
            var claimed = await second.Deliveries.ClaimAsync(50, Scenario.T0, "b", Scenario.T0 + 30_000, Ct);
            await second.CommitAsync(Ct);
            return claimed;
        }).WaitAsync(TimeSpan.FromSeconds(10));
        await first.CommitAsync(Ct);

        Assert.Equal(stored.Take(8).Select(d => d.Id), mine.Select(d => d.Id));
        Assert.Equal(stored.Skip(8).Select(d => d.Id), theirs.Select(d => d.Id));
        var leases = (await hook.ListAsync()).Select(d => d.LeaseToken);
        Assert.Equal([.. Enumerable.Repeat("a", 8), .. Enumerable.Repeat("b", 12)], leases);
    }

    [Fact]
    public async Task A_locking_read_of_a_webhook_waits_for_the_other_stores_transaction()
    {
        await using var other = new PostgresStore(fixture.ConnectionString, NullLoggerFactory.Instance);
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("locked"));

        await using var first = await Store.WriteAsync(Ct);
        var mine = await first.Webhooks.FindForUpdateAsync(hook.Id, Ct);
        var theirs = Task.Run(async () =>
        {
            await using var second = await other.WriteAsync(Ct);
            var read = await second.Webhooks.FindForUpdateAsync(hook.Id, Ct);
            await second.CommitAsync(Ct);
            return read;
        });
        // Bounded: the second locking read must still be waiting while the first transaction holds the row.
        await Task.Delay(300);
        Assert.False(theirs.IsCompleted);
        await first.Webhooks.UpdateAsync(mine! with { FailureCount = 7 }, Ct);
        await first.CommitAsync(Ct);

        Assert.Equal(7, (await theirs.WaitAsync(TimeSpan.FromSeconds(10)))!.FailureCount);
    }

    [Fact]
    public async Task A_commit_in_one_store_wakes_a_waiter_in_another()
    {
        await using var other = new PostgresStore(fixture.ConnectionString, NullLoggerFactory.Instance);
        // The first wait starts the other store's listener; from then on no notification is missed.
        Assert.False(await other.WaitForSignalAsync(S.Channel, TimeSpan.FromMilliseconds(10), Ct));

        await using (var rolledBack = await Store.WriteAsync(Ct))
        {
            rolledBack.Signal(S.Channel);
        }

        Assert.False(await other.WaitForSignalAsync(S.Channel, TimeSpan.FromMilliseconds(300), Ct));

        var waiting = other.WaitForSignalAsync(S.Channel, TimeSpan.FromSeconds(10), Ct);
        await using (var session = await Store.WriteAsync(Ct))
        {
            session.Signal(S.Channel);
            await Task.Delay(100);
            Assert.False(waiting.IsCompleted);
            await session.CommitAsync(Ct);
        }

        Assert.True(await waiting);

        // Committed while nobody in the other store waits: remembered for its next wait.
        await using (var session = await Store.WriteAsync(Ct))
        {
            session.Signal(S.Channel);
            await session.CommitAsync(Ct);
        }

        Assert.True(await other.WaitForSignalAsync(S.Channel, TimeSpan.FromSeconds(10), Ct));
    }
}
