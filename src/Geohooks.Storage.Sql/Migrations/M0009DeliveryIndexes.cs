namespace Geohooks.Storage.Sql.Migrations;

// 0002 indexed every delivery by (webhook_id, status, created). Each delivery changes status twice (claim, outcome),
// so that index was rewritten three times per delivery for queries that rarely run: the delivery log pages a
// webhook's rows through deliveries_log (webhook_id, id), pending work is found through deliveries_due. The one query
// that needs a status and a time window per webhook, redelivering the failed deliveries of a period, gets a partial
// index that holds failed rows only (a few, and only touched when a delivery fails or is re-queued). Queries that
// want it say "status = 3" literally, which is what SQLite needs to use a partial index.
internal static class M0009DeliveryIndexes
{
    public const string Sql = """
        DROP INDEX deliveries_webhook_status;
        CREATE INDEX deliveries_failed ON deliveries (webhook_id, created) WHERE status = 3;
        """;
}
