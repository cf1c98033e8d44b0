using Geohooks.Core.Delivery;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;

namespace Geohooks.Storage.Tests;

/// <summary>
/// A webhook a test owns, deleted (with its deliveries) when the test ends. Claims span the whole database, so
/// no test may leave due deliveries behind for the next one to claim.
/// </summary>
public sealed class TestHook(IStore store, Webhook webhook) : IAsyncDisposable
{
    public Webhook Webhook { get; } = webhook;

    public string Id => Webhook.Id;

    public static async Task<TestHook> CreateAsync(IStore store, Webhook webhook)
    {
        await using var session = await store.WriteAsync(CancellationToken.None);
        await session.Webhooks.InsertAsync(webhook, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return new TestHook(store, webhook);
    }

    /// <summary>Inserts the deliveries and returns them as stored, in insertion (id) order.</summary>
    public async Task<IReadOnlyList<Delivery>> AddAsync(params Delivery[] deliveries)
    {
        long before;
        await using (var session = await store.WriteAsync(CancellationToken.None))
        {
            var newest = (await session.Deliveries.ListAsync(new DeliveryFilter(Id), 1, 1, CancellationToken.None)).Results;
            before = newest.Count == 0 ? 0 : newest[0].Id;
            await session.Deliveries.InsertAsync(deliveries, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        var all = await ListAsync();
        return [.. all.Where(d => d.Id > before)];
    }

    /// <summary>Every delivery of this webhook, oldest first.</summary>
    public async Task<IReadOnlyList<Delivery>> ListAsync()
    {
        await using var session = await store.ReadAsync(CancellationToken.None);
        var page = await session.Deliveries.ListAsync(new DeliveryFilter(Id), 1, int.MaxValue, CancellationToken.None);
        return [.. page.Results.Reverse()];
    }

    public async ValueTask DisposeAsync()
    {
        await using var session = await store.WriteAsync(CancellationToken.None);
        await session.Webhooks.DeleteAsync(Id, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }
}
