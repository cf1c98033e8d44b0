using Geohooks.Core.Portal;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Tokens_are_found_revoked_and_expired()
    {
        var user = S.User("holder");
        var live = Token(user, expires: Scenario.T0 + 10_000) with { Kind = "server", Referer = "https://app.example" };
        var other = Token(user, expires: Scenario.T0 + 10_000);
        var old = Token(user, expires: Scenario.T0 - 1);
        await WriteAsync(async s =>
        {
            await s.Tokens.InsertAsync(live, Ct);
            await s.Tokens.InsertAsync(other, Ct);
            await s.Tokens.InsertAsync(old, Ct);
        });
        Assert.Equal(live, await ReadAsync(s => s.Tokens.FindAsync(live.Hash, Ct)));
        Assert.Null(await ReadAsync(s => s.Tokens.FindAsync("unknown", Ct)));

        await WriteAsync(s => s.Tokens.RevokeAsync(live.Hash, Ct));
        Assert.Equal(live with { Revoked = true }, await ReadAsync(s => s.Tokens.FindAsync(live.Hash, Ct)));
        Assert.False((await ReadAsync(s => s.Tokens.FindAsync(other.Hash, Ct)))?.Revoked);

        await WriteAsync(s => s.Tokens.RevokeAllForUserAsync(user.Id.ToUpperInvariant(), Ct));
        Assert.True((await ReadAsync(s => s.Tokens.FindAsync(other.Hash, Ct)))?.Revoked);

        var deleted = await WriteAsync(s => s.Tokens.DeleteExpiredAsync(Scenario.T0, Ct));
        Assert.True(deleted >= 1);
        Assert.Null(await ReadAsync(s => s.Tokens.FindAsync(old.Hash, Ct)));
        Assert.NotNull(await ReadAsync(s => s.Tokens.FindAsync(other.Hash, Ct)));
    }

    [Fact]
    public async Task The_default_org_is_the_first_one_created()
    {
        var org = new Org { Id = Scenario.NewId(), Name = "Geohooks", UrlKey = "geohooks", Created = 0, Modified = 0 };
        var later = org with { Id = Scenario.NewId(), Name = "Later", Created = 5, Modified = 5 };
        await WriteAsync(async s =>
        {
            await s.Orgs.InsertAsync(later, Ct);
            await s.Orgs.InsertAsync(org, Ct);
        });
        Assert.Equal(org, await ReadAsync(s => s.Orgs.GetDefaultAsync(Ct)));
        Assert.Equal(later, await ReadAsync(s => s.Orgs.FindAsync(later.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Orgs.FindAsync(Scenario.NewId(), Ct)));

        var renamed = later with { Name = "Renamed", Description = "now described", Modified = 6 };
        await WriteAsync(s => s.Orgs.UpdateAsync(renamed, Ct));
        Assert.Equal(renamed, await ReadAsync(s => s.Orgs.FindAsync(later.Id, Ct)));
    }
}
