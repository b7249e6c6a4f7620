/// Why bytes are not a well-formed ccTalk frame. Messages say what was expected and what was found.
public enum CCTalkFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer bytes than the smallest frame (destination, length, source, header, checksum).
    case truncated(expectedAtLeast: Int, found: Int)
    /// The length byte promises a frame of `expectedTotal` bytes but `found` bytes were given.
    case lengthMismatch(declaredDataLength: Int, expectedTotal: Int, found: Int)
    /// Length byte beyond what any device sends; almost always a corrupted or misaligned byte.
    case dataLengthTooLarge(maximum: Int, found: Int)
    case checksumMismatch(expected: UInt8, found: UInt8)
    case crcMismatch(expected: UInt16, found: UInt16)

    public var description: String {
        switch self {
        case let .truncated(expected, found):
            "ccTalk frame truncated: expected at least \(expected) bytes, found \(found)"
        case let .lengthMismatch(declared, expectedTotal, found):
            "ccTalk frame length mismatch: length byte \(declared) needs \(expectedTotal) bytes, found \(found)"
        case let .dataLengthTooLarge(maximum, found):
            "ccTalk length byte too large: expected at most \(maximum), found \(found)"
        case let .checksumMismatch(expected, found):
            "ccTalk checksum mismatch: expected \(CCTalkHex.byte(expected)), found \(CCTalkHex.byte(found))"
        case let .crcMismatch(expected, found):
            "ccTalk CRC-16 mismatch: expected \(CCTalkHex.word(expected)), found \(CCTalkHex.word(found))"
        }
    }
}

/// Hex rendering for error messages; namespaced because the module is shared with other protocols.
enum CCTalkHex {
    static func byte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }

    static func word(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func list(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte($0).dropFirst(2) }.joined(separator: " ")
    }
}
