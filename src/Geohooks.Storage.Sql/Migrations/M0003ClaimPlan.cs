namespace Geohooks.Storage.Sql.Migrations;

// 0002 indexed (status, completed_at). SQLite's planner took that index for the claim's "status IN (0, 1)" and
// sorted every unfinished row instead of walking deliveries_claim in id order (10x slower at 200,000 rows).
// Retention only needs finished rows by completion time, so the replacement is partial and leads with
// completed_at; no index leads with status alone any more. Queries that want a partial index repeat its
// predicate literally ("status IN (2, 3)"), which is what SQLite needs to use it.
internal static class M0003ClaimPlan
{
    public const string Sql = """
        DROP INDEX deliveries_finished;
        CREATE INDEX deliveries_prune ON deliveries (completed_at) WHERE status IN (2, 3);
        """;
}
