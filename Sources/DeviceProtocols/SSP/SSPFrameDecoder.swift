/// Incremental SSP receiver: feed it whatever the serial port delivered (a whole frame, half a
/// frame, one byte, three frames with noise between them) and it returns, in order, every frame
/// completed by those bytes and a typed error for everything it had to throw away.
///
/// Resynchronisation relies on stuffing: inside a packet every 0x7F is doubled, so a 0x7F
/// followed by anything else is always the start of a new packet. Outside a packet a doubled
/// 0x7F is a stuffed byte of a packet we joined too late and is skipped as noise.
///
/// The decoder has no clock. A driver that sees the line go quiet mid-frame calls
/// `abandonPartialFrame()` so the half frame is reported rather than glued to the next reply.
public struct SSPFrameDecoder: Sendable {
    /// Unstuffed bytes after STX of the packet in progress; nil while outside a packet.
    private var body: [UInt8]?
    /// The previous byte was a 0x7F whose meaning (stuffing or STX) depends on the next byte.
    private var pendingSTX = false
    private var discardedCount = 0

    public init() {}

    /// True while part of a packet has been received.
    public var isInsideFrame: Bool { body != nil }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Result<SSPFrame, SSPFrameDecodingError>] {
        var output: [Result<SSPFrame, SSPFrameDecodingError>] = []
        for byte in bytes { consume(byte, into: &output) }
        return output
    }

    /// Drops a half-received packet (and any noise counted so far), reporting what was lost.
    public mutating func abandonPartialFrame() -> SSPFrameDecodingError? {
        var lost: SSPFrameDecodingError?
        if let body {
            lost = .truncated(expectedBodyCount: Self.expectedBodyCount(body), receivedBodyCount: body.count)
        } else {
            let count = discardedCount + (pendingSTX ? 1 : 0)
            if count > 0 { lost = .discardedBytes(count: count) }
        }
        body = nil
        pendingSTX = false
        discardedCount = 0
        return lost
    }

    private mutating func consume(_ byte: UInt8, into output: inout [Result<SSPFrame, SSPFrameDecodingError>]) {
        let isSTX = byte == SSPFrame.stx
        if !pendingSTX {
            if isSTX {
                pendingSTX = true
            } else if body != nil {
                append(byte, into: &output)
            } else {
                discardedCount += 1
            }
            return
        }
        pendingSTX = false
        if isSTX {
            // A doubled 0x7F: data inside a packet, noise outside one (a packet whose start we missed).
            if body != nil {
                append(byte, into: &output)
            } else {
                discardedCount += 2
            }
            return
        }
        // The pending 0x7F was an STX and this byte is the new packet's SEQ/ID.
        if let cut = body {
            output.append(.failure(.truncated(
                expectedBodyCount: Self.expectedBodyCount(cut), receivedBodyCount: cut.count)))
        }
        if discardedCount > 0 {
            output.append(.failure(.discardedBytes(count: discardedCount)))
            discardedCount = 0
        }
        body = []
        append(byte, into: &output)
    }

    private mutating func append(_ byte: UInt8, into output: inout [Result<SSPFrame, SSPFrameDecodingError>]) {
        guard var current = body else { return }
        body = nil  // take ownership so the append below does not copy
        current.append(byte)
        if current.count == 2 && current[1] == 0 {
            output.append(.failure(.zeroLength))
            return
        }
        if let expected = Self.expectedBodyCount(current), current.count == expected {
            output.append(Self.frame(fromCompleteBody: current))
            return
        }
        body = current
    }

    /// SEQ + LEN + DATA + 2 CRC bytes, once LEN is known.
    private static func expectedBodyCount(_ body: [UInt8]) -> Int? {
        body.count >= 2 ? Int(body[1]) + 4 : nil
    }

    private static func frame(fromCompleteBody body: [UInt8]) -> Result<SSPFrame, SSPFrameDecodingError> {
        let seq = body[0]
        let data = Array(body[2..<(body.count - 2)])
        let received = UInt16(body[body.count - 2]) | UInt16(body[body.count - 1]) << 8
        let computed = SSPFrame.crc(sequenceAndAddress: seq, data: data)
        guard received == computed else { return .failure(.crcMismatch(computed: computed, received: received)) }
        do {
            return .success(try SSPFrame(
                sequenceFlag: seq & SSPFrame.sequenceFlagMask != 0,
                address: seq & ~SSPFrame.sequenceFlagMask,
                data: data))
        } catch {
            return .failure(.invalidAddress(seq & ~SSPFrame.sequenceFlagMask))
        }
    }
}

/// Everything the SSP receiver can throw away, with what it expected and what it found.
public enum SSPFrameDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Bytes outside any packet (line noise, the tail of a packet whose start was missed).
    case discardedBytes(count: Int)
    /// LEN was 0; every SSP packet carries at least a command or response byte.
    case zeroLength
    /// A new STX (or `abandonPartialFrame`) arrived before the packet was complete.
    /// Counts are unstuffed bytes after STX; `expectedBodyCount` is nil if LEN never arrived.
    case truncated(expectedBodyCount: Int?, receivedBodyCount: Int)
    case crcMismatch(computed: UInt16, received: UInt16)
    /// A CRC-valid packet from address 0x7F, which this codec does not use (see `SSPFrame.addressRange`).
    case invalidAddress(UInt8)

    public var description: String {
        switch self {
        case .discardedBytes(let count):
            return "SSP receiver: expected STX 0x7F, discarded \(count) byte(s) of noise"
        case .zeroLength:
            return "SSP length byte: expected 1...255, found 0"
        case .truncated(let expected, let received):
            let wanted = expected.map { "\($0)" } ?? "at least 2"
            return "SSP packet cut short: expected \(wanted) bytes after STX, found \(received) before the next STX"
        case .crcMismatch(let computed, let received):
            return "SSP CRC: expected 0x\(sspHex(computed)), found 0x\(sspHex(received))"
        case .invalidAddress(let address):
            return "SSP address: expected 0x00...0x7E, found 0x\(sspHex(address))"
        }
    }
}
