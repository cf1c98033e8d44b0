namespace Geohooks.Storage.Sql.Migrations;

// Claims walk unfinished deliveries in due order. next_attempt_at is the due time of every unfinished row: for a
// pending row when to try next, for an in-flight row when its lease runs out (the claim and lease extensions keep
// it equal to lease_expires_at). With a backlog of retries scheduled in the future, an index in id order made
// every claim scan past rows that were not due yet; in due order the claim reads only what it takes.
internal static class M0004DueOrder
{
    public const string Sql = """
        DROP INDEX deliveries_claim;
        CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status IN (0, 1);
        """;
}
