/// A three-letter currency code as SSP sends it (ASCII, e.g. "CZK").
public struct SSPCurrency: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public static let czk = SSPCurrency(unchecked: Array("CZK".utf8))
    public static let eur = SSPCurrency(unchecked: Array("EUR".utf8))

    /// Accepts exactly three ASCII capital letters. Anything else on the wire is treated as a
    /// sign that the payload was mis-aligned, never silently accepted.
    public init(bytes: [UInt8]) throws(SSPDecodingError) {
        guard bytes.count == 3, bytes.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw .invalidField(field: "currency code", expected: "three ASCII capital letters",
                                found: "[\(sspHex(bytes))]")
        }
        self.bytes = bytes
    }

    public init(_ code: String) throws(SSPDecodingError) {
        try self.init(bytes: Array(code.utf8))
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var code: String { String(decoding: bytes, as: Unicode.ASCII.self) }
    public var description: String { code }
}

/// A value in the currency's minor unit (haléře for CZK: 500.00 CZK = 50000), as SSP carries
/// it: 4 bytes little-endian followed by the currency code (protocol version 6 and later).
///
/// This is the wire form; the driver converts to `Money` after checking the currency.
public struct SSPAmount: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt32
    public let currency: SSPCurrency

    public init(value: UInt32, currency: SSPCurrency) {
        self.value = value
        self.currency = currency
    }

    public static func czk(_ minorUnits: UInt32) -> SSPAmount { SSPAmount(value: minorUnits, currency: .czk) }

    public var description: String { "\(value) \(currency)" }

    /// value(4 LE) + currency(3).
    public static let encodedCount = 7

    func append(to bytes: inout [UInt8]) {
        bytes.sspAppendLE32(value)
        bytes.append(contentsOf: currency.bytes)
    }
}

/// What a payout event reports for one currency when an operation was cut short:
/// value paid so far and value asked for.
public struct SSPPartialAmount: Hashable, Sendable, CustomStringConvertible {
    public let paid: UInt32
    public let requested: UInt32
    public let currency: SSPCurrency

    public init(paid: UInt32, requested: UInt32, currency: SSPCurrency) {
        self.paid = paid
        self.requested = requested
        self.currency = currency
    }

    public var description: String { "\(paid) of \(requested) \(currency)" }

    /// paid(4 LE) + requested(4 LE) + currency(3).
    public static let encodedCount = 11
}

extension Array where Element == UInt8 {
    mutating func sspAppendLE16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func sspAppendLE32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func sspAppendLE64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
