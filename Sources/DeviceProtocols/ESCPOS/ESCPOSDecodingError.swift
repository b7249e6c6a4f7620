/// Why printer input is not a sequence this codec understands. Offsets count from the first byte the
/// decoder ever saw.
public enum ESCPOSDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input ended inside a command.
    case truncated(command: String, expectedBytes: Int, found: Int, offset: Int)
    /// A command prefix (ESC, GS, DLE) followed by a function this codec does not implement.
    case unsupportedCommand(bytes: [UInt8], offset: Int)
    case invalidParameter(command: String, expected: String, found: UInt8, offset: Int)
    /// A control byte that is neither a command prefix nor LF/CR.
    case unsupportedControlByte(UInt8, offset: Int)
    /// A `GS ( k` length that does not fit the function.
    case invalidLength(command: String, expected: String, found: Int, offset: Int)
    /// Non-ASCII text while a code page without a known table is selected (e.g. the default PC437,
    /// meaning the receipt forgot `ESC t`).
    case textInUnsupportedCodePage(page: UInt8, byte: UInt8, offset: Int)

    public var description: String {
        switch self {
        case let .truncated(command, expected, found, offset):
            "ESC/POS \(command) at \(offset): expected \(expected) bytes, found \(found)"
        case let .unsupportedCommand(bytes, offset):
            "ESC/POS at \(offset): expected a supported command, found \(ESCPOSHex.list(bytes))"
        case let .invalidParameter(command, expected, found, offset):
            "ESC/POS \(command) at \(offset): expected parameter \(expected), found \(ESCPOSHex.byte(found))"
        case let .unsupportedControlByte(byte, offset):
            "ESC/POS at \(offset): expected text, LF, CR or a command prefix, found control byte \(ESCPOSHex.byte(byte))"
        case let .invalidLength(command, expected, found, offset):
            "ESC/POS \(command) at \(offset): expected length \(expected), found \(found)"
        case let .textInUnsupportedCodePage(page, byte, offset):
            "ESC/POS text at \(offset): expected ASCII or a CP852 page, found \(ESCPOSHex.byte(byte)) on code page \(page)"
        }
    }
}

/// Hex rendering for messages; namespaced because the module is shared with other protocols.
enum ESCPOSHex {
    static func byte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }

    static func list(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte($0).dropFirst(2) }.joined(separator: " ")
    }
}
