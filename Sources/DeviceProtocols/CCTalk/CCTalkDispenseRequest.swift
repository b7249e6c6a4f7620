/// Data of "dispense hopper coins" (167): `<security bytes> [number of coins]` (protocols.md §1.6).
public struct CCTalkDispenseRequest: Sendable, Hashable {
    public enum Security: Sendable, Hashable {
        /// Plain `[N]` on simple hoppers.
        case none
        /// "Serial number" mode: the hopper's 24-bit serial, LSB first, then `[N]`.
        case serialNumber(UInt32)
        /// "MC encrypted" mode: 8 bytes from the vendor's (non-public) algorithm, then `[N]`.
        case cipher([UInt8])
    }

    public static let cipherLength = 8

    public let security: Security
    public let coinCount: UInt8

    public init(coinCount: UInt8, security: Security = .none) throws(CCTalkMessageError) {
        switch security {
        case .none: break
        case let .serialNumber(serial):
            guard serial <= 0xFF_FFFF else {
                throw .invalidValue(subject: "dispense serial number", expected: "a 24-bit value", found: "\(serial)")
            }
        case let .cipher(bytes):
            guard bytes.count == Self.cipherLength else {
                throw .invalidValue(subject: "dispense cipher", expected: "\(Self.cipherLength) bytes", found: "\(bytes.count) bytes")
            }
        }
        self.security = security
        self.coinCount = coinCount
    }

    /// Recognises the variant by length: 1 plain, 4 serial number, 9 cipher.
    public init(commandData data: [UInt8]) throws(CCTalkMessageError) {
        guard let count = data.last else {
            throw .unexpectedDataLength(subject: "dispense hopper coins", expected: "1, 4 or 9", found: 0)
        }
        switch data.count {
        case 1: security = .none
        case 4: security = .serialNumber(UInt32(data[0]) | UInt32(data[1]) << 8 | UInt32(data[2]) << 16)
        case 1 + Self.cipherLength: security = .cipher(Array(data.prefix(Self.cipherLength)))
        default: throw .unexpectedDataLength(subject: "dispense hopper coins", expected: "1, 4 or 9", found: data.count)
        }
        coinCount = count
    }

    public var commandData: [UInt8] {
        switch security {
        case .none:
            [coinCount]
        case let .serialNumber(serial):
            [UInt8(truncatingIfNeeded: serial), UInt8(truncatingIfNeeded: serial >> 8),
             UInt8(truncatingIfNeeded: serial >> 16), coinCount]
        case let .cipher(bytes):
            bytes + [coinCount]
        }
    }
}
