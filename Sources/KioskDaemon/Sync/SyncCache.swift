import Foundation
import SQLiteDB
import SyncProtocol
import TownCore

/// What the town server last sent, as the kiosk holds it: `<data_directory>/sync.sqlite`.
///
/// Each delta page is applied in ONE transaction together with the new cursor, so after a crash or power
/// cut the cache is either before or after a page, never half of one; a page is then simply pulled again.
/// Documents are stored as the server sent them (vouchers unverified: they are verified on the way to the
/// engine, every time, so a keyring change or a tampered cache file is caught too).
public final class SyncCache {
    private let connection: Connection

    public init(path: String) throws {
        // A few thousand small rows: a bounded cache keeps kioskd's memory flat as the lists grow.
        connection = try Connection(path: path, options: ConnectionOptions(pageCacheKiB: 512))
        _ = try Self.migrator.migrate(connection)
    }

    /// Cursor, the wall-clock time of the last successful pull and the server's last sync settings.
    public struct Progress: Sendable, Equatable {
        public var cursor: String?
        public var lastPullAt: Int64?
        public var config: KioskSyncConfig?
    }

    /// Everything for the engine, as full lists.
    public struct Contents: Sendable {
        public var obligations: [Obligation]
        public var fees: FeeCatalog?
        /// As the server sent them, cancelled ones left out; not yet verified.
        public var vouchers: [PayoutVoucher]
        public var hasData: Bool { !obligations.isEmpty || fees != nil || !vouchers.isEmpty }
    }

    public func progress() throws -> Progress {
        let cursor = try meta("cursor")
        let lastPull = try meta("last_pull_at").flatMap { Int64($0) }
        let config = try meta("config").flatMap { try? JSONDecoder().decode(KioskSyncConfig.self, from: Data($0.utf8)) }
        return Progress(cursor: cursor, lastPullAt: lastPull, config: config)
    }

    /// Applies one page and records the pull: all of it or nothing. `beforeCommit` runs inside the
    /// transaction (tests make it throw to prove the rollback).
    public func apply(_ page: DeltaPage, pulledAt: Int64, beforeCommit: () throws -> Void = {}) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try connection.inTransaction {
            for obligation in page.obligations {
                try connection.cached("INSERT OR REPLACE INTO obligations (id, document) VALUES (?, ?)")
                    .run([obligation.id, Array(try encoder.encode(obligation))])
            }
            if let fees = page.fees {
                try connection.cached("INSERT OR REPLACE INTO fees (id, document) VALUES (1, ?)").run([Array(try encoder.encode(fees))])
            }
            for voucher in page.vouchers {
                try connection.cached("INSERT OR REPLACE INTO vouchers (id, document) VALUES (?, ?)")
                    .run([voucher.id.description, Array(try encoder.encode(voucher))])
            }
            for cancellation in page.cancellations {
                let table = cancellation.kind == .voucher ? "vouchers" : "obligations"
                try connection.cached("DELETE FROM \(table) WHERE id = ?").run([cancellation.id])
                try connection.cached("INSERT OR REPLACE INTO cancellations (kind, id) VALUES (?, ?)")
                    .run([cancellation.kind.rawValue, cancellation.id])
            }
            if let config = page.config {
                try setMeta("config", String(decoding: try encoder.encode(config), as: UTF8.self))
            }
            try setMeta("cursor", page.cursor)
            try setMeta("last_pull_at", String(pulledAt))
            try beforeCommit()
        }
    }

    /// Records a pull that brought nothing new (the list is still current as of `pulledAt`).
    public func markPulled(at pulledAt: Int64) throws {
        try connection.inTransaction { try setMeta("last_pull_at", String(pulledAt)) }
    }

    /// The cached lists; a document that no longer decodes is left out and reported in `unreadable`.
    public func contents() throws -> (contents: Contents, unreadable: [String]) {
        let decoder = JSONDecoder()
        var unreadable: [String] = []
        func documents<T: Decodable>(_ table: String, as type: T.Type) throws -> [T] {
            var list: [T] = []
            try connection.cached("SELECT id, document FROM \(table) ORDER BY id").forEachRow { row in
                do { list.append(try decoder.decode(T.self, from: Data(try row.blob(1)))) } catch {
                    unreadable.append("\(table) \(try row.string(0)): \(error)")
                }
            }
            return list
        }
        let cancelledVouchers = Set(try connection.cached("SELECT id FROM cancellations WHERE kind = 'voucher'").rows().map { try $0.string(0) })
        let obligations = try documents("obligations", as: Obligation.self)
        let vouchers = try documents("vouchers", as: PayoutVoucher.self).filter { !cancelledVouchers.contains($0.id.description) }
        let fees = try documents("fees", as: FeeCatalog.self).first
        return (Contents(obligations: obligations, fees: fees, vouchers: vouchers), unreadable)
    }

    private func meta(_ key: String) throws -> String? {
        try connection.cached("SELECT value FROM sync_meta WHERE key = ?").firstRow([key])?.string(0)
    }

    private func setMeta(_ key: String, _ value: String) throws {
        try connection.cached("INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)").run([key, value])
    }

    static let migrator = Migrator([
        Migration(version: 1, name: "sync cache", sql: """
            CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
            CREATE TABLE obligations (id TEXT PRIMARY KEY, document BLOB NOT NULL) STRICT;
            CREATE TABLE fees (id INTEGER PRIMARY KEY CHECK (id = 1), document BLOB NOT NULL) STRICT;
            CREATE TABLE vouchers (id TEXT PRIMARY KEY, document BLOB NOT NULL) STRICT;
            CREATE TABLE cancellations (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) STRICT;
            """),
    ])
}
