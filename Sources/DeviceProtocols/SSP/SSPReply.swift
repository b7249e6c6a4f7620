/// How many notes of one value a store holds (GET_ALL_LEVELS) or moved (CASHBOX_PAYOUT_OPERATION_DATA).
public struct SSPLevel: Hashable, Sendable {
    public let count: UInt16
    public let amount: SSPAmount

    public init(count: UInt16, amount: SSPAmount) {
        self.count = count
        self.amount = amount
    }

    /// count(2 LE) + value(4 LE) + currency(3).
    public static let encodedCount = 9
}

/// CASHBOX_PAYOUT_OPERATION_DATA: what the last payout/float/empty moved to the cashbox.
public struct SSPCashboxPayoutData: Hashable, Sendable {
    public let moved: [SSPLevel]
    /// ITL's example reads a trailing 4-byte count of notes not recognised; kybarg ignores it.
    /// Both shapes are accepted; nil means the device did not send it.
    public let unrecognisedCount: UInt32?

    public init(moved: [SSPLevel], unrecognisedCount: UInt32?) {
        self.moved = moved
        self.unrecognisedCount = unrecognisedCount
    }
}

/// Parsers (and, for the simulator, encoders) for the payload after an OK (0xF0) reply.
/// Each takes exactly the bytes after the status byte and rejects short or over-long data.
public enum SSPReply {
    /// GET_ALL_LEVELS: count byte, then count × [level(2 LE) value(4 LE) currency(3)].
    public static func decodeLevels(_ payload: [UInt8]) throws(SSPDecodingError) -> [SSPLevel] {
        var reader = SSPByteReader(payload)
        let levels = try readLevels(&reader, what: "GET_ALL_LEVELS")
        try reader.expectEnd("GET_ALL_LEVELS reply")
        return levels
    }

    public static func encodeLevels(_ levels: [SSPLevel]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(truncatingIfNeeded: levels.count)]
        for level in levels {
            bytes.sspAppendLE16(level.count)
            level.amount.append(to: &bytes)
        }
        return bytes
    }

    public static func decodeCashboxPayoutData(_ payload: [UInt8]) throws(SSPDecodingError) -> SSPCashboxPayoutData {
        var reader = SSPByteReader(payload)
        let moved = try readLevels(&reader, what: "CASHBOX_PAYOUT_OPERATION_DATA")
        if reader.isAtEnd { return SSPCashboxPayoutData(moved: moved, unrecognisedCount: nil) }
        let unrecognised = try reader.uint32LE("CASHBOX_PAYOUT_OPERATION_DATA unrecognised count")
        try reader.expectEnd("CASHBOX_PAYOUT_OPERATION_DATA reply")
        return SSPCashboxPayoutData(moved: moved, unrecognisedCount: unrecognised)
    }

    public static func encodeCashboxPayoutData(_ data: SSPCashboxPayoutData) -> [UInt8] {
        var bytes = encodeLevels(data.moved)
        if let unrecognised = data.unrecognisedCount { bytes.sspAppendLE32(unrecognised) }
        return bytes
    }

    /// REQUEST_KEY_EXCHANGE: the slave's intermediate key, 8 bytes LE.
    public static func decodeSlaveIntermediate(_ payload: [UInt8]) throws(SSPDecodingError) -> UInt64 {
        var reader = SSPByteReader(payload)
        let value = try reader.uint64LE("REQUEST_KEY_EXCHANGE slave intermediate key")
        try reader.expectEnd("REQUEST_KEY_EXCHANGE reply")
        return value
    }

    public static func encodeSlaveIntermediate(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.sspAppendLE64(value)
        return bytes
    }

    /// GET_SERIAL_NUMBER: 4 bytes, big-endian (unlike everything else in SSP).
    public static func decodeSerialNumber(_ payload: [UInt8]) throws(SSPDecodingError) -> UInt32 {
        var reader = SSPByteReader(payload)
        let value = try reader.uint32BE("GET_SERIAL_NUMBER serial", count: 4)
        try reader.expectEnd("GET_SERIAL_NUMBER reply")
        return value
    }

    public static func encodeSerialNumber(_ serial: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: serial >> UInt32($0)) }
    }

    /// GET_DENOMINATION_ROUTE: one byte, 0 = payout store, 1 = cashbox.
    public static func decodeRoute(_ payload: [UInt8]) throws(SSPDecodingError) -> SSPRoute {
        var reader = SSPByteReader(payload)
        let byte = try reader.uint8("GET_DENOMINATION_ROUTE route")
        try reader.expectEnd("GET_DENOMINATION_ROUTE reply")
        guard let route = SSPRoute(rawValue: byte) else {
            throw .invalidField(field: "GET_DENOMINATION_ROUTE route", expected: "0x00 payout or 0x01 cashbox",
                                found: "0x\(sspHex(byte))")
        }
        return route
    }

    public static func encodeRoute(_ route: SSPRoute) -> [UInt8] { [route.rawValue] }

    /// GET_DENOMINATION_LEVEL: note count, 2 bytes LE.
    public static func decodeDenominationLevel(_ payload: [UInt8]) throws(SSPDecodingError) -> UInt16 {
        var reader = SSPByteReader(payload)
        let level = try reader.uint16LE("GET_DENOMINATION_LEVEL level")
        try reader.expectEnd("GET_DENOMINATION_LEVEL reply")
        return level
    }

    public static func encodeDenominationLevel(_ level: UInt16) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.sspAppendLE16(level)
        return bytes
    }

    /// GET_FIRMWARE_VERSION / GET_DATASET_VERSION: printable ASCII text.
    public static func decodeText(_ payload: [UInt8], field: String) throws(SSPDecodingError) -> String {
        guard !payload.isEmpty, payload.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidField(field: field, expected: "non-empty printable ASCII", found: "[\(sspHex(payload))]")
        }
        return String(decoding: payload, as: Unicode.ASCII.self)
    }

    /// LAST_REJECT_CODE: one byte (0x00 = note accepted; meanings in ITL's manual).
    public static func decodeRejectCode(_ payload: [UInt8]) throws(SSPDecodingError) -> UInt8 {
        var reader = SSPByteReader(payload)
        let code = try reader.uint8("LAST_REJECT_CODE code")
        try reader.expectEnd("LAST_REJECT_CODE reply")
        return code
    }

    private static func readLevels(_ reader: inout SSPByteReader, what: String) throws(SSPDecodingError) -> [SSPLevel] {
        let count = try reader.uint8("\(what) count")
        var levels: [SSPLevel] = []
        for _ in 0..<count {
            let notes = try reader.uint16LE("\(what) note count")
            levels.append(SSPLevel(count: notes, amount: try reader.amount(what)))
        }
        return levels
    }
}
