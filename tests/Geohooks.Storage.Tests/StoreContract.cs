using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Tests;

/// <summary>
/// The storage contract, run unchanged against every backend. A subclass supplies a migrated store that its
/// test class shares; each test builds its own <see cref="Scenario"/> so tests never see each other's rows.
/// </summary>
public abstract partial class StoreContract(IStore store)
{
    protected IStore Store { get; } = store;

    protected Scenario S { get; } = new();

    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract StoreCapabilities ExpectedCapabilities { get; }

    [Fact]
    public void Capabilities_describe_the_backend() => Assert.Equal(ExpectedCapabilities, Store.Capabilities);

    [Fact]
    public async Task Migrations_are_idempotent()
    {
        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);
        var user = S.User("migrated");
        await WriteAsync(s => s.Users.InsertAsync(user, Ct));
        Assert.NotNull(await ReadAsync(s => s.Users.FindByIdAsync(user.Id, Ct)));
    }

    /// <summary>Records hold lists, which compare by reference; compare every property by value instead.</summary>
    protected static void AssertSame<T>(T expected, T? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }

    protected async Task WriteAsync(Func<IStoreSession, Task> work)
    {
        await using var session = await Store.WriteAsync(Ct);
        await work(session);
        await session.CommitAsync(Ct);
    }

    protected async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work)
    {
        await using var session = await Store.WriteAsync(Ct);
        var result = await work(session);
        await session.CommitAsync(Ct);
        return result;
    }

    protected async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work)
    {
        await using var session = await Store.ReadAsync(Ct);
        return await work(session);
    }

    protected Task<User> AddUserAsync(string stem, string role = Roles.User, string access = "org", string? orgId = null) =>
        WriteAsync(async s =>
        {
            var user = S.User(stem, role, access, orgId);
            await s.Users.InsertAsync(user, Ct);
            return user;
        });

    protected Task<Item> AddItemAsync(Item item) =>
        WriteAsync(async s =>
        {
            await s.Items.InsertAsync(item, Ct);
            return item;
        });

    protected Task<Group> AddGroupAsync(Group group, params string[] members) =>
        WriteAsync(async s =>
        {
            await s.Groups.InsertAsync(group, Ct);
            await s.Groups.SetMemberAsync(new GroupMember(group.Id, group.Owner, MemberTypes.Owner, Scenario.T0), Ct);
            foreach (var member in members)
            {
                await s.Groups.SetMemberAsync(new GroupMember(group.Id, member, MemberTypes.Member, Scenario.T0 + 1), Ct);
            }

            return group;
        });

    protected async Task<IReadOnlyList<string>> SearchItemIdsAsync(SearchNode query, Viewer? viewer = null, string? sortField = null, SortOrder order = SortOrder.Asc)
    {
        var page = await ReadAsync(s => s.Items.SearchAsync(S.Request(query, viewer ?? S.Admin, sortField, order), Ct));
        return [.. page.Results.Select(i => i.Id)];
    }
}
