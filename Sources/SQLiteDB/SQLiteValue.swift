/// A value SQLite stores. Floating point is deliberately absent: nothing here stores money as a real.
public enum SQLiteValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// Types that can be bound to a statement parameter.
public protocol SQLiteBindable: Sendable {
    var sqliteValue: SQLiteValue { get }
}

extension Int64: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self) } }
extension Int: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Int32: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Bool: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) } }
extension String: SQLiteBindable { public var sqliteValue: SQLiteValue { .text(self) } }
extension Array: SQLiteBindable where Element == UInt8 { public var sqliteValue: SQLiteValue { .blob(self) } }
extension SQLiteValue: SQLiteBindable { public var sqliteValue: SQLiteValue { self } }
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// One result row, copied out of the statement so it stays valid after the next step.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [SQLiteValue]

    public subscript(index: Int) -> SQLiteValue { values[index] }

    public subscript(name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The column as an integer; a type mismatch is an error rather than a silent zero.
    public func int64(_ index: Int) throws(SQLiteError) -> Int64 {
        guard case .integer(let value) = values[index] else { throw mismatch(index, expected: "integer") }
        return value
    }

    public func string(_ index: Int) throws(SQLiteError) -> String {
        guard case .text(let value) = values[index] else { throw mismatch(index, expected: "text") }
        return value
    }

    /// A BLOB column; SQLite returns an empty BLOB as NULL, so NULL reads as empty here.
    public func blob(_ index: Int) throws(SQLiteError) -> [UInt8] {
        switch values[index] {
        case .blob(let value): return value
        case .null: return []
        default: throw mismatch(index, expected: "blob")
        }
    }

    public func optionalInt64(_ index: Int) throws(SQLiteError) -> Int64? {
        if case .null = values[index] { return nil }
        return try int64(index)
    }

    public func optionalString(_ index: Int) throws(SQLiteError) -> String? {
        if case .null = values[index] { return nil }
        return try string(index)
    }

    private func mismatch(_ index: Int, expected: String) -> SQLiteError {
        SQLiteError(code: .misuse, message: "column \(columns[index]) holds \(values[index]), expected \(expected)")
    }
}
