/// Per-position inhibit bits for headers 231/230: bit n of byte 0 is position n+1, and so on.
/// **1 = enabled, 0 = inhibited** (spec text and Azkoyen manual; qt-cctalk's comment has it backwards —
/// protocols.md §1.6 DISAGREEMENT).
public struct CCTalkInhibitMask: Sendable, Hashable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// `byteCount` 2 covers positions 1–16, the usual coin acceptor size.
    public init(enabledPositions: some Sequence<Int>, byteCount: Int = 2) throws(CCTalkMessageError) {
        var bytes = [UInt8](repeating: 0, count: max(0, byteCount))
        for position in enabledPositions {
            guard position >= 1, position <= bytes.count * 8 else {
                throw .invalidValue(subject: "inhibit mask position", expected: "1–\(bytes.count * 8)", found: "\(position)")
            }
            bytes[(position - 1) / 8] |= 1 << UInt8((position - 1) % 8)
        }
        self.bytes = bytes
    }

    public static func allEnabled(byteCount: Int = 2) -> CCTalkInhibitMask {
        CCTalkInhibitMask(bytes: [UInt8](repeating: 0xFF, count: max(0, byteCount)))
    }

    public func isEnabled(position: Int) -> Bool {
        guard position >= 1, position <= bytes.count * 8 else { return false }
        return bytes[(position - 1) / 8] & (1 << UInt8((position - 1) % 8)) != 0
    }

    /// Enabled positions in ascending order.
    public var enabledPositions: [Int] {
        (1...max(1, bytes.count * 8)).filter { isEnabled(position: $0) }
    }
}
