import Failpoints
import Glibc
import SQLiteDB
import TownCore

/// The kiosk's durable, append-only, hash-chained record of everything that moves money.
///
/// Each append is its own IMMEDIATE transaction that allocates the next sequence number, writes the
/// record and its outbox row together and commits with `synchronous=FULL` (fsync) before returning:
/// when `append` returns, the record survives a power cut. Single owner: keep it inside one actor.
public final class Journal {
    public let kioskID: String
    public let path: String
    let connection: Connection
    private let clock: @Sendable () -> Int64
    private var failure: SQLiteError?
    /// Sequence and hash of the newest record, read once at open and advanced after each commit. Safe to
    /// cache: this object is the only writer, a failed append stops all further appends, and a foreign writer
    /// would make the next INSERT collide on the primary key (a fatal storage error), never leave a gap.
    private var head: (sequence: Int64, hash: [UInt8])?

    public enum Mode: Sendable { case readWrite, readOnly }

    /// The journal appends at its end and reads it front to back, so a small page cache serves it; SQLite's
    /// default 2 MiB would fill up over weeks of service and count against kioskd's memory budget.
    public static let pageCacheKiB = 512

    /// Opens (or creates) the journal at `path` for `kioskID`. Runs SQLite's quick check and migrations,
    /// and refuses a journal that belongs to another kiosk. Chain verification is separate (`verify()`),
    /// because the caller decides what a broken chain means for service.
    public init(path: String, kioskID: String, mode: Mode = .readWrite,
                clock: @escaping @Sendable () -> Int64 = Journal.wallClockMilliseconds) throws(JournalError) {
        guard Journal.isValidKioskID(kioskID) else { throw .invalidKioskID(kioskID) }
        self.kioskID = kioskID
        self.path = path
        self.clock = clock
        do throws(SQLiteError) {
            connection = try Connection(path: path, options: ConnectionOptions(mode: mode == .readWrite ? .readWrite : .readOnly,
                                                                               pageCacheKiB: Journal.pageCacheKiB))
            if mode == .readWrite {
                try JournalSchema.migrator.migrate(connection)
            } else {
                let version = try JournalSchema.migrator.currentVersion(of: connection)
                guard version == JournalSchema.migrator.latestVersion else {
                    throw SQLiteError(code: .misuse, message: "journal schema version \(version), this program reads \(JournalSchema.migrator.latestVersion)")
                }
            }
        } catch {
            throw .cannotOpen(error)
        }
        try bindToKiosk(writable: mode == .readWrite)
    }

    /// The journal's kiosk id is the kiosk code that also prefixes its receipt numbers (e.g. K01).
    public static func isValidKioskID(_ id: String) -> Bool {
        (try? KioskCode(id)) != nil
    }

