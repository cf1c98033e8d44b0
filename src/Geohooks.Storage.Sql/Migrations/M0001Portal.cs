namespace Geohooks.Storage.Sql.Migrations;

// Conventions shared by every table: ids are lower-case TEXT, times are epoch milliseconds in BIGINT,
// booleans are INTEGER 0/1, lists are JSON text plus a "_key" column "|a|b|" (lower-case) for element search,
// and every case-insensitive lookup has a lower-case "_key" column computed by the application.
internal static class M0001Portal
{
    public const string Sql = """
        CREATE TABLE orgs (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            url_key TEXT NOT NULL,
            description TEXT,
            created BIGINT NOT NULL,
            modified BIGINT NOT NULL
        );

        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL,
            username TEXT NOT NULL,
            username_key TEXT NOT NULL UNIQUE,
            first_name TEXT,
            last_name TEXT,
            full_name TEXT,
            email TEXT,
            description TEXT,
            role TEXT NOT NULL,
            user_license_type_id TEXT NOT NULL,
            access TEXT NOT NULL,
            disabled INTEGER NOT NULL,
            provider TEXT NOT NULL,
            tags TEXT NOT NULL,
            culture TEXT,
            region TEXT,
            units TEXT,
            password_hash TEXT,
            created BIGINT NOT NULL,
            modified BIGINT NOT NULL,
            last_login BIGINT NOT NULL
        );
        CREATE INDEX users_org_role ON users (org_id, role);

        CREATE TABLE groups (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            owner TEXT NOT NULL,
            owner_key TEXT NOT NULL,
            description TEXT,
            snippet TEXT,
            tags TEXT NOT NULL,
            tags_key TEXT NOT NULL,
            phone TEXT,
            access TEXT NOT NULL,
            is_invitation_only INTEGER NOT NULL,
            is_view_only INTEGER NOT NULL,
            auto_join INTEGER NOT NULL,
            protected INTEGER NOT NULL,
            sort_field TEXT NOT NULL,
            sort_order TEXT NOT NULL,
            capabilities TEXT NOT NULL,
            created BIGINT NOT NULL,
            modified BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX groups_org_title ON groups (org_id, title_key);
        CREATE INDEX groups_owner ON groups (owner_key);

        CREATE TABLE group_members (
            group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
            username TEXT NOT NULL,
            username_key TEXT NOT NULL,
            member_type TEXT NOT NULL,
            joined BIGINT NOT NULL,
            PRIMARY KEY (group_id, username_key)
        );
        CREATE INDEX group_members_user ON group_members (username_key);

        CREATE TABLE folders (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            username_key TEXT NOT NULL,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            created BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX folders_user_title ON folders (username_key, title_key);

        CREATE TABLE items (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL,
            owner TEXT NOT NULL,
            owner_key TEXT NOT NULL,
            owner_folder TEXT,
            title TEXT NOT NULL,
            type TEXT NOT NULL,
            type_keywords TEXT NOT NULL,
            type_keywords_key TEXT NOT NULL,
            name TEXT,
            description TEXT,
            snippet TEXT,
            tags TEXT NOT NULL,
            tags_key TEXT NOT NULL,
            url TEXT,
            access_information TEXT,
            license_info TEXT,
            culture TEXT,
            spatial_reference TEXT,
            extent TEXT NOT NULL,
            categories TEXT NOT NULL,
            categories_key TEXT NOT NULL,
            properties TEXT,
            access TEXT NOT NULL,
            protected INTEGER NOT NULL,
            size BIGINT NOT NULL,
            created BIGINT NOT NULL,
            modified BIGINT NOT NULL
        );
        CREATE INDEX items_owner_folder ON items (owner_key, owner_folder, created);
        CREATE INDEX items_org_access ON items (org_id, access);
        CREATE INDEX items_modified ON items (modified, id);

        CREATE TABLE item_data (
            item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
            content {blob} NOT NULL,
            content_type TEXT NOT NULL,
            file_name TEXT
        );

        CREATE TABLE item_shares (
            item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
            group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
            PRIMARY KEY (item_id, group_id)
        );
        CREATE INDEX item_shares_group ON item_shares (group_id);

        CREATE TABLE tokens (
            hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            username TEXT NOT NULL,
            org_id TEXT NOT NULL,
            created BIGINT NOT NULL,
            expires BIGINT NOT NULL,
            kind TEXT NOT NULL,
            referer TEXT,
            revoked INTEGER NOT NULL
        );
        CREATE INDEX tokens_user ON tokens (user_id);
        CREATE INDEX tokens_expires ON tokens (expires);

        CREATE TABLE portal_events (
            sequence {sequence_key},
            id TEXT NOT NULL UNIQUE,
            org_id TEXT NOT NULL,
            source TEXT NOT NULL,
            operation TEXT NOT NULL,
            target_id TEXT NOT NULL,
            username TEXT NOT NULL,
            user_id TEXT NOT NULL,
            occurred_at BIGINT NOT NULL,
            properties TEXT NOT NULL
        );
        """;
}
