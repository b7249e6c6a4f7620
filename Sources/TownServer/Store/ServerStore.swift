import Journal
import SQLiteDB
import SyncProtocol

/// A storage failure on the server; requests answer 500 and nothing half-applied remains (every change is
/// one transaction).
public struct ServerStoreError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// Set when a journal batch was refused; `applyJournal` turns it into a typed answer.
    let rejection: IntakeRejection?
    /// Set when an import was refused inside its transaction (rolled back).
    let importRejection: ImportRejection?
    public var description: String { message }
    init(_ error: any Error) {
        message = "\(error)"
        rejection = nil
        importRejection = nil
    }
}

/// The town server's state on SQLite (WAL, synchronous=FULL): the exactly-once kiosk ledger, the data
/// kiosks pull, postings for the economics system, nonces and alerts.
///
/// An actor: it owns the one writer connection, so every transaction is serialized and check-then-write
/// steps (nonce, claim, chain head) cannot race.
public actor ServerStore {
    let connection: Connection
    public nonisolated let config: ServerConfig
    let clock: @Sendable () -> Int64
    private var noncesSincePrune = 0
    /// Journal pushes being processed, per kiosk (JournalIntake.swift).
    var intakeTurns = IntakeTurns<CheckedContinuation<Void, Never>>()
    /// Derives postings from stored records, behind the intake, on its own connection.
    public nonisolated let postingWorker: PostingWorker

    /// Opens (or creates) the database, migrates it and registers the configured kiosks and their
    /// sync settings (a changed setting becomes a `config` delta).
    /// - Parameter clock: the server's clock in unix milliseconds; injectable so tests can move it by days.
    public init(config: ServerConfig, clock: @escaping @Sendable () -> Int64) throws(ServerStoreError) {
        self.config = config
        self.clock = clock
        do {
            connection = try Connection(path: config.databasePath)
            try ServerSchema.migrator.migrate(connection)
            postingWorker = try PostingWorker(databasePath: config.databasePath, clock: clock)
            let connection = self.connection
            try connection.inTransaction {
                for kiosk in config.kiosks {
                    try connection.cached("INSERT OR IGNORE INTO kiosks (kiosk, head_hash) VALUES (?, ?)")
                        .run([kiosk.id, JournalRecord.genesisHash])
                    let document = String(decoding: WireJSON.encode(config.syncConfig(for: kiosk)), as: UTF8.self)
                    let stored = try connection.cached("SELECT document FROM kiosk_config WHERE kiosk = ?").firstRow([kiosk.id])
                    if try stored?.string(0) != document {
                        let seq = try Self.nextChangeSeq(connection)
                        try connection.cached("INSERT OR REPLACE INTO kiosk_config (kiosk, document, change_seq) VALUES (?, ?, ?)")
                            .run([kiosk.id, document, seq])
                    }
                }
            }
            postingWorker.nudge()
        } catch {
            throw ServerStoreError(error)
        }
    }

    /// Takes the next value of the server-wide change counter (inside the caller's transaction).
    static func nextChangeSeq(_ connection: Connection) throws -> Int64 {
        guard let row = try connection.cached("UPDATE meta SET value = value + 1 WHERE key = 'change_seq' RETURNING value").firstRow() else {
            throw ServerStoreError(SQLiteError(code: .corrupt, message: "meta.change_seq is missing"))
        }
        return try row.int64(0)
    }

    func write<T>(_ body: (Connection) throws -> T) throws(ServerStoreError) -> T {
        do {
            return try connection.inTransaction(.immediate) { try body(connection) }
        } catch let error as ServerStoreError {
            throw error
        } catch let rejection as ImportRejection {
            throw ServerStoreError(importRejection: rejection)
        } catch {
            throw ServerStoreError(error)
        }
    }

    func read<T>(_ body: (Connection) throws -> T) throws(ServerStoreError) -> T {
        do {
            return try connection.inTransaction(.deferred) { try body(connection) }
        } catch {
            throw ServerStoreError(error)
        }
    }

    public var now: Int64 { clock() }

    // MARK: Authentication

    /// Verifies a signed request and, when it is good, remembers its nonce (check-and-insert in one
    /// transaction) and when a kiosk was last seen. Old nonces are pruned: a request older than the
    /// window is refused by its timestamp anyway.
    public func authenticate(_ request: SignedRequestParts, as kind: PrincipalKind) throws(ServerStoreError)
        -> Result<AuthenticatedRequest, AuthenticationRejection> {
        let now = clock()
        let authenticator = RequestAuthenticator(principalHeader: kind.header, windowMilliseconds: config.timestampWindowMilliseconds)
        let config = self.config
        let result = try write { connection in
            try authenticator.verify(request, now: now, secret: { id in
                switch kind {
                case .kiosk: config.kiosk(id)?.secret
                case .econ: config.econClient(id)?.secret
                }
            }, nonceWasSeen: { principal, nonce, timestamp in
                try connection.cached("INSERT OR IGNORE INTO nonces (principal, nonce, timestamp) VALUES (?, ?, ?)")
                    .run([kind.rawValue + ":" + principal, nonce, timestamp])
                guard connection.changes == 1 else { return true }
                if kind == .kiosk {
                    try connection.cached("UPDATE kiosks SET last_seen_at = ? WHERE kiosk = ?").run([now, principal])
                }
                return false
            })
        }
        noncesSincePrune += 1
        if noncesSincePrune >= 256 { try pruneNonces() }
        return result
    }

    /// Deletes nonces whose timestamp is outside the window (they can no longer be replayed successfully).
    public func pruneNonces() throws(ServerStoreError) {
        noncesSincePrune = 0
        let cutoff = clock() - config.timestampWindowMilliseconds
        try write { connection in try connection.cached("DELETE FROM nonces WHERE timestamp < ?").run([cutoff]) }
    }

    public func nonceCount() throws(ServerStoreError) -> Int64 {
        try read { try $0.cached("SELECT count(*) FROM nonces").firstRow()?.int64(0) ?? 0 }
    }

    // MARK: Alerts

    func raiseAlert(kiosk: String, code: SyncErrorCode, sequence: Int64, message: String) throws(ServerStoreError) {
        let now = clock()
        try write { connection in
            try Self.insertAlert(connection, kiosk: kiosk, code: code, sequence: sequence, message: message, now: now)
        }
    }

    /// Records an alert, or counts a repeat of the same one (inside the caller's transaction).
    static func insertAlert(_ connection: Connection, kiosk: String, code: SyncErrorCode, sequence: Int64, message: String,
                            now: Int64) throws {
        try connection.cached("""
            INSERT INTO alerts (kiosk, code, sequence, message, first_at, last_at, count) VALUES (?, ?, ?, ?, ?, ?, 1)
            ON CONFLICT (kiosk, code, sequence) DO UPDATE SET last_at = excluded.last_at, count = count + 1, message = excluded.message
            """).run([kiosk, code.rawValue, sequence, message, now, now])
    }

    public func alerts(kiosk: String) throws(ServerStoreError) -> [HealthReport.Alert] {
        try read { connection in
            try connection.cached("SELECT code, sequence, message, count, first_at, last_at FROM alerts WHERE kiosk = ? ORDER BY id")
                .rows([kiosk]).map { row in
                    HealthReport.Alert(code: try row.string(0), sequence: try row.int64(1), message: try row.string(2),
                                       count: try row.int64(3), firstAt: try row.int64(4), lastAt: try row.int64(5))
                }
        }
    }

    // MARK: Health

    /// Lets the posting worker catch up first, so its alerts (undecodable records) and the posting count are current.
    public func health() async throws(ServerStoreError) -> HealthReport {
        try await postingWorker.catchUp()
        let now = clock()
        let rows = try read { connection in
            try connection.cached("SELECT kiosk, last_seen_at, last_push_at, last_pull_at, acknowledged_through FROM kiosks ORDER BY kiosk").rows()
        }
        var kiosks: [HealthReport.KioskHealth] = []
        for row in rows {
            do {
                let id = try row.string(0)
                kiosks.append(HealthReport.KioskHealth(kiosk: id, lastSeenAt: try row.optionalInt64(1), lastPushAt: try row.optionalInt64(2),
                                                       lastPullAt: try row.optionalInt64(3), acknowledgedSequence: try row.int64(4),
                                                       alerts: try alerts(kiosk: id)))
            } catch {
                throw ServerStoreError(error)
            }
        }
        let unacknowledged = try read { connection in
            try connection.cached("""
                SELECT count(*) FROM postings WHERE cursor > coalesce((SELECT min(acknowledged_through) FROM econ_cursors), 0)
                """).firstRow()?.int64(0) ?? 0
        }
        return HealthReport(serverTime: now, kiosks: kiosks, unacknowledgedPostings: unacknowledged)
    }
}

/// Who signs a request: a kiosk (`X-IC-Kiosk`, sync routes) or an economics client (`X-IC-Client`, econ routes).
public enum PrincipalKind: String, Sendable {
    case kiosk, econ
    public var header: String { self == .kiosk ? SignatureHeader.kiosk : SignatureHeader.client }
}
