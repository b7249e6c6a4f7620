/// One step of a schema: applied once, in order, inside a transaction.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies numbered migrations and refuses a database written by a newer program.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// Versions must run 1, 2, 3 … without gaps, so "newer than known" has one meaning.
    public init(_ migrations: [Migration]) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
                     "migrations must be numbered 1…n in order")
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The version the database is at now (0 for a new database).
    public func currentVersion(of connection: Connection) throws(SQLiteError) -> Int {
        let table = try connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").firstRow()
        guard table != nil else { return 0 }
        let row = try connection.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations").firstRow()
        return Int(try row?.int64(0) ?? 0)
    }

    /// Brings the schema up to date. Returns the versions before and after.
    @discardableResult
    public func migrate(_ connection: Connection) throws(SQLiteError) -> (from: Int, to: Int) {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL
            ) STRICT
            """)
        let current = try currentVersion(of: connection)
        guard current <= latestVersion else {
            throw SQLiteError(code: .misuse, message: "database schema version \(current) is newer than this program knows "
                + "(\(latestVersion)); refusing to open it — run the newer program or restore a matching backup")
        }
        for migration in migrations where migration.version > current {
            do {
                try connection.inTransaction {
                    try connection.execute(migration.sql)
                    try connection.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
                        .run([migration.version, migration.name])
                }
            } catch let error as SQLiteError {
                throw SQLiteError(code: error.code, message: "migration \(migration.version) (\(migration.name)) failed: \(error.message)",
                                  sql: error.sql)
            } catch {
                throw SQLiteError(code: .misuse, message: "migration \(migration.version) failed: \(error)")
            }
        }
        return (current, latestVersion)
    }
}
