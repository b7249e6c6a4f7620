import DeviceProtocols
import TownCore

/// What one exchange on the wire was for, so its reply goes to the right handler.
enum NV200Request: Hashable, Sendable {
    case initStep(NV200InitStep)
    case poll
    case eventAck
    case hold
    case reject
    case payout
    case route(Denomination, toRecycler: Bool)
    case levels
    case smartEmpty
    case inhibits
    case enable
    case disable
}

/// Initialisation, in order: SYNC, HOST PROTOCOL VERSION (best first), SETUP REQUEST, eSSP key exchange,
/// then encrypted SET INHIBITS, ENABLE/DISABLE, ENABLE PAYOUT DEVICE and GET ALL LEVELS.
enum NV200InitStep: Hashable, Sendable {
    case sync
    case protocolVersion(candidate: Int)
    case setup
    case generator
    case modulus
    case keyExchange
    case inhibits
    case enable
    case enablePayout
    case levels
}

/// How a reply read.
enum NV200ReplyContent: Hashable, Sendable {
    /// Plaintext for a plaintext command; decrypted and counter-checked for an encrypted one.
    case response(SSPResponse)
    /// The device has no key, so it did not execute the encrypted command.
    case keyNotSet
    /// Nothing trustworthy: a plaintext answer to an encrypted command, a bad inner CRC, garbage.
    case unreadable(String)
}

enum NV200ReceiveResult: Hashable, Sendable {
    case incomplete
    /// A frame arrived for the outstanding command but failed its CRC.
    case corrupt
    case reply(NV200Request, NV200ReplyContent)
}

/// The SSP link to one device: framing, the sequence bit, eSSP sealing and the one outstanding command.
///
/// A resend is always the stored wire bytes: same sequence bit, same eCOUNT, same ciphertext, so the
/// device answers with its stored reply instead of executing again.
struct NV200Link: Sendable {
    struct Exchange: Hashable, Sendable {
        let request: NV200Request
        let wireBytes: [UInt8]
        let sequenceFlag: Bool
        let encrypted: Bool
        /// How many times the bytes went out.
        var sendCount = 1
        /// The last attempt failed and the next step is to resend.
        var resendDue = false
    }

    let address: UInt8
    private var sequencer: SSPSequencer
    private var decoder = SSPFrameDecoder()
    private(set) var session: ESSPSession?
    private(set) var exchange: Exchange?

    init(address: UInt8) throws(SSPFrameError) {
        sequencer = try SSPSequencer(address: address)
        self.address = address
    }

    var hasKey: Bool { session != nil }

    mutating func install(_ session: ESSPSession) { self.session = session }

    /// SYNC: abandons any unanswered command and the key (the initialisation that follows renegotiates it).
    mutating func sync() -> [UInt8] {
        _ = decoder.abandonPartialFrame()
        session = nil
        let bytes = sequencer.synchronise()
        exchange = Exchange(request: .initStep(.sync), wireBytes: bytes, sequenceFlag: true, encrypted: false)
        return bytes
    }

    /// Frames a new command. Commands the device accepts only encrypted are never framed in plaintext:
    /// without a key they are refused here (nil), before any byte is written.
    mutating func send(_ command: SSPCommand, for request: NV200Request, encrypted: Bool,
                       packing: [UInt8]) -> [UInt8]? {
        guard exchange == nil, encrypted || !command.requiresEncryption else { return nil }
        var data = command.encoded()
        if encrypted {
            guard var session else { return nil }
            guard let sealed = try? session.seal(data, packing: { _ in packing }) else { return nil }
            self.session = session
            data = sealed
        }
        let flag = sequencer.nextFlag
        guard let bytes = try? sequencer.send(data) else { return nil }
        _ = decoder.abandonPartialFrame()
        exchange = Exchange(request: request, wireBytes: bytes, sequenceFlag: flag, encrypted: encrypted)
        return bytes
    }

    /// The identical bytes again, when the last attempt failed.
    mutating func resendIfDue() -> [UInt8]? {
        guard var current = exchange, current.resendDue else { return nil }
        current.resendDue = false
        current.sendCount += 1
        exchange = current
        _ = decoder.abandonPartialFrame()
        return current.wireBytes
    }

    mutating func markResendDue() {
        exchange?.resendDue = true
    }

    /// Gives up on the outstanding command (the next command will be SYNC).
    mutating func abandon() {
        _ = decoder.abandonPartialFrame()
        exchange = nil
    }

    mutating func timedOut() {
        _ = decoder.abandonPartialFrame()
    }

    /// Feeds reply bytes. Frames that are not the awaited reply (other address, other sequence bit, an
    /// encrypted reply with an older eCOUNT — a late duplicate) are skipped; they are never taken as replies.
    mutating func receive(_ bytes: [UInt8]) -> NV200ReceiveResult {
        guard let current = exchange else { return .incomplete }
        var sawCorrupt = false
        for result in decoder.feed(bytes) {
            switch result {
            case .failure(.crcMismatch), .failure(.zeroLength):
                sawCorrupt = true
            case .failure:
                continue
            case .success(let frame):
                guard frame.address == address, frame.sequenceFlag == current.sequenceFlag else { continue }
                guard let content = read(frame.data, encrypted: current.encrypted) else { continue }
                try? sequencer.acceptReply(frame)
                exchange = nil
                return .reply(current.request, content)
            }
        }
        return sawCorrupt ? .corrupt : .incomplete
    }

    /// nil for a stale encrypted reply (older counter): not ours, keep waiting.
    private mutating func read(_ data: [UInt8], encrypted: Bool) -> NV200ReplyContent? {
        let isSealed = data.first == ESSPCipher.stex
        if encrypted, isSealed, var session {
            do {
                let plain = try session.open(data)
                self.session = session
                return .response(try SSPResponse(data: plain))
            } catch let error as ESSPError {
                if case .replayedCounter = error { return nil }
                return .unreadable(error.description)
            } catch {
                return .unreadable("\(error)")
            }
        }
        if isSealed { return .unreadable("encrypted reply to a plaintext command") }
        guard let response = try? SSPResponse(data: data) else {
            return .unreadable("reply status: expected a generic response, found [\(data.prefix(4).map { String($0, radix: 16) }.joined(separator: " "))]")
        }
        if response.status == .keyNotSet { return .keyNotSet }
        if encrypted { return .unreadable("plaintext \(response.status) reply to an encrypted command") }
        return .response(response)
    }
}
