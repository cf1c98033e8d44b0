namespace Geohooks.Storage.Sql.Migrations;

// Service webhooks (Enterprise and Online flavors) share the webhooks table: scope names the service they watch.
// Settings rows are keyed by scope (org id, or org id + "/server" or "/online") and gain the service flavors'
// deactivation and signature options. webhook_batches holds what a scheduled webhook has collected since its last
// delivery, one row per webhook and layer (-1 for service-level changes), so a restart inside an interval loses nothing.
internal static class M0007ServiceWebhooks
{
    public const string Sql = """
        ALTER TABLE webhooks ADD COLUMN scope TEXT;
        CREATE INDEX webhooks_scope ON webhooks (scope, created) WHERE scope IS NOT NULL;

        ALTER TABLE webhook_settings ADD COLUMN deactivation_failures INTEGER;
        ALTER TABLE webhook_settings ADD COLUMN deactivation_days INTEGER;
        ALTER TABLE webhook_settings ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE webhook_settings ADD COLUMN hex_signatures INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE webhook_batches (
            webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            layer_id INTEGER NOT NULL,
            min_gen BIGINT NOT NULL,
            max_gen BIGINT NOT NULL,
            change_types TEXT NOT NULL,
            first_at BIGINT NOT NULL,
            last_at BIGINT NOT NULL,
            due_at BIGINT NOT NULL,
            PRIMARY KEY (webhook_id, layer_id)
        );
        CREATE INDEX webhook_batches_due ON webhook_batches (due_at);
        """;
}
