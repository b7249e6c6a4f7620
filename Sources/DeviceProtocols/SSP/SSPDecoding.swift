/// Why an SSP payload (command, reply, setup data, poll event) could not be read.
/// Every case says what was expected and what was found.
public enum SSPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `field` needed `needed` more bytes but only `available` were left.
    case truncated(field: String, needed: Int, available: Int)
    /// Bytes left over after everything `what` defines was read.
    case trailingBytes(what: String, count: Int)
    case unknownCode(what: String, code: UInt8)
    case invalidField(field: String, expected: String, found: String)
    /// Well-formed input this codec deliberately does not interpret (documented at the throw site).
    case unsupported(what: String, reason: String)

    public var description: String {
        switch self {
        case .truncated(let field, let needed, let available):
            return "SSP \(field): expected \(needed) byte(s), found \(available)"
        case .trailingBytes(let what, let count):
            return "SSP \(what): expected end of data, found \(count) extra byte(s)"
        case .unknownCode(let what, let code):
            return "SSP \(what): expected a known code, found 0x\(sspHex(code))"
        case .invalidField(let field, let expected, let found):
            return "SSP \(field): expected \(expected), found \(found)"
        case .unsupported(let what, let reason):
            return "SSP \(what): not supported — \(reason)"
        }
    }
}

/// Bounds-checked little-endian reader; every read either succeeds or throws, never traps.
struct SSPByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func bytes(_ count: Int, field: String) throws(SSPDecodingError) -> [UInt8] {
        guard count >= 0, remaining >= count else {
            throw .truncated(field: field, needed: count, available: max(remaining, 0))
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func uint8(_ field: String) throws(SSPDecodingError) -> UInt8 {
        try bytes(1, field: field)[0]
    }

    mutating func uint16LE(_ field: String) throws(SSPDecodingError) -> UInt16 {
        let b = try bytes(2, field: field)
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    mutating func uint32LE(_ field: String) throws(SSPDecodingError) -> UInt32 {
        try bytes(4, field: field).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64LE(_ field: String) throws(SSPDecodingError) -> UInt64 {
        try bytes(8, field: field).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func uint32BE(_ field: String, count: Int) throws(SSPDecodingError) -> UInt32 {
        try bytes(count, field: field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func currency(_ field: String) throws(SSPDecodingError) -> SSPCurrency {
        try SSPCurrency(bytes: bytes(3, field: field))
    }

    mutating func amount(_ field: String) throws(SSPDecodingError) -> SSPAmount {
        let value = try uint32LE(field + " value")
        return SSPAmount(value: value, currency: try currency(field + " currency"))
    }

    func expectEnd(_ what: String) throws(SSPDecodingError) {
        if remaining > 0 { throw .trailingBytes(what: what, count: remaining) }
    }
}
