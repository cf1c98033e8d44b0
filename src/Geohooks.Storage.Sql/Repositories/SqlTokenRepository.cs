using System.Data.Common;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed class SqlTokenRepository(SqlContext db) : ITokenRepository
{
    private const string Columns = "hash, user_id, username, org_id, created, expires, kind, referer, revoked";

    public Task InsertAsync(TokenRecord token, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(
            $"INSERT INTO tokens ({Columns}) VALUES (@hash, @user_id, @username, @org_id, @created, @expires, @kind, @referer, @revoked)",
            new SqlArgs
            {
                ["hash"] = token.Hash,
                ["user_id"] = Keys.Of(token.UserId),
                ["username"] = token.Username,
                ["org_id"] = token.OrgId,
                ["created"] = token.Created,
                ["expires"] = token.Expires,
                ["kind"] = token.Kind,
                ["referer"] = token.Referer,
                ["revoked"] = token.Revoked,
            },
            "Token",
            cancellationToken);

    public Task<TokenRecord?> FindAsync(string hash, CancellationToken cancellationToken) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM tokens WHERE hash = @hash", new SqlArgs { ["hash"] = hash }, Read, cancellationToken);

    public Task RevokeAsync(string hash, CancellationToken cancellationToken) =>
        db.ExecuteAsync("UPDATE tokens SET revoked = 1 WHERE hash = @hash", new SqlArgs { ["hash"] = hash }, cancellationToken);

    public Task RevokeAllForUserAsync(string userId, CancellationToken cancellationToken) =>
        db.ExecuteAsync("UPDATE tokens SET revoked = 1 WHERE user_id = @user_id", new SqlArgs { ["user_id"] = Keys.Of(userId) }, cancellationToken);

    public Task<int> DeleteExpiredAsync(long before, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM tokens WHERE expires < @before", new SqlArgs { ["before"] = before }, cancellationToken);

    private static TokenRecord Read(DbDataReader r) => new()
    {
        Hash = r.Text(0),
        UserId = r.Text(1),
        Username = r.Text(2),
        OrgId = r.Text(3),
        Created = r.Long(4),
        Expires = r.Long(5),
        Kind = r.Text(6),
        Referer = r.TextOrNull(7),
        Revoked = r.Bool(8),
    };
}
