/// A CSV problem, pinned to a line and a column (1-based; for a field problem the column is the field's number).
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// RFC 4180 CSV: comma-separated, fields optionally in double quotes with `""` for a quote, CRLF or LF line
/// ends, UTF-8. The first row is the header. Blank lines are skipped. Pure and total: bad input is a `CSVError`.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let rows: [Row]

    public init(parsing text: String) throws(CSVError) {
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var column = 0
        var recordLine = 1
        var inQuotes = false
        var quoteClosed = false
        var fieldStarted = false
        let bytes = Array(text.utf8)
        var index = 0

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            quoteClosed = false
            fieldStarted = false
        }
        func finishRecord() {
            finishField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
        }

        while index < bytes.count {
            let byte = bytes[index]
            column += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                        column += 1
                    } else {
                        inQuotes = false
                        quoteClosed = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1; column = 0 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    finishField()
                case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\n"):
                    finishRecord()
                    line += 1
                    column = 0
                    recordLine = line
                case UInt8(ascii: "\""):
                    guard !fieldStarted, !quoteClosed else {
                        throw CSVError(line: line, column: column, message: "expected a quote only at the start of a field, found one inside")
                    }
                    inQuotes = true
                    fieldStarted = true
                default:
                    guard !quoteClosed else {
                        throw CSVError(line: line, column: column, message: "expected a comma or line end after a closing quote, found another character")
                    }
                    fieldStarted = true
                    field.append(byte)
                }
            }
            index += 1
        }
        guard !inQuotes else { throw CSVError(line: line, column: column, message: "expected a closing quote, found the end of the file") }
        if !field.isEmpty || !fields.isEmpty || quoteClosed { finishRecord() }
        guard let first = records.first else { throw CSVError(line: 1, column: 1, message: "expected a header row, found an empty file") }
        header = first.fields.map { $0.trimmingSpaces }
        for row in records.dropFirst() where row.fields.count != header.count {
            throw CSVError(line: row.line, column: min(row.fields.count, header.count) + 1,
                           message: "expected \(header.count) fields as in the header, found \(row.fields.count)")
        }
        rows = Array(records.dropFirst())
    }

    /// The column index of `name`, or an error naming the missing column.
    public func column(_ name: String) throws(CSVError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw CSVError(line: 1, column: header.count + 1, message: "expected a column named \(name) in the header, found \(header.joined(separator: ","))")
        }
        return index
    }

    /// The column index of `name` when the header has it.
    public func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
