namespace Geohooks.Storage.Sql.Migrations;

// 0002 indexed every delivery by (webhook_id, status, created). Each delivery changes status twice (claim, outcome),
// so that index is rewritten three times per delivery. The one query that needs a status and a time window per
// webhook, redelivering the failed deliveries of a period, gets a partial index that holds failed rows only (touched
// only when a delivery fails or is re-queued); queries that want it say "status = 3" literally, which is what SQLite
// needs to use a partial index. The delivery log pages a webhook's rows through deliveries_log (webhook_id, id).
//
// SQLite drops the old index: its claim walks deliveries_due (EXPLAIN QUERY PLAN: "SEARCH d2 USING INDEX
// deliveries_due"), and the store's CPU per delivery fell ~10 % without it. PostgreSQL keeps it: before its
// statistics know how many webhooks are active, its planner drives the claim's join from the webhooks and reads each
// one's unfinished rows through it — without it, through a bitmap of every due row per webhook (a fan-out to 100
// webhooks ran at 573 deliveries/s without the index, 1,323/s with it, back to back).
internal static class M0009DeliveryIndexes
{
    public const string Sql = """
        CREATE INDEX deliveries_failed ON deliveries (webhook_id, created) WHERE status = 3;
        """;

    /// <summary>SQLite's step, in place of <see cref="Sql"/>.</summary>
    public const string SqliteSql = Sql + """
        DROP INDEX deliveries_webhook_status;
        """;
}
