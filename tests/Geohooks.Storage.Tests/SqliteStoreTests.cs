using Geohooks.Core.Storage;
using Geohooks.Storage.Sqlite;
using Geohooks.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geohooks.Storage.Tests;

public sealed class SqliteStoreFixture : IAsyncLifetime
{
    public TempDirectory Folder { get; } = new("geohooks-sqlite");

    public SqliteStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteStore(Folder.Path, NullLoggerFactory.Instance);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Folder.Dispose();
    }
}

public sealed class SqliteStoreTests(SqliteStoreFixture fixture) : StoreContract(fixture.Store), IClassFixture<SqliteStoreFixture>
{
    protected override StoreCapabilities ExpectedCapabilities { get; } = new("sqlite", MultiProcess: false, SkipLocked: false, Notifications: false);

    [Fact]
    public void Creates_the_database_in_the_data_folder()
    {
        Assert.True(File.Exists(Path.Combine(fixture.Folder.Path, "geohooks.db")));
        Assert.True(File.Exists(Path.Combine(fixture.Folder.Path, "geohooks.lock")));
    }

    [Fact]
    public void A_second_store_on_the_same_folder_is_refused()
    {
        var error = Assert.Throws<StoreLockedException>(() => new SqliteStore(fixture.Folder.Path, NullLoggerFactory.Instance));
        Assert.Contains(fixture.Folder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("--postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_folder_can_be_reopened_once_the_store_is_disposed()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "nested", "data");
        var user = S.User("reopened");
        await using (var first = new SqliteStore(path, NullLoggerFactory.Instance))
        {
            await first.MigrateAsync(Ct);
            await using var session = await first.WriteAsync(Ct);
            await session.Users.InsertAsync(user, Ct);
            await session.CommitAsync(Ct);
        }

        await using var second = new SqliteStore(path, NullLoggerFactory.Instance);
        await second.MigrateAsync(Ct);
        await using var read = await second.ReadAsync(Ct);
        Assert.Equal(user.Username, (await read.Users.FindByIdAsync(user.Id, Ct))?.Username);
    }

    [Fact]
    public async Task Writers_wait_for_each_other_while_readers_do_not()
    {
        await using var firstWriter = await Store.WriteAsync(Ct);
        var secondWriter = Store.WriteAsync(Ct);
        await using (var reader = await Store.ReadAsync(Ct))
        {
            Assert.Null(await reader.Users.FindByUsernameAsync("nobody", Ct));
        }

        await Task.Delay(100);
        Assert.False(secondWriter.IsCompleted);
        await firstWriter.DisposeAsync();
        await using var second = await secondWriter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(second);
    }
}