    private func bindToKiosk(writable: Bool) throws(JournalError) {
        do {
            let row = try connection.prepare("SELECT value FROM journal_meta WHERE key = 'kiosk_id'").firstRow()
            if let row {
                let stored = try row.string(0)
                guard stored == kioskID else { throw JournalError.wrongKiosk(expected: kioskID, found: stored) }
            } else if writable {
                try connection.prepare("INSERT INTO journal_meta (key, value) VALUES ('kiosk_id', ?)").run([kioskID])
            }
        } catch let error as JournalError {
            throw error
        } catch let error as SQLiteError {
            throw .cannotOpen(error)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    // MARK: Appending

    /// Appends a typed entry (canonical JSON payload).
    @discardableResult
    public func append<Entry: JournalEntry>(_ entry: Entry,
                                            alsoInTransaction: ((Connection) throws -> Void)? = nil) throws(JournalError) -> JournalRecord {
        try append(type: Entry.recordType, payload: try CanonicalJSON.encode(entry), alsoInTransaction: alsoInTransaction)
    }

    /// Appends one record and commits it durably before returning.
    ///
    /// `alsoInTransaction` lets the caller update its own tables (vouchers, counters) atomically with the record.
    /// Any storage error is fatal: the journal stops accepting appends and the error goes to the caller.
    @discardableResult
    public func append(type: String, payload: [UInt8],
                       alsoInTransaction: ((Connection) throws -> Void)? = nil) throws(JournalError) -> JournalRecord {
        if let failure { throw .refusedAfterFailure(failure) }
        let record: JournalRecord
        do {
            record = try connection.inTransaction(.immediate) {
                let (previousSequence, previousHash) = try currentHead()
                let record = JournalRecord.chained(kioskID: kioskID, sequence: previousSequence + 1, recordedAt: clock(),
                                                   type: type, payload: payload, previousHash: previousHash)
                try connection.cached("""
                    INSERT INTO journal (seq, kiosk_id, recorded_at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).run([record.sequence, record.kioskID, record.recordedAt, record.type, record.payload,
                              record.previousHash, record.hash])
                try connection.cached("INSERT INTO outbox (seq) VALUES (?)").run([record.sequence])
                try alsoInTransaction?(connection)
                try Failpoints.hit("journal.append.before_commit")
                return record
            }
        } catch let error as SQLiteError {
            failure = error
            throw .storage(error)
        } catch {
            let wrapped = SQLiteError(code: .misuse, message: "append aborted: \(error)")
            failure = wrapped
            throw .storage(wrapped)
        }
        head = (record.sequence, record.hash)
        // Durable but not yet seen by the caller: recovery must find it.
        do {
            try Failpoints.hit("journal.append.after_commit")
        } catch {
            let wrapped = SQLiteError(code: .misuse, message: "\(error) after commit")
            failure = wrapped
            throw .storage(wrapped)
        }
        return record
    }

    private func currentHead() throws -> (Int64, [UInt8]) {
        if let head { return head }
        let row = try connection.cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").firstRow()
        let loaded = (try row?.int64(0) ?? 0, try row?.blob(1) ?? JournalRecord.genesisHash)
        head = loaded
        return loaded
    }

    /// True once a storage failure has made the journal refuse appends.
    public var hasFailed: Bool { failure != nil }

    // MARK: Reading

    private static let columns = "seq, kiosk_id, recorded_at, type, payload, prev_hash, hash"

    public func lastRecord() throws(JournalError) -> JournalRecord? {
        try read { try connection.cached("SELECT \(Journal.columns) FROM journal ORDER BY seq DESC LIMIT 1").firstRow().map(Journal.record) }
    }

    public func record(sequence: Int64) throws(JournalError) -> JournalRecord? {
        try read { try connection.cached("SELECT \(Journal.columns) FROM journal WHERE seq = ?").firstRow([sequence]).map(Journal.record) }
    }

    /// Records with sequence ≥ `from`, in order, at most `limit`.
    public func records(from: Int64 = 1, limit: Int = 1_000) throws(JournalError) -> [JournalRecord] {
        try read {
            try connection.cached("SELECT \(Journal.columns) FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?")
                .rows([from, limit]).map(Journal.record)
        }
    }

    /// Visits every record in order without loading the journal into memory.
    public func forEachRecord(from: Int64 = 1, _ body: (JournalRecord) throws -> Void) throws {
        try connection.prepare("SELECT \(Journal.columns) FROM journal WHERE seq >= ? ORDER BY seq").forEachRow([from]) { row in
            try body(try Journal.record(row))
        }
    }

    // MARK: Outbox (what sync has not yet had acknowledged)

    /// The oldest records not yet acknowledged by the town server.
    public func pendingOutbox(limit: Int = 500) throws(JournalError) -> [JournalRecord] {
        try read {
            try connection.cached("""
                SELECT j.seq, j.kiosk_id, j.recorded_at, j.type, j.payload, j.prev_hash, j.hash
                FROM outbox o JOIN journal j ON j.seq = o.seq ORDER BY o.seq LIMIT ?
                """).rows([limit]).map(Journal.record)
        }
    }

    public func pendingOutboxCount() throws(JournalError) -> Int {
        try read { Int(try connection.cached("SELECT count(*) FROM outbox").firstRow()?.int64(0) ?? 0) }
    }

    /// Drops outbox rows up to and including `sequence` once the server has acknowledged them.
    public func acknowledgeOutbox(through sequence: Int64) throws(JournalError) {
        do {
            try connection.inTransaction { try connection.cached("DELETE FROM outbox WHERE seq <= ?").run([sequence]) }
        } catch let error as SQLiteError {
            throw .storage(error)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    private func read<T>(_ body: () throws -> T) throws(JournalError) -> T {
        do {
            return try body()
        } catch let error as JournalError {
            throw error
        } catch let error as SQLiteError {
            throw .storage(error)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    static func record(_ row: Row) throws -> JournalRecord {
        JournalRecord(kioskID: try row.string(1), sequence: try row.int64(0), recordedAt: try row.int64(2),
                      type: try row.string(3), payload: try row.blob(4), previousHash: try row.blob(5), hash: try row.blob(6))
    }

    public static let wallClockMilliseconds: @Sendable () -> Int64 = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}
