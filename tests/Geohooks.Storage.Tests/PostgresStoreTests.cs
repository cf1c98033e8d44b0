using Geohooks.Core.Storage;
using Geohooks.Storage.Postgres;
using Geohooks.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geohooks.Storage.Tests;

public sealed class PostgresStoreFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public PostgresStore Store { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        ConnectionString = await Server.CreateDatabaseAsync();
        Store = new PostgresStore(ConnectionString, NullLoggerFactory.Instance);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();
}

public sealed partial class PostgresStoreTests(PostgresStoreFixture fixture) : StoreContract(fixture.Store), IClassFixture<PostgresStoreFixture>
{
    protected override StoreCapabilities ExpectedCapabilities { get; } = new("postgres", MultiProcess: true, SkipLocked: true, Notifications: true);

    [Fact]
    public async Task Several_stores_migrate_one_database_concurrently()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(connectionString, NullLoggerFactory.Instance)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.MigrateAsync(Ct)));
            var user = S.User("concurrent");
            await using (var write = await stores[0].WriteAsync(Ct))
            {
                await write.Users.InsertAsync(user, Ct);
                await write.CommitAsync(Ct);
            }

            await using var read = await stores[3].ReadAsync(Ct);
            Assert.Equal(user.Id, (await read.Users.FindByUsernameAsync(user.Username, Ct))?.Id);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Event_sequences_follow_commit_order_across_stores()
    {
        await using var other = new PostgresStore(fixture.ConnectionString, NullLoggerFactory.Instance);
        var before = await ReadAsync(s => s.Events.ReadAfterAsync(0, int.MaxValue, Ct));
        var last = before.Count == 0 ? 0 : before[^1].Sequence;

        await using var first = await Store.WriteAsync(Ct);
        await first.Events.AppendAsync(S.Event("first"), Ct);
        var second = Task.Run(async () =>
        {
            await using var session = await other.WriteAsync(Ct);
            await session.Events.AppendAsync(S.Event("second"), Ct);
            await session.CommitAsync(Ct);
        });
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await first.CommitAsync(Ct);
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        var after = await ReadAsync(s => s.Events.ReadAfterAsync(last, 10, Ct));
        Assert.Equal(["first", "second"], after.Select(e => e.Operation));
    }
}
