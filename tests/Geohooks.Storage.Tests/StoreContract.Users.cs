using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Users_round_trip_and_are_found_case_insensitively()
    {
        var user = S.User("Mixed.Case") with
        {
            Description = "about me",
            PasswordHash = "hash",
            Disabled = true,
            Tags = ["a", "b"],
            Culture = "en",
            Region = "US",
            Units = "metric",
            LastLogin = Scenario.T0 + 5,
        };
        await WriteAsync(s => s.Users.InsertAsync(user, Ct));

        AssertSame(user, await ReadAsync(s => s.Users.FindByUsernameAsync(user.Username.ToUpperInvariant(), Ct)));
        AssertSame(user, await ReadAsync(s => s.Users.FindByIdAsync(user.Id.ToUpperInvariant(), Ct)));
        Assert.Null(await ReadAsync(s => s.Users.FindByUsernameAsync(S.Name("missing"), Ct)));

        var updated = user with { FullName = "Renamed", Role = Roles.Admin, Disabled = false, Modified = Scenario.T0 + 9 };
        await WriteAsync(s => s.Users.UpdateAsync(updated, Ct));
        AssertSame(updated, await ReadAsync(s => s.Users.FindByIdAsync(user.Id, Ct)));
    }

    [Fact]
    public async Task A_taken_username_is_a_duplicate_in_any_case_and_the_session_stays_usable()
    {
        var user = await AddUserAsync("Taken");
        var other = S.User("other");
        await using (var session = await Store.WriteAsync(Ct))
        {
            var clash = S.User("x") with { Username = user.Username.ToUpperInvariant() };
            await Assert.ThrowsAsync<DuplicateKeyException>(() => session.Users.InsertAsync(clash, Ct));
            await session.Users.InsertAsync(other, Ct);
            await session.CommitAsync(Ct);
        }

        Assert.NotNull(await ReadAsync(s => s.Users.FindByIdAsync(other.Id, Ct)));
    }

    [Fact]
    public async Task Deleting_a_user_removes_memberships_and_tokens()
    {
        var owner = await AddUserAsync("owner");
        var member = await AddUserAsync("member");
        var group = await AddGroupAsync(S.Group(owner.Username, "team"), member.Username);
        var token = Token(member, expires: Scenario.T0 + 1000);
        await WriteAsync(s => s.Tokens.InsertAsync(token, Ct));

        await WriteAsync(s => s.Users.DeleteAsync(member.Id, Ct));

        Assert.Null(await ReadAsync(s => s.Users.FindByIdAsync(member.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Groups.FindMemberAsync(group.Id, member.Username, Ct)));
        Assert.Null(await ReadAsync(s => s.Tokens.FindAsync(token.Hash, Ct)));
        Assert.NotNull(await ReadAsync(s => s.Groups.FindMemberAsync(group.Id, owner.Username, Ct)));
    }

    [Fact]
    public async Task Users_are_counted_by_role()
    {
        var org = Scenario.NewId();
        await AddUserAsync("admin1", Roles.Admin, orgId: org);
        await AddUserAsync("admin2", Roles.Admin, orgId: org);
        var disabled = S.User("admin3", Roles.Admin, orgId: org) with { Disabled = true };
        await WriteAsync(s => s.Users.InsertAsync(disabled, Ct));
        await AddUserAsync("user1", Roles.User, orgId: org);

        Assert.Equal(2, await ReadAsync(s => s.Users.CountByRoleAsync(org, Roles.Admin, includeDisabled: false, Ct)));
        Assert.Equal(3, await ReadAsync(s => s.Users.CountByRoleAsync(org, Roles.Admin, includeDisabled: true, Ct)));
        Assert.Equal(1, await ReadAsync(s => s.Users.CountByRoleAsync(org, Roles.User, includeDisabled: true, Ct)));
        Assert.Equal(0, await ReadAsync(s => s.Users.CountByRoleAsync(org, Roles.Publisher, includeDisabled: true, Ct)));
    }

    private static TokenRecord Token(User user, long expires) => new()
    {
        Hash = Scenario.NewId() + Scenario.NewId(),
        UserId = user.Id,
        Username = user.Username,
        OrgId = user.OrgId,
        Created = Scenario.T0,
        Expires = expires,
    };
}
