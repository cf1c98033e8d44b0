using Geohooks.Core.Errors;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Portal;

public sealed record IssuedToken(string Token, long Expires);

/// <summary>
/// Issues, checks and revokes access tokens. Tokens are random; only their SHA-256 is stored, so a copy of the
/// database does not hand out sessions.
/// </summary>
public sealed class TokenService(IStore store, TimeProvider time, IOptions<PortalOptions> options)
{
    private static readonly User Nobody = new() { Id = "", OrgId = "", Username = "", Role = Roles.User, Created = 0, Modified = 0 };
    private static readonly string NobodyHash = Passwords.Hash(Nobody, Ids.NewPassword());

    public async Task<IssuedToken> GenerateAsync(string username, string password, int? expirationMinutes, string? referer, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var user = await session.Users.FindByUsernameAsync(username, ct);
        if (user is null)
        {
            // Hash anyway, so the answer time does not reveal which usernames exist.
            _ = Passwords.Verify(Nobody with { PasswordHash = NobodyHash }, password);
        }

        if (user is null || !Passwords.Verify(user, password) || user.Disabled)
        {
            throw new ArcGisException(400, "Unable to generate token.", ["Invalid username or password."]);
        }

        var now = Now();
        var issued = await IssueAsync(session, user, "portal", referer, expirationMinutes, now, ct);
        await session.Users.UpdateAsync(user with { LastLogin = now }, ct);
        await session.CommitAsync(ct);
        return issued;
    }

    /// <summary>The federated exchange: a valid portal token buys a server token for <paramref name="serverUrl"/>.</summary>
    public async Task<IssuedToken> ExchangeAsync(string portalToken, string serverUrl, int? expirationMinutes, CancellationToken ct)
    {
        var caller = await AuthenticateAsync(portalToken, ct);
        await using var session = await store.WriteAsync(ct);
        var issued = await IssueAsync(session, caller.User, "server", serverUrl, expirationMinutes, Now(), ct);
        await session.CommitAsync(ct);
        return issued;
    }

    /// <summary>Resolves a token to its caller, or throws the ArcGIS 498 error.</summary>
    public async Task<Caller> AuthenticateAsync(string token, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var record = await session.Tokens.FindAsync(Ids.Sha256(token), ct);
        if (record is null || record.Revoked || record.Expires <= Now())
        {
            throw Errors.Errors.InvalidToken();
        }

        var user = await session.Users.FindByIdAsync(record.UserId, ct);
        var org = user is null ? null : await session.Orgs.FindAsync(user.OrgId, ct);
        if (user is null || org is null || user.Disabled)
        {
            throw Errors.Errors.InvalidToken();
        }

        return new Caller(user, org);
    }

    public async Task RevokeAsync(string token, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        await session.Tokens.RevokeAsync(Ids.Sha256(token), ct);
        await session.CommitAsync(ct);
    }

    private async Task<IssuedToken> IssueAsync(
        IStoreSession session, User user, string kind, string? referer, int? expirationMinutes, long now, CancellationToken ct)
    {
        var lifetime = Lifetime(expirationMinutes);
        var token = Ids.NewToken();
        var expires = now + (long)lifetime.TotalMilliseconds;
        await session.Tokens.InsertAsync(
            new TokenRecord
            {
                Hash = Ids.Sha256(token),
                UserId = user.Id,
                Username = user.Username,
                OrgId = user.OrgId,
                Created = now,
                Expires = expires,
                Kind = kind,
                Referer = referer,
            },
            ct);
        return new IssuedToken(token, expires);
    }

    private TimeSpan Lifetime(int? expirationMinutes)
    {
        var settings = options.Value;
        if (expirationMinutes is null or <= 0)
        {
            return settings.DefaultTokenLifetime;
        }

        var asked = TimeSpan.FromMinutes(expirationMinutes.Value);
        return asked < settings.MaxTokenLifetime ? asked : settings.MaxTokenLifetime;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
