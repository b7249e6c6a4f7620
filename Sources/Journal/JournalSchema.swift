import SQLiteDB

/// The journal's tables. Append-only is enforced by triggers as well as by the code, so a slip in some
/// later query cannot rewrite history; anyone who drops the triggers is caught by the hash chain.
enum JournalSchema {
    static let migrator = Migrator([
        Migration(version: 1, name: "journal, outbox and meta", sql: """
            CREATE TABLE journal_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) STRICT;
            CREATE TABLE journal (
                seq INTEGER PRIMARY KEY,
                kiosk_id TEXT NOT NULL,
                recorded_at INTEGER NOT NULL,
                type TEXT NOT NULL,
                payload BLOB NOT NULL,
                prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL
            ) STRICT;
            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY REFERENCES journal(seq)
            ) STRICT;
            CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal
                BEGIN SELECT RAISE(ABORT, 'journal records are never updated'); END;
            CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal
                BEGIN SELECT RAISE(ABORT, 'journal records are never deleted'); END;
            """),
    ])
}
