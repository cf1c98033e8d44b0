using System.Data.Common;

namespace Geohooks.Storage.Sql;

/// <summary>The common part of the queues' claims: a statement taking due rows under a lease, with its parameters.</summary>
internal static class LeaseClaims
{
    /// <summary>
    /// Runs <paramref name="sql"/> (parameters <c>@token</c>, <c>@expires</c>, <c>@now</c>, <c>@limit</c>) and returns
    /// the rows it claimed, in the order the database returned them.
    /// </summary>
    public static async Task<List<T>> ClaimAsync<T>(
        this SqlContext db, string sql, int limit, long now, string leaseToken, long leaseExpiresAt, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        if (NothingToClaim(limit, leaseToken))
        {
            return [];
        }

        return await db.QueryAsync(
            sql,
            new SqlArgs { ["token"] = leaseToken, ["expires"] = leaseExpiresAt, ["now"] = now, ["limit"] = limit },
            read,
            cancellationToken);
    }

    /// <summary>Checks a claim's lease token; true when <paramref name="limit"/> leaves nothing to claim.</summary>
    public static bool NothingToClaim(int limit, string leaseToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseToken);
        return limit <= 0;
    }
}
