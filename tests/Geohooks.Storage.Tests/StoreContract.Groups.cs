using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Groups_round_trip()
    {
        var group = S.Group(S.Name("owner"), "Roundtrip", "org") with
        {
            Description = "desc",
            Snippet = "snip",
            Phone = "555",
            IsInvitationOnly = true,
            IsViewOnly = true,
            AutoJoin = true,
            Protected = true,
            SortField = "modified",
            SortOrder = "desc",
            Capabilities = ["updateitemcontrol"],
            Tags = [S.Tag, "Second Tag"],
        };
        await WriteAsync(s => s.Groups.InsertAsync(group, Ct));
        AssertSame(group, await ReadAsync(s => s.Groups.FindAsync(group.Id.ToUpperInvariant(), Ct)));

        var updated = group with { Title = S.Name("Renamed"), IsViewOnly = false, Capabilities = [], Modified = Scenario.T0 + 1 };
        await WriteAsync(s => s.Groups.UpdateAsync(updated, Ct));
        AssertSame(updated, await ReadAsync(s => s.Groups.FindAsync(group.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Groups.FindAsync(Scenario.NewId(), Ct)));
    }

    [Fact]
    public async Task A_group_title_is_unique_within_the_org()
    {
        var group = await AddGroupAsync(S.Group(S.Name("owner"), "Same"));
        var clash = S.Group(S.Name("other"), "x") with { Title = group.Title.ToUpperInvariant() };
        await using var session = await Store.WriteAsync(Ct);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => session.Groups.InsertAsync(clash, Ct));
        await session.Groups.InsertAsync(clash with { OrgId = Scenario.NewId() }, Ct);
        await session.CommitAsync(Ct);
    }

    [Fact]
    public async Task Memberships_are_set_replaced_listed_and_removed()
    {
        var owner = S.Name("Owner");
        var group = await AddGroupAsync(S.Group(owner, "members"), S.Name("Alice"), S.Name("bob"));
        var second = await AddGroupAsync(S.Group(S.Name("someone"), "alpha"), S.Name("alice"));

        var alice = await ReadAsync(s => s.Groups.FindMemberAsync(group.Id, S.Name("ALICE"), Ct));
        Assert.Equal(new GroupMember(group.Id, S.Name("Alice"), MemberTypes.Member, Scenario.T0 + 1), alice);

        await WriteAsync(s => s.Groups.SetMemberAsync(new GroupMember(group.Id, S.Name("Alice"), MemberTypes.Admin, Scenario.T0 + 2), Ct));
        var members = await ReadAsync(s => s.Groups.ListMembersAsync(group.Id, Ct));
        Assert.Equal([owner, S.Name("bob"), S.Name("Alice")], members.Select(m => m.Username));
        Assert.Equal(MemberTypes.Admin, members[^1].MemberType);

        var groups = await ReadAsync(s => s.Groups.ListForUserAsync(S.Name("alice"), Ct));
        Assert.Equal([second.Id, group.Id], groups.Select(g => g.Group.Id));
        Assert.Equal([MemberTypes.Member, MemberTypes.Admin], groups.Select(g => g.Membership.MemberType));

        await WriteAsync(s => s.Groups.RemoveMemberAsync(group.Id, S.Name("BOB"), Ct));
        Assert.Null(await ReadAsync(s => s.Groups.FindMemberAsync(group.Id, S.Name("bob"), Ct)));
        Assert.Equal(2, (await ReadAsync(s => s.Groups.ListMembersAsync(group.Id, Ct))).Count);
        Assert.Equal(1, await ReadAsync(s => s.Groups.CountOwnedByAsync(owner.ToUpperInvariant(), Ct)));
    }

    [Fact]
    public async Task Deleting_a_group_removes_its_memberships_and_shares()
    {
        var owner = S.Name("owner");
        var group = await AddGroupAsync(S.Group(owner, "doomed"), S.Name("member"));
        var item = await AddItemAsync(S.Item(owner, "shared"));
        await WriteAsync(s => s.Items.AddShareAsync(item.Id, group.Id, Ct));

        await WriteAsync(s => s.Groups.DeleteAsync(group.Id, Ct));

        Assert.Null(await ReadAsync(s => s.Groups.FindAsync(group.Id, Ct)));
        Assert.Empty(await ReadAsync(s => s.Groups.ListMembersAsync(group.Id, Ct)));
        Assert.Empty(await ReadAsync(s => s.Groups.ListForUserAsync(S.Name("member"), Ct)));
        Assert.Empty(await ReadAsync(s => s.Items.ListSharedGroupsAsync(item.Id, Ct)));
        Assert.NotNull(await ReadAsync(s => s.Items.FindAsync(item.Id, Ct)));
    }
}
