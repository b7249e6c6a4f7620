import CSQLite

/// A SQLite result code. `primary` is the low byte, so `SQLITE_CONSTRAINT_UNIQUE` and
/// `SQLITE_CONSTRAINT` both have the primary code `SQLITE_CONSTRAINT`.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }
    public var description: String { String(cString: sqlite3_errstr(rawValue)) + " (\(rawValue))" }

    public static let ok = ResultCode(rawValue: SQLITE_OK)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
}

/// An error reported by SQLite, or by this wrapper when the database is not in the state money needs.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code; compare `code.primary` to match a family of errors.
    public let code: ResultCode
    /// SQLite's own message (`sqlite3_errmsg`) or the wrapper's explanation.
    public let message: String
    /// The SQL that failed, when there was one. Bound arguments are never included (they may be personal data).
    public let sql: String?

    public init(code: ResultCode, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while running: \(sql)" }
        return text
    }
}
