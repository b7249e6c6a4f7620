import CSQLite

/// How a connection is opened.
public struct ConnectionOptions: Sendable {
    public enum Mode: Sendable { case readWrite, readOnly }
    public var mode: Mode
    /// How long a connection waits for another process's lock before reporting SQLITE_BUSY.
    public var busyTimeoutMilliseconds: Int32
    /// Run `PRAGMA quick_check` at open and refuse a database that fails it.
    public var quickCheck: Bool
    /// Upper bound of the connection's page cache; nil keeps SQLite's default (2 MiB). The cache fills up to it
    /// as the database grows, so a long-running process with a small memory budget sets it.
    public var pageCacheKiB: Int?

    public init(mode: Mode = .readWrite, busyTimeoutMilliseconds: Int32 = 5_000, quickCheck: Bool = true, pageCacheKiB: Int? = nil) {
        self.mode = mode
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.quickCheck = quickCheck
        self.pageCacheKiB = pageCacheKiB
    }
}

/// One SQLite connection, set up for money: WAL, `synchronous=FULL`, foreign keys on, a quick check at open.
///
/// Not thread-safe on purpose (opened with `SQLITE_OPEN_NOMUTEX`): exactly one owner — an actor or a single
/// thread — uses it, so every write is serialized without SQLite's own mutexes.
public final class Connection {
    let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: Statement] = [:]
    private var isOpen = true

    public init(path: String, options: ConnectionOptions = ConnectionOptions()) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= options.mode == .readWrite ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            // SQLite allocates a handle even when open fails; it must still be closed.
            sqlite3_close(handle)
            throw SQLiteError(code: ResultCode(rawValue: code), message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        self.path = path
        do {
            try setUp(options)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the connection; statements are finalized first so the close cannot fail with SQLITE_BUSY.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    private func setUp(_ options: ConnectionOptions) throws(SQLiteError) {
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, options.busyTimeoutMilliseconds)
        try check(ironcashier_sqlite3_disable_dqs(handle))
        try check(ironcashier_sqlite3_enable_defensive(handle))
        // Fails early with SQLITE_NOTADB when the file is not a database at all.
        _ = try prepare("SELECT * FROM sqlite_master LIMIT 1").rows()

        try execute("PRAGMA foreign_keys = ON")
        try require("foreign_keys", is: .integer(1))
        if let kiB = options.pageCacheKiB {
            // A negative cache_size is a size in KiB rather than a page count.
            try execute("PRAGMA cache_size = -\(max(64, kiB))")
        }
        if options.mode == .readWrite {
            let mode = try prepare("PRAGMA journal_mode = WAL").firstRow()?[0]
            guard mode == .text("wal") else {
                throw refusal("journal_mode is \(describe(mode)), expected wal")
            }
            try execute("PRAGMA synchronous = FULL")
            try require("synchronous", is: .integer(2))
        } else {
            try require("journal_mode", is: .text("wal"))
        }
        if options.quickCheck {
            let findings = try prepare("PRAGMA quick_check").rows().map { row in describe(row[0]) }
            guard findings == ["ok"] else {
                throw SQLiteError(code: .corrupt, message: "quick_check of \(path) failed: " + findings.prefix(5).joined(separator: "; "))
            }
        }
    }

    private func require(_ pragma: String, is expected: SQLiteValue) throws(SQLiteError) {
        let actual = try prepare("PRAGMA \(pragma)").firstRow()?[0]
        guard actual == expected else {
            throw refusal("PRAGMA \(pragma) is \(describe(actual)), expected \(describe(expected))")
        }
    }

    private func refusal(_ message: String) -> SQLiteError {
        SQLiteError(code: ResultCode(rawValue: SQLITE_ERROR), message: "refusing \(path): \(message)")
    }

    private func describe(_ value: SQLiteValue?) -> String {
        switch value {
        case .none, .null?: return "unset"
        case .integer(let v)?: return String(v)
        case .text(let v)?: return v
        case .blob(let v)?: return "\(v.count)-byte blob"
        }
    }

    // MARK: Running SQL

    /// Runs one or more statements that take no parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw SQLiteError(code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: text, sql: sql)
        }
    }

    /// A new prepared statement, finalized when released.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(connection: self, sql: sql, persistent: false)
    }

    /// A prepared statement kept for reuse; hot paths (journal appends) prepare once.
    public func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(connection: self, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: Transactions

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN, so two writers never deadlock halfway (SQLITE_BUSY cannot be waited out then).
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back and rethrows the first error when it throws.
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try cached("BEGIN \(kind.rawValue)").run()
        let result: T
        do {
            result = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        do {
            try cached("COMMIT").run()
        } catch {
            rollbackQuietly()
            throw error
        }
        return result
    }

    private func rollbackQuietly() {
        // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error is the one that matters.
        if isInTransaction { try? cached("ROLLBACK").run() }
    }

    // MARK: Errors

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: ResultCode(rawValue: sqlite3_extended_errcode(handle) == 0 ? code : sqlite3_extended_errcode(handle)),
                    message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw error(code, sql: nil) }
    }
}
