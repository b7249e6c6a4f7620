/// Incremental decoder for the RS-232 side of ZVT: yields link-level ACK/NAK bytes and checked frames.
///
/// Unlike TCP, the serial link can resynchronise: after a thrown error the decoder is back in its idle state
/// (or, for `DLE STX` inside a frame, already collecting the new frame), so the caller answers NAK and keeps
/// calling `next()`. The frame payload is the un-stuffed APDU; decode it with `ZVTAPDU.decode`.
public struct ZVTSerialFrameDecoder: Sendable {
    public enum Event: Equatable, Sendable {
        case ack
        case nak
        case frame([UInt8])
    }

    private enum State: Sendable {
        case idle, afterStartDLE, inPayload, afterPayloadDLE, expectingCRCLow, expectingCRCHigh
        /// After an oversized payload: swallow the rest of that frame, up to DLE ETX and its two CRC bytes.
        case discarding(afterDLE: Bool)
        case skippingCRC(remaining: Int)
    }

    /// Largest un-stuffed payload accepted (an APDU with 0xFFFF data bytes plus its 5-byte header).
    public let maximumPayloadLength: Int

    private var pending: [UInt8] = []
    private var pendingIndex = 0
    private var state = State.idle
    private var payload: [UInt8] = []
    private var crcLow: UInt8 = 0

    public init(maximumPayloadLength: Int = ZVTAPDU.maximumDataLength + 5) {
        self.maximumPayloadLength = max(0, maximumPayloadLength)
    }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
    }

    /// The next link event, or nil when more bytes are needed.
    public mutating func next() throws(ZVTCodecError) -> Event? {
        defer { compact() }
        while pendingIndex < pending.count {
            let byte = pending[pendingIndex]
            pendingIndex += 1
            if let event = try consume(byte) { return event }
        }
        return nil
    }

    private mutating func consume(_ byte: UInt8) throws(ZVTCodecError) -> Event? {
        typealias F = ZVTSerialFrame
        switch state {
        case .idle:
            switch byte {
            case F.ack: return .ack
            case F.nak: return .nak
            case F.dle: state = .afterStartDLE
            default: throw .unexpectedSerialByte(context: "expected DLE STX, ACK or NAK", byte: byte)
            }
        case .afterStartDLE:
            guard byte == F.stx else {
                state = .idle
                throw .unexpectedSerialByte(context: "expected STX after DLE", byte: byte)
            }
            startFrame()
        case .inPayload:
            if byte == F.dle {
                state = .afterPayloadDLE
            } else {
                try appendPayload(byte)
            }
        case .afterPayloadDLE:
            switch byte {
            case F.dle:
                state = .inPayload
                try appendPayload(byte)
            case F.etx:
                state = .expectingCRCLow
            case F.stx:
                startFrame()
                throw .unexpectedSerialByte(context: "frame restarted by DLE STX before DLE ETX", byte: byte)
            default:
                state = .idle
                throw .unexpectedSerialByte(context: "expected DLE or ETX after DLE inside a frame", byte: byte)
            }
        case .expectingCRCLow:
            crcLow = byte
            state = .expectingCRCHigh
        case .expectingCRCHigh:
            state = .idle
            let received = UInt16(byte) << 8 | UInt16(crcLow)
            let computed = F.checksum(payload)
            guard computed == received else { throw .crcMismatch(computed: computed, received: received) }
            return .frame(payload)
        case .discarding(let afterDLE):
            if afterDLE, byte == F.etx {
                state = .skippingCRC(remaining: 2)
            } else {
                state = .discarding(afterDLE: !afterDLE && byte == F.dle)
            }
        case .skippingCRC(let remaining):
            state = remaining > 1 ? .skippingCRC(remaining: remaining - 1) : .idle
        }
        return nil
    }

    private mutating func startFrame() {
        payload.removeAll(keepingCapacity: true)
        state = .inPayload
    }

    private mutating func appendPayload(_ byte: UInt8) throws(ZVTCodecError) {
        guard payload.count < maximumPayloadLength else {
            state = .discarding(afterDLE: false)
            throw .tooLong(context: "serial frame payload", length: payload.count + 1, limit: maximumPayloadLength)
        }
        payload.append(byte)
    }

    private mutating func compact() {
        if pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
        } else if pendingIndex > 4096 {
            pending.removeFirst(pendingIndex)
            pendingIndex = 0
        }
    }
}
