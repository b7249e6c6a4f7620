import SQLiteDB

/// The town server's tables. `kiosk_records` is the permanent exactly-once ledger: one row per
/// (kiosk, sequence), forever, never updated or deleted (triggers enforce it). Everything the kiosks may
/// pull carries a `change_seq` from one server-wide counter (`meta.change_seq`), which is the delta cursor.
enum ServerSchema {
    static let migrator = Migrator([
        Migration(version: 1, name: "sync v1", sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
            INSERT INTO meta (key, value) VALUES ('change_seq', 0);
            CREATE TABLE kiosks (
                kiosk TEXT PRIMARY KEY,
                acknowledged_through INTEGER NOT NULL DEFAULT 0,
                head_hash BLOB NOT NULL,
                last_seen_at INTEGER,
                last_push_at INTEGER,
                last_pull_at INTEGER
            ) STRICT;
            CREATE TABLE kiosk_records (
                kiosk TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                recorded_at INTEGER NOT NULL,
                type TEXT NOT NULL,
                payload BLOB NOT NULL,
                previous_hash BLOB NOT NULL,
                hash BLOB NOT NULL,
                received_at INTEGER NOT NULL,
                PRIMARY KEY (kiosk, sequence)
            ) STRICT, WITHOUT ROWID;
            CREATE TRIGGER kiosk_records_no_update BEFORE UPDATE ON kiosk_records
                BEGIN SELECT RAISE(ABORT, 'kiosk records are never updated'); END;
            CREATE TRIGGER kiosk_records_no_delete BEFORE DELETE ON kiosk_records
                BEGIN SELECT RAISE(ABORT, 'kiosk records are never deleted'); END;
            CREATE TABLE kiosk_transactions (
                kiosk TEXT NOT NULL,
                transaction_number INTEGER NOT NULL,
                target_kind TEXT,
                target_id TEXT,
                voucher_id TEXT,
                PRIMARY KEY (kiosk, transaction_number)
            ) STRICT;
            CREATE TABLE alerts (
                id INTEGER PRIMARY KEY,
                kiosk TEXT NOT NULL,
                code TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                message TEXT NOT NULL,
                first_at INTEGER NOT NULL,
                last_at INTEGER NOT NULL,
                count INTEGER NOT NULL,
                UNIQUE (kiosk, code, sequence)
            ) STRICT;
            CREATE TABLE nonces (
                principal TEXT NOT NULL,
                nonce TEXT NOT NULL,
                timestamp INTEGER NOT NULL,
                PRIMARY KEY (principal, nonce)
            ) STRICT;
            CREATE INDEX nonces_by_time ON nonces (timestamp);
            CREATE TABLE receivables (
                id TEXT PRIMARY KEY,
                document TEXT NOT NULL,
                cancelled INTEGER NOT NULL DEFAULT 0,
                change_seq INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX receivables_by_change ON receivables (change_seq);
            CREATE TABLE fee_catalog (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                document TEXT NOT NULL,
                change_seq INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE vouchers (
                id TEXT PRIMARY KEY,
                document TEXT NOT NULL,
                bound_kiosk TEXT,
                cancelled INTEGER NOT NULL DEFAULT 0,
                claimed_by TEXT,
                claimed_at INTEGER,
                change_seq INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX vouchers_by_change ON vouchers (change_seq);
            CREATE TABLE kiosk_config (
                kiosk TEXT PRIMARY KEY,
                document TEXT NOT NULL,
                change_seq INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE postings (
                cursor INTEGER PRIMARY KEY AUTOINCREMENT,
                kiosk TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                kind TEXT NOT NULL,
                document TEXT NOT NULL,
                UNIQUE (kiosk, sequence)
            ) STRICT;
            CREATE TABLE econ_cursors (
                client TEXT PRIMARY KEY,
                acknowledged_through INTEGER NOT NULL
            ) STRICT;
            """),
        // Postings are derived behind the intake (PostingWorker); until v2 they were derived inside it.
        Migration(version: 2, name: "postings derived behind the intake", sql: """
            ALTER TABLE kiosks ADD COLUMN derived_through INTEGER NOT NULL DEFAULT 0;
            UPDATE kiosks SET derived_through = acknowledged_through;
            """),
    ])
}
