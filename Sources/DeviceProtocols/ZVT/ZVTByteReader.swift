/// A bounds-checked cursor over received bytes: every read either succeeds or throws `.truncated`,
/// so decoders never index past the end of untrusted input. Contexts are autoclosures: the message text
/// is only built when something is actually wrong.
struct ZVTByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remainingCount: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    func peekByte() -> UInt8? { isAtEnd ? nil : bytes[offset] }

    mutating func readByte(_ context: @autoclosure () -> String) throws(ZVTCodecError) -> UInt8 {
        guard !isAtEnd else { throw .truncated(context: context(), needed: 1, available: 0) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readBytes(_ count: Int, _ context: @autoclosure () -> String) throws(ZVTCodecError) -> [UInt8] {
        guard count >= 0, count <= remainingCount else {
            throw .truncated(context: context(), needed: count, available: remainingCount)
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func skip(_ count: Int, _ context: @autoclosure () -> String) throws(ZVTCodecError) {
        guard count >= 0, count <= remainingCount else {
            throw .truncated(context: context(), needed: count, available: remainingCount)
        }
        offset += count
    }

    mutating func readRemaining() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    func expectEnd(_ context: @autoclosure () -> String) throws(ZVTCodecError) {
        if !isAtEnd { throw .trailingBytes(context: context(), count: remainingCount) }
    }
}
