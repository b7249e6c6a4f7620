/// Everything the ZVT codec can reject, on the way in (decoding bytes) or out (encoding values).
///
/// Every case names what was being read or written (`context`) so the message says what was expected
/// and what was found. Card data never appears in a message: PAN digits are not echoed.
public enum ZVTCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input ended before `context` was complete.
    case truncated(context: String, needed: Int, available: Int)
    /// Bytes were left over after `context` was complete.
    case trailingBytes(context: String, count: Int)
    /// A length (declared by the peer or of a value to encode) is above what `context` allows.
    case tooLong(context: String, length: Int, limit: Int)
    /// The first byte of an APDU is not a ZVT class byte (e.g. a non-ZVT banner on the port).
    case unexpectedClass(found: UInt8)
    /// The control field is not the one the decoder was asked for.
    case unexpectedCommand(expected: ZVTCommandCode, found: ZVTCommandCode)
    /// A nibble in a BCD field is not 0...9.
    case invalidBCD(context: String, byte: UInt8)
    /// A value does not fit its field (too large, negative, not a valid month, ...).
    case valueOutOfRange(context: String, value: Int64, allowed: ClosedRange<Int64>)
    /// An LLVAR/LLLVAR length byte is not of the form `F0+digit`.
    case invalidLengthPrefix(context: String, byte: UInt8)
    /// A BMP number whose length class is not known: the rest of the message cannot be framed.
    case unknownBMP(UInt8)
    /// A BMP that is known but not allowed in this message (or sent twice).
    case unexpectedBMP(context: String, bmp: UInt8)
    /// A mandatory field is absent.
    case missingField(context: String, field: String)
    /// A field's content has the wrong size.
    case wrongFieldSize(context: String, expected: Int, found: Int)
    /// A card-number nibble outside 0-9, E (masked) or a final F (padding).
    case invalidCardNumberNibble(UInt8)
    /// A malformed BER-TLV element inside a TLV container.
    case invalidTLV(context: String, reason: String)
    /// The serial frame's CRC does not match the recomputed one.
    case crcMismatch(computed: UInt16, received: UInt16)
    /// A byte that has no place at this point of the serial link protocol.
    case unexpectedSerialByte(context: String, byte: UInt8)

    public var description: String {
        switch self {
        case let .truncated(context, needed, available):
            return "\(context): expected \(needed) more byte(s), found \(available)"
        case let .trailingBytes(context, count):
            return "\(context): expected end of data, found \(count) extra byte(s)"
        case let .tooLong(context, length, limit):
            return "\(context): expected at most \(limit) byte(s), found \(length)"
        case let .unexpectedClass(found):
            return "APDU: expected a ZVT class byte, found \(zvtHex(found))"
        case let .unexpectedCommand(expected, found):
            return "APDU: expected command \(expected), found \(found)"
        case let .invalidBCD(context, byte):
            return "\(context): expected BCD digits 0-9, found byte \(zvtHex(byte))"
        case let .valueOutOfRange(context, value, allowed):
            return "\(context): expected \(allowed.lowerBound)...\(allowed.upperBound), found \(value)"
        case let .invalidLengthPrefix(context, byte):
            return "\(context): expected a length byte F0...F9, found \(zvtHex(byte))"
        case let .unknownBMP(bmp):
            return "BMP: expected a BMP number with a known length, found \(zvtHex(bmp))"
        case let .unexpectedBMP(context, bmp):
            return "\(context): BMP \(zvtHex(bmp)) not expected here (unknown to this message or repeated)"
        case let .missingField(context, field):
            return "\(context): expected \(field), found none"
        case let .wrongFieldSize(context, expected, found):
            return "\(context): expected \(expected) byte(s), found \(found)"
        case let .invalidCardNumberNibble(nibble):
            return "card number: expected nibble 0-9, E or final F, found \(zvtHex(nibble))"
        case let .invalidTLV(context, reason):
            return "\(context): \(reason)"
        case let .crcMismatch(computed, received):
            return "serial frame: expected CRC \(zvtHex16(computed)), found \(zvtHex16(received))"
        case let .unexpectedSerialByte(context, byte):
            return "serial link: \(context), found \(zvtHex(byte))"
        }
    }
}

func zvtHex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
}

func zvtHex16(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
