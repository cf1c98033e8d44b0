namespace Geohooks.Storage.Sql.Migrations;

// Hosted feature services. Definitions are stored as the ArcGIS JSON the API serves (DefinitionWriter), read back
// by the same readers that validate client input. Each layer's features live in their own table, created by the
// repository (features_<service_key>_<layer_id>) with typed columns; this migration holds the bookkeeping around
// them: generations and id counters per layer, the change log for extractChanges, attachments and async jobs.
// (Version 5 is left to the delivery engine's next migration.)
internal static class M0006Features
{
    public const string Sql = """
        CREATE TABLE feature_services (
            service_key {sequence_key},
            item_id TEXT NOT NULL UNIQUE,
            org_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            definition TEXT NOT NULL,
            server_gen BIGINT NOT NULL,
            created BIGINT NOT NULL,
            schema_last_edit BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX feature_services_name ON feature_services (org_id, name_key);

        CREATE TABLE feature_layers (
            service_key BIGINT NOT NULL REFERENCES feature_services (service_key) ON DELETE CASCADE,
            layer_id INTEGER NOT NULL,
            definition TEXT NOT NULL,
            server_gen BIGINT NOT NULL,
            min_server_gen BIGINT NOT NULL,
            next_object_id BIGINT NOT NULL,
            next_attachment_id BIGINT NOT NULL,
            last_edit BIGINT NOT NULL,
            schema_last_edit BIGINT NOT NULL,
            data_last_edit BIGINT NOT NULL,
            PRIMARY KEY (service_key, layer_id)
        );

        CREATE TABLE feature_changes (
            id {sequence_key},
            service_key BIGINT NOT NULL REFERENCES feature_services (service_key) ON DELETE CASCADE,
            layer_id INTEGER NOT NULL,
            server_gen BIGINT NOT NULL,
            kind INTEGER NOT NULL,
            object_id BIGINT NOT NULL,
            global_id TEXT,
            geometry_changed INTEGER NOT NULL,
            attachment_id BIGINT,
            deleted_row TEXT,
            edit_moment BIGINT NOT NULL
        );
        CREATE INDEX feature_changes_gen ON feature_changes (service_key, layer_id, server_gen, id);

        CREATE TABLE feature_attachments (
            service_key BIGINT NOT NULL REFERENCES feature_services (service_key) ON DELETE CASCADE,
            layer_id INTEGER NOT NULL,
            attachment_id BIGINT NOT NULL,
            parent_object_id BIGINT NOT NULL,
            parent_global_id TEXT,
            global_id TEXT NOT NULL,
            name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size BIGINT NOT NULL,
            keywords TEXT NOT NULL,
            data {blob} NOT NULL,
            PRIMARY KEY (service_key, layer_id, attachment_id)
        );
        CREATE INDEX feature_attachments_parent ON feature_attachments (service_key, layer_id, parent_object_id, attachment_id);
        CREATE INDEX feature_attachments_global ON feature_attachments (service_key, layer_id, global_id);

        CREATE TABLE feature_jobs (
            id TEXT PRIMARY KEY,
            service_key BIGINT NOT NULL REFERENCES feature_services (service_key) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            request TEXT NOT NULL,
            username TEXT,
            result {blob},
            error TEXT,
            submitted BIGINT NOT NULL,
            updated BIGINT NOT NULL
        );
        CREATE INDEX feature_jobs_status ON feature_jobs (status, submitted);
        """;
}
