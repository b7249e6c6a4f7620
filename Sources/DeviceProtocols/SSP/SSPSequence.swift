/// The host's half of SSP's one-bit sequence protocol for one slave address.
///
/// A slave that receives a packet with the same sequence flag as the previous one does not
/// execute it again; it resends its previous reply. So:
/// - a new command carries the flag in `nextFlag`;
/// - on a timeout the host resends `retransmission()` — the IDENTICAL bytes, same flag, same
///   encrypted counter — and the slave answers again without acting twice;
/// - the flag flips only in `acceptReply(_:)`, i.e. after a reply arrived.
///
/// **Never flip the flag for a payout resend.** A PAYOUT_AMOUNT resent with a fresh flag is a
/// second payout. If the reply never comes, the only way forward is `synchronise()` and then
/// asking the device what happened (poll events, levels) before deciding anything.
public struct SSPSequencer: Sendable {
    public static let syncCommandCode: UInt8 = 0x11

    /// A command sent and not yet answered.
    public struct Outstanding: Hashable, Sendable {
        public let sequenceFlag: Bool
        /// The exact wire bytes that were sent (and must be resent).
        public let wireBytes: [UInt8]
    }

    public let address: UInt8
    /// The flag the next new command will carry.
    public private(set) var nextFlag: Bool
    public private(set) var outstanding: Outstanding?

    /// ITL's library starts every address with the flag set (0x80), as SYNC requires.
    public init(address: UInt8 = SSPFrame.validatorAddress, nextFlag: Bool = true) throws(SSPFrameError) {
        guard SSPFrame.addressRange.contains(address) else { throw .addressOutOfRange(address) }
        self.address = address
        self.nextFlag = nextFlag
    }

    /// Frames a new command. Refused while another command is still unanswered, because the
    /// flag must not move until that one's reply arrives (resend it, or `synchronise()`).
    /// A SYNC (0x11) always goes out with the flag set, as in ITL's library.
    public mutating func send(_ data: [UInt8]) throws(SSPSequenceError) -> [UInt8] {
        if let outstanding { throw .commandOutstanding(outstanding.wireBytes) }
        if data.first == Self.syncCommandCode { nextFlag = true }
        return try frame(data)
    }

    /// The bytes to resend after a timeout: identical to what was sent.
    public func retransmission() throws(SSPSequenceError) -> [UInt8] {
        guard let outstanding else { throw .nothingOutstanding }
        return outstanding.wireBytes
    }

    /// Gives up on any unanswered command and frames SYNC (flag set). After its reply the slave
    /// expects the flag clear. Whatever the abandoned command did must be found out from the device.
    public mutating func synchronise() -> [UInt8] {
        outstanding = nil
        nextFlag = true
        // Cannot fail: the address was checked in init and the payload is one byte.
        return (try? frame([Self.syncCommandCode])) ?? []
    }

    /// Records the reply to the outstanding command and flips the flag for the next one.
    /// A reply from another address or with the other flag (a late answer to an earlier
    /// command) is refused and changes nothing.
    public mutating func acceptReply(_ reply: SSPFrame) throws(SSPSequenceError) {
        guard let outstanding else { throw .nothingOutstanding }
        guard reply.address == address else { throw .wrongAddress(expected: address, found: reply.address) }
        guard reply.sequenceFlag == outstanding.sequenceFlag else {
            throw .wrongSequenceFlag(expected: outstanding.sequenceFlag, found: reply.sequenceFlag)
        }
        self.outstanding = nil
        nextFlag.toggle()
    }

    private mutating func frame(_ data: [UInt8]) throws(SSPSequenceError) -> [UInt8] {
        let frame: SSPFrame
        do {
            frame = try SSPFrame(sequenceFlag: nextFlag, address: address, data: data)
        } catch {
            throw .unframeable(error)
        }
        let bytes = frame.encoded()
        outstanding = Outstanding(sequenceFlag: nextFlag, wireBytes: bytes)
        return bytes
    }
}

public enum SSPSequenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A new command was requested while this one (wire bytes) is unanswered.
    case commandOutstanding([UInt8])
    case nothingOutstanding
    case wrongAddress(expected: UInt8, found: UInt8)
    case wrongSequenceFlag(expected: Bool, found: Bool)
    case unframeable(SSPFrameError)

    public var description: String {
        switch self {
        case .commandOutstanding(let bytes):
            return "SSP sequence: expected no unanswered command, found [\(sspHex(bytes))] still awaiting its reply"
        case .nothingOutstanding:
            return "SSP sequence: expected an unanswered command, found none"
        case .wrongAddress(let expected, let found):
            return "SSP reply address: expected 0x\(sspHex(expected)), found 0x\(sspHex(found))"
        case .wrongSequenceFlag(let expected, let found):
            return "SSP reply sequence flag: expected \(expected ? 1 : 0), found \(found ? 1 : 0)"
        case .unframeable(let error):
            return error.description
        }
    }
}
