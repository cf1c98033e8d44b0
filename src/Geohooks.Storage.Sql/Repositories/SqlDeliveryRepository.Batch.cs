using System.Globalization;
using System.Text;
using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>
/// Set-based completion where statements are round trips (PostgreSQL): one fenced UPDATE per chunk (the rows' new
/// states arrive as a derived table, each row matched on id AND its own lease token), then the attempts of the rows
/// that matched, inserted in bulk. Where a statement costs its binding only (SQLite), row at a time.
/// </summary>
internal sealed partial class SqlDeliveryRepository
{
    private const int CompletionChunk = 100;

    public async Task<IReadOnlyCollection<long>> CompleteAttemptsAsync(IReadOnlyList<AttemptCompletion> completions, CancellationToken cancellationToken)
    {
        if (db.Dialect.InsertBatchRows == 1)
        {
            // SQLite: a compiled single-row statement per completion beats one statement with hundreds of parameters.
            // Each row is bound before the next, so the two argument sets are reused.
            var done = new List<long>(completions.Count);
            var (outcomeArgs, attemptArgs) = (new SqlArgs(5), new SqlArgs(11));
            foreach (var c in completions)
            {
                if (await CompleteAttemptAsync(c.DeliveryId, c.LeaseToken, c.Attempt, c.Outcome, outcomeArgs, attemptArgs, cancellationToken))
                {
                    done.Add(c.DeliveryId);
                }
            }

            return done;
        }

        var recorded = new List<(long Id, string WebhookId, DeliveryAttempt Attempt)>(completions.Count);
        foreach (var chunk in completions.Chunk(CompletionChunk))
        {
            var args = new SqlArgs();
            for (var i = 0; i < chunk.Length; i++)
            {
                var c = chunk[i];
                args[$"id{i}"] = c.DeliveryId;
                args[$"token{i}"] = c.LeaseToken;
                args[$"status{i}"] = (int)c.Outcome.Status;
                args[$"next{i}"] = c.Outcome.NextAttemptAt;
                args[$"done{i}"] = c.Outcome.CompletedAt;
            }

            var matched = await db.QueryAsync(CompleteSql(chunk.Length), args, r => (Id: r.Long(0), WebhookId: r.Text(1)), cancellationToken);
            var byId = chunk.ToDictionary(c => c.DeliveryId);
            recorded.AddRange(matched.Select(m => (m.Id, m.WebhookId, byId[m.Id].Attempt)));
        }

        await InsertAttemptsAsync(recorded, cancellationToken);
        return recorded.Select(r => r.Id).ToArray();
    }

    private async Task InsertAttemptsAsync(List<(long Id, string WebhookId, DeliveryAttempt Attempt)> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(db.Dialect.InsertBatchRows))
        {
            var args = new SqlArgs();
            for (var i = 0; i < chunk.Length; i++)
            {
                foreach (var (name, value) in AttemptRows.Args(chunk[i].Id, chunk[i].WebhookId, chunk[i].Attempt))
                {
                    args[name + i.ToString(CultureInfo.InvariantCulture)] = value;
                }
            }

            await db.ExecuteAsync(AttemptRows.InsertSql(chunk.Length), args, cancellationToken);
        }
    }

    // Casts give PostgreSQL the types of parameters that may be NULL; SQLite accepts them as they are. The derived
    // table's columns have their own names because SQLite's RETURNING cannot qualify columns with the alias.
    private static string CompleteSql(int count)
    {
        var rows = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""
                {(i == 0 ? "" : " UNION ALL ")}SELECT CAST(@id{i} AS BIGINT) AS v_id, CAST(@token{i} AS TEXT) AS v_token, CAST(@status{i} AS INTEGER) AS v_status,
                CAST(@next{i} AS BIGINT) AS v_next, CAST(@done{i} AS BIGINT) AS v_done
                """);
        }

        return $"""
            UPDATE deliveries AS d SET status = v_status, attempts = d.attempts + 1,
                next_attempt_at = COALESCE(v_next, d.next_attempt_at), completed_at = v_done,
                lease_token = NULL, lease_expires_at = NULL
            FROM ({rows}) AS v
            WHERE d.id = v_id AND d.lease_token = v_token
            RETURNING id, webhook_id
            """;
    }
}
