/// Incremental ccTalk decoder for bytes arriving in arbitrary chunks from a serial line.
///
/// * Echo: on a single-wire bus the UART receives every byte the node sends. Call `willSend(_:)` with
///   the exact bytes before writing them; when `stripsEcho` is on, those bytes are compared (not merely
///   counted) against the start of the input and dropped. A missing or damaged echo is reported and the
///   bytes are decoded normally, so a bridge that does not echo still works.
/// * Resync: a byte that cannot start a valid frame (bad checksum, absurd length) is dropped and decoding
///   restarts at the next byte. A corrupted length byte can still make the decoder wait for bytes that
///   never come; the I/O runner must call `flushPartialInput()` after the 50 ms inter-byte gap
///   (protocols.md §1.2) — this type has no clock on purpose.
/// * Replies (ACK/NAK/BUSY) are ordinary frames here; `CCTalkReply` classifies them.
public struct CCTalkStreamDecoder: Sendable {
    public enum Event: Sendable, Hashable {
        case frame(CCTalkFrame)
        /// The node's own transmission came back and was dropped.
        case echoRemoved(byteCount: Int)
        /// An echo was expected but the line carried other bytes; they are decoded as ordinary input.
        case echoMismatch(expected: [UInt8], found: [UInt8])
        /// Bytes that could not start a frame, with the reason the first of them was rejected.
        case discarded([UInt8], reason: CCTalkFrameError)
    }

    public let checksumMode: CCTalkChecksumMode
    public let stripsEcho: Bool

    private var buffer: [UInt8] = []
    private var pendingEcho: [UInt8]?
    /// A sent frame whose echo did not line up at the start; if it decodes later it is still dropped.
    private var unmatchedEcho: [UInt8]?
    /// CRC-16 frames carry no source byte; replies are attributed to the node last addressed.
    private var impliedSource: UInt8
    private var garbage: [UInt8] = []
    private var garbageReason: CCTalkFrameError?

    public init(checksumMode: CCTalkChecksumMode, stripsEcho: Bool, impliedSource: UInt8 = CCTalkAddress.host) {
        self.checksumMode = checksumMode
        self.stripsEcho = stripsEcho
        self.impliedSource = impliedSource
    }

    /// Bytes received but not yet returned as an event (an incomplete frame or echo).
    public var pendingByteCount: Int { buffer.count }

    /// Records the bytes this node is about to transmit: their echo is expected next, and in CRC mode the
    /// addressed node becomes the implied source of the frames that follow.
    public mutating func willSend(_ bytes: [UInt8]) {
        if let destination = bytes.first { impliedSource = destination }
        unmatchedEcho = nil
        pendingEcho = stripsEcho && !bytes.isEmpty ? bytes : nil
    }

    /// Drops an incomplete frame after an inter-byte gap and returns its bytes. Also how raw address-poll
    /// answers (single unframed bytes, header 253) are collected once the poll window has passed.
    public mutating func flushPartialInput() -> [UInt8] {
        let dropped = buffer
        buffer.removeAll(keepingCapacity: true)
        pendingEcho = nil
        return dropped
    }

    public mutating func receive(_ chunk: some Sequence<UInt8>) -> [Event] {
        buffer.append(contentsOf: chunk)
        var events: [Event] = []
        var position = 0
        while position < buffer.count {
            if let echo = pendingEcho {
                guard let consumed = matchEcho(echo, at: position, events: &events) else { break }
                position += consumed
                continue
            }
            let available = buffer.count - position
            guard available >= 2 else { break }
            let dataLength = Int(buffer[position + 1])
            if dataLength > CCTalkFrame.maximumDataLength {
                discardByte(at: position, reason: .dataLengthTooLarge(maximum: CCTalkFrame.maximumDataLength, found: dataLength))
                position += 1
                continue
            }
            let total = dataLength + CCTalkFrame.overheadLength
            guard available >= total else { break }
            let candidate = buffer[position..<(position + total)]
            switch CCTalkFrame.validated(candidate, checksum: checksumMode, impliedSource: impliedSource) {
            case let .success(frame):
                flushGarbage(into: &events)
                if let echo = unmatchedEcho, echo[...] == candidate {
                    unmatchedEcho = nil
                    events.append(.echoRemoved(byteCount: total))
                } else {
                    events.append(.frame(frame))
                }
                position += total
            case let .failure(error):
                discardByte(at: position, reason: error)
                position += 1
            }
        }
        flushGarbage(into: &events)
        buffer.removeFirst(position)
        return events
    }

    /// Returns how many bytes the echo consumed, 0 after a mismatch (decoding resumes at the same
    /// position), or nil when more input is needed to decide.
    private mutating func matchEcho(_ echo: [UInt8], at position: Int, events: inout [Event]) -> Int? {
        let available = buffer.count - position
        let compared = min(available, echo.count)
        for offset in 0..<compared where buffer[position + offset] != echo[offset] {
            flushGarbage(into: &events)
            events.append(.echoMismatch(expected: echo, found: Array(buffer[position...(position + offset)])))
            pendingEcho = nil
            unmatchedEcho = echo
            return 0
        }
        guard available >= echo.count else { return nil }
        flushGarbage(into: &events)
        events.append(.echoRemoved(byteCount: echo.count))
        pendingEcho = nil
        return echo.count
    }

    private mutating func discardByte(at position: Int, reason: CCTalkFrameError) {
        if garbage.isEmpty { garbageReason = reason }
        garbage.append(buffer[position])
    }

    private mutating func flushGarbage(into events: inout [Event]) {
        guard let reason = garbageReason, !garbage.isEmpty else { return }
        events.append(.discarded(garbage, reason: reason))
        garbage.removeAll(keepingCapacity: true)
        garbageReason = nil
    }
}
