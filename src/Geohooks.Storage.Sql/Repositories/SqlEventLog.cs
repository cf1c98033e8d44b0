using System.Data.Common;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed class SqlEventLog(SqlContext db) : IEventLog
{
    private const string Columns = "sequence, id, org_id, source, operation, target_id, username, user_id, occurred_at, properties";

    private const string Insert = """
        INSERT INTO portal_events (id, org_id, source, operation, target_id, username, user_id, occurred_at, properties)
        VALUES (@id, @org_id, @source, @operation, @target_id, @username, @user_id, @occurred_at, @properties)
        """;

    private const string InsertReturning = Insert + " RETURNING sequence";

    // One instance per session: the append lock is transaction-scoped, so it is taken once per transaction.
    private bool _appendLockHeld;
    private SqlArgs? _args;

    public async Task<long> AppendAsync(PortalEvent portalEvent, CancellationToken cancellationToken)
    {
        if (!_appendLockHeld && db.Dialect.EventAppendLockSql is { } lockSql)
        {
            await db.ExecuteAsync(lockSql, null, cancellationToken);
            _appendLockHeld = true;
        }

        // One argument set per session, overwritten for every event (each is bound before the next is made).
        var args = _args ??= new SqlArgs(9);
        args["id"] = portalEvent.Id;
        args["org_id"] = portalEvent.OrgId;
        args["source"] = portalEvent.Source;
        args["operation"] = portalEvent.Operation;
        args["target_id"] = portalEvent.TargetId;
        args["username"] = portalEvent.Username;
        args["user_id"] = portalEvent.UserId;
        args["occurred_at"] = portalEvent.When;
        args["properties"] = portalEvent.Properties;
        if (db.Dialect.LastInsertId is not null)
        {
            await db.ExecuteAsync(Insert, args, cancellationToken);
            return db.LastInsertId()!.Value;
        }

        return await db.ScalarAsync<long>(InsertReturning, args, cancellationToken);
    }

    public Task<long> LastSequenceAsync(CancellationToken cancellationToken) =>
        db.ScalarAsync<long>("SELECT COALESCE(MAX(sequence), 0) FROM portal_events", null, cancellationToken);

    public async Task<IReadOnlyList<PortalEvent>> ReadAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {Columns} FROM portal_events WHERE sequence > @after ORDER BY sequence LIMIT @limit",
            new SqlArgs { ["after"] = afterSequence, ["limit"] = Math.Max(0, limit) },
            Read,
            cancellationToken);

    private static PortalEvent Read(DbDataReader r) => new()
    {
        Sequence = r.Long(0),
        Id = r.Text(1),
        OrgId = r.Text(2),
        Source = r.Text(3),
        Operation = r.Text(4),
        TargetId = r.Text(5),
        Username = r.Text(6),
        UserId = r.Text(7),
        When = r.Long(8),
        Properties = r.Text(9),
    };
}
