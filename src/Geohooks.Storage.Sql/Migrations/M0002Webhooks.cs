namespace Geohooks.Storage.Sql.Migrations;

// Webhooks and their durable delivery queue. Statuses are DeliveryStatus as INTEGER (0 pending, 1 in flight,
// 2 succeeded, 3 failed). Partial indexes (both backends support them) keep the claim index as small as the
// unfinished work, however long the delivery log grows.
internal static class M0002Webhooks
{
    public const string Sql = """
        CREATE TABLE webhooks (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            payload_url TEXT NOT NULL,
            secret TEXT NOT NULL,
            is_active INTEGER NOT NULL,
            events TEXT NOT NULL,
            config TEXT NOT NULL,
            owner_id TEXT NOT NULL,
            created BIGINT NOT NULL,
            modified BIGINT NOT NULL,
            failure_window_start BIGINT,
            failure_count INTEGER NOT NULL,
            deactivation_reason TEXT
        );
        CREATE INDEX webhooks_org_kind ON webhooks (org_id, kind, created);
        CREATE INDEX webhooks_kind_active ON webhooks (kind, created) WHERE is_active = 1;

        CREATE TABLE webhook_settings (
            org_id TEXT PRIMARY KEY,
            notification_attempts INTEGER NOT NULL,
            notification_timeout_seconds INTEGER NOT NULL,
            notification_elapsed_seconds INTEGER NOT NULL,
            metric_interval_minutes INTEGER NOT NULL
        );

        CREATE TABLE cursors (
            name TEXT PRIMARY KEY,
            value BIGINT NOT NULL
        );

        CREATE TABLE deliveries (
            id {sequence_key},
            webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            message_id TEXT NOT NULL,
            event_sequence BIGINT NOT NULL,
            event_type TEXT NOT NULL,
            payload {blob} NOT NULL,
            content_type TEXT NOT NULL,
            status INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            created BIGINT NOT NULL,
            completed_at BIGINT,
            lease_token TEXT,
            lease_expires_at BIGINT
        );
        CREATE INDEX deliveries_claim ON deliveries (id) WHERE status IN (0, 1);
        CREATE INDEX deliveries_log ON deliveries (webhook_id, id);
        CREATE INDEX deliveries_webhook_status ON deliveries (webhook_id, status, created);
        CREATE INDEX deliveries_finished ON deliveries (status, completed_at);

        CREATE TABLE delivery_attempts (
            id {sequence_key},
            delivery_id BIGINT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
            webhook_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            started_at BIGINT NOT NULL,
            duration_ms INTEGER NOT NULL,
            request_headers TEXT NOT NULL,
            response_status INTEGER,
            response_headers TEXT,
            response_body TEXT,
            error TEXT,
            succeeded INTEGER NOT NULL
        );
        CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, number);
        CREATE INDEX delivery_attempts_webhook ON delivery_attempts (webhook_id, id);
        """;
}
