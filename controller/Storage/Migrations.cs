namespace SignageKiosk.Controller.Storage;

/// <summary>
/// SQLite's forward-only schema steps (PostgreSQL's are in <see cref="PostgreSqlMigrations"/>; one
/// <see cref="MigrationRunner"/> applies either). Never edit a shipped step: add the next one, to both lists.
/// </summary>
public static class Migrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE places(
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            parent_id TEXT REFERENCES places(id),
            payload TEXT NOT NULL);
        CREATE INDEX places_parent ON places(parent_id);
        CREATE TABLE stations(
            id TEXT PRIMARY KEY,
            place_id TEXT NOT NULL REFERENCES places(id),
            payload TEXT NOT NULL);
        CREATE TABLE kiosks(
            id TEXT PRIMARY KEY,
            station_id TEXT NOT NULL REFERENCES stations(id),
            place_id TEXT REFERENCES places(id),
            payload TEXT NOT NULL,
            credential_hash TEXT,
            acked_seq INTEGER NOT NULL DEFAULT 0,
            last_seen TEXT,
            software_version TEXT);
        CREATE TABLE items(
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            target_place_id TEXT REFERENCES places(id),
            target_kiosk_id TEXT REFERENCES kiosks(id),
            payload TEXT NOT NULL,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY(kind, id),
            CHECK ((target_place_id IS NULL) <> (target_kiosk_id IS NULL)));
        CREATE INDEX items_place ON items(target_place_id);
        CREATE INDEX items_kiosk ON items(target_kiosk_id);
        CREATE TABLE changes(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            item_id TEXT NOT NULL,
            op TEXT NOT NULL,
            target_place_id TEXT,
            target_kiosk_id TEXT,
            payload TEXT,
            created_at TEXT NOT NULL,
            actor TEXT);
        CREATE INDEX changes_place ON changes(target_place_id, seq);
        CREATE INDEX changes_kiosk ON changes(target_kiosk_id, seq);
        CREATE TABLE users(
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            scope_place_id TEXT REFERENCES places(id),
            created_at TEXT NOT NULL);
        CREATE TABLE tokens(
            hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            expires_at TEXT NOT NULL);
        CREATE TABLE media(
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            file_name TEXT,
            created_at TEXT NOT NULL);
        """,
        """
        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            address TEXT,
            action TEXT NOT NULL,
            kind TEXT NOT NULL,
            item_id TEXT NOT NULL,
            seq INTEGER,
            before TEXT,
            after TEXT);
        CREATE INDEX audit_at ON audit(at);
        CREATE INDEX audit_item ON audit(kind, item_id);
        CREATE INDEX changes_item ON changes(kind, item_id, seq);
        """,
        """
        CREATE TABLE submissions(
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            item_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            target_place_id TEXT,
            target_kiosk_id TEXT,
            author TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            status TEXT NOT NULL,
            reviewer TEXT,
            reviewed_at TEXT,
            note TEXT,
            seq INTEGER);
        CREATE INDEX submissions_status ON submissions(status, id);
        """,
        """
        CREATE TABLE pairing_requests(
            code TEXT PRIMARY KEY,
            poll_token_hash TEXT NOT NULL UNIQUE,
            installation_id TEXT NOT NULL,
            software_version TEXT,
            address TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            claimed_at TEXT,
            claimed_by TEXT,
            kiosk_id TEXT,
            delivered_at TEXT);
        CREATE TABLE kiosk_credentials(
            hash TEXT PRIMARY KEY,
            kiosk_id TEXT NOT NULL REFERENCES kiosks(id) ON DELETE CASCADE,
            parent_hash TEXT,
            state TEXT NOT NULL,
            connection_id TEXT,
            issued_at TEXT NOT NULL,
            retired_at TEXT);
        CREATE INDEX kiosk_credentials_kiosk ON kiosk_credentials(kiosk_id, state);
        CREATE TABLE kiosk_fleet(
            kiosk_id TEXT PRIMARY KEY REFERENCES kiosks(id) ON DELETE CASCADE,
            installation_id TEXT,
            screen_off INTEGER NOT NULL DEFAULT 0,
            reported_at TEXT,
            heartbeat_seconds REAL,
            reused_at TEXT,
            reuse_count INTEGER NOT NULL DEFAULT 0,
            reuse_address TEXT);
        CREATE TABLE fleet_samples(
            at TEXT PRIMARY KEY,
            online INTEGER NOT NULL,
            screen_off INTEGER NOT NULL,
            offline INTEGER NOT NULL,
            never_seen INTEGER NOT NULL);
        CREATE TABLE screenshots(
            kiosk_id TEXT PRIMARY KEY REFERENCES kiosks(id) ON DELETE CASCADE,
            request_id TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            size INTEGER NOT NULL);
        """,
        """
        CREATE TABLE broadcast_displays(
            broadcast_id TEXT NOT NULL,
            kiosk_id TEXT NOT NULL REFERENCES kiosks(id) ON DELETE CASCADE,
            displayed_at TEXT NOT NULL,
            reported_at TEXT NOT NULL,
            PRIMARY KEY(broadcast_id, kiosk_id));
        ALTER TABLE kiosk_fleet ADD COLUMN clock_skew_ms REAL;
        """,
        """
        ALTER TABLE kiosk_fleet ADD COLUMN storage_full INTEGER NOT NULL DEFAULT 0;
        """,
        // Proof of display: seconds a notice was on a kiosk's screen per UTC hour (hour as yyyy-MM-ddTHH:00:00Z).
        // No reference to items: a deleted notice's record is still proof that it was shown.
        """
        CREATE TABLE display_proof(
            kiosk_id TEXT NOT NULL REFERENCES kiosks(id) ON DELETE CASCADE,
            notice_id TEXT NOT NULL,
            hour TEXT NOT NULL,
            seconds INTEGER NOT NULL CHECK (seconds BETWEEN 0 AND 3600),
            received_at TEXT NOT NULL,
            PRIMARY KEY(kiosk_id, notice_id, hour));
        CREATE INDEX display_proof_notice ON display_proof(notice_id, hour);
        """,
        """
        CREATE INDEX kiosks_credential ON kiosks(credential_hash);
        """,
        // Staff see only their area: fleet history per community and compound (a row only when its counts change),
        // and who uploaded a media file (an uploader may view it before any item uses it).
        """
        CREATE TABLE fleet_area_samples(
            place_id TEXT NOT NULL,
            at TEXT NOT NULL,
            online INTEGER NOT NULL,
            screen_off INTEGER NOT NULL,
            offline INTEGER NOT NULL,
            never_seen INTEGER NOT NULL,
            PRIMARY KEY(place_id, at));
        CREATE TABLE media_uploads(
            sha256 TEXT NOT NULL,
            actor TEXT NOT NULL,
            PRIMARY KEY(sha256, actor));
        """,
        // Staff accounts: a security stamp that every page session and token must match (changed on a change of role,
        // scope, password or state), disabled accounts, and passwords that must be changed at the next sign-in.
        """
        ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
        ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
        UPDATE users SET security_stamp = lower(hex(randomblob(16)));
        """,
        // Residents' reports (我要反映), issue 15. Never in the change log: they must not reach a kiosk or a board. One
        // report per (kiosk, idempotency key), so a kiosk that sends again gets the same reference back.
        """
        CREATE TABLE reports(
            id INTEGER PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            kiosk_id TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            category TEXT NOT NULL,
            building_id TEXT NOT NULL,
            unit_id TEXT,
            phrases TEXT NOT NULL,
            phone TEXT,
            created_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            state TEXT NOT NULL,
            UNIQUE(kiosk_id, idempotency_key));
        CREATE INDEX reports_building ON reports(building_id, id);
        """,
        // Residents' reports, the staff's part (issue 15): who handles a report, its time limit, the reply residents may
        // read, the resident's rating, and a history of states and notes (notes are staff-only). `source` is kiosk or
        // phone (the controller's phone page); `client_address` is kept only for the phone page's per-address limit.
        """
        ALTER TABLE reports ADD COLUMN source TEXT NOT NULL DEFAULT 'kiosk';
        ALTER TABLE reports ADD COLUMN client_address TEXT;
        ALTER TABLE reports ADD COLUMN assignee_user_id INTEGER REFERENCES users(id);
        ALTER TABLE reports ADD COLUMN due_at TEXT;
        ALTER TABLE reports ADD COLUMN updated_at TEXT;
        ALTER TABLE reports ADD COLUMN resolved_at TEXT;
        ALTER TABLE reports ADD COLUMN public_reply TEXT;
        ALTER TABLE reports ADD COLUMN rating TEXT;
        ALTER TABLE reports ADD COLUMN rated_at TEXT;
        CREATE INDEX reports_state ON reports(state, id);
        CREATE TABLE report_events(
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT,
            text TEXT);
        CREATE INDEX report_events_report ON report_events(report_id, id);
        """,
        // Micro-wishes (微心愿), issue 15: who a wish is for (staff's note) and who offered to help (name, phone) stay
        // here, never in the change log or any export. A claim from the phone page waits (pending) until staff confirm
        // or reject it; `client_address` is kept only for that page's per-address limit.
        """
        CREATE TABLE wish_notes(
            wish_id TEXT PRIMARY KEY,
            note TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT);
        CREATE TABLE wish_claims(
            id INTEGER PRIMARY KEY,
            wish_id TEXT NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            phone TEXT,
            person_id TEXT,
            says_party INTEGER NOT NULL DEFAULT 0,
            party_confirmed INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            client_address TEXT,
            created_at TEXT NOT NULL,
            decided_at TEXT,
            decided_by TEXT);
        CREATE INDEX wish_claims_wish ON wish_claims(wish_id, id);
        CREATE INDEX wish_claims_address ON wish_claims(client_address, created_at);
        """,
        // City scale, issue 16: every content list pages in SQL. Its place filter and area scoping look items up by
        // kind and target; "changed between" reads updated_at in order. (kind, id) is already the primary key.
        """
        CREATE INDEX items_kind_place ON items(kind, target_place_id);
        CREATE INDEX items_kind_updated ON items(kind, updated_at);
        """,
        // Several nodes (decision 0042): open screenshot requests and the latest PNG itself live in the store, so a
        // request made on one node is answered through another and every node serves the image. Files written by older
        // versions are left alone (a row without png counts as no screenshot).
        """
        CREATE TABLE screenshot_requests(
            request_id TEXT PRIMARY KEY,
            kiosk_id TEXT NOT NULL REFERENCES kiosks(id) ON DELETE CASCADE,
            requested_at TEXT NOT NULL,
            expires_at TEXT NOT NULL);
        CREATE INDEX screenshot_requests_kiosk ON screenshot_requests(kiosk_id);
        ALTER TABLE screenshots ADD COLUMN png BLOB;
        """,
        // Backup and restore (decision 0047): the store's epoch, renewed by every restore, goes into the kiosks' chain
        // fingerprint so a kiosk whose cache came from another epoch takes a snapshot. IF NOT EXISTS: a restore may have
        // made it before the controller's first start.
        """
        CREATE TABLE IF NOT EXISTS store_meta(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        """,
        // Over-the-air kiosk updates (decision 0051): signed builds stored by hash (the file in the data folder's builds/),
        // rollouts by stage, and each kiosk's place in a rollout (its stage, fixed when the rollout is made, and its step).
        """
        CREATE TABLE kiosk_builds(
            sha256 TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            size INTEGER NOT NULL,
            signature TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            uploaded_by TEXT NOT NULL);
        CREATE TABLE rollouts(
            id INTEGER PRIMARY KEY,
            build_sha256 TEXT NOT NULL REFERENCES kiosk_builds(sha256),
            stages TEXT NOT NULL,
            max_at_once INTEGER NOT NULL,
            failure_limit INTEGER NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE TABLE rollout_kiosks(
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id) ON DELETE CASCADE,
            kiosk_id TEXT NOT NULL REFERENCES kiosks(id) ON DELETE CASCADE,
            stage INTEGER NOT NULL,
            step TEXT,
            detail TEXT,
            updated_at TEXT,
            PRIMARY KEY(rollout_id, kiosk_id));
        CREATE INDEX rollout_kiosks_kiosk ON rollout_kiosks(kiosk_id);
        """,
        // A wait between a rollout's stages (decision 0051): the next place gets the build this long after the last kiosk
        // of the stages before it reported healthy.
        """
        ALTER TABLE rollouts ADD COLUMN stage_wait_minutes INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    /// <summary>The steps for SQLite, in order; the runner records how many are applied in user_version.</summary>
    internal static IReadOnlyList<string> Sqlite => Steps;

    public static int Latest => Steps.Length;
}
