@testable import DeviceProtocols
@testable import Devices
import TownCore

/// Deterministic SplitMix64 for the driver's key exchange and packing.
struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(_ seed: UInt64 = 42) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One frame the driver wrote, decoded with the key in force.
struct SentFrame: Equatable {
    let bytes: [UInt8]
    let sequenceFlag: Bool
    let encrypted: Bool
    let command: SSPCommand?
}

/// A hand-driven slave for pure driver scripts: it answers start-up and key exchange like a device and
/// replies to everything else from what the test queued, sealing replies to encrypted commands.
/// It does no sequence-bit bookkeeping of its own: scripts decide what the "device" does.
struct ScriptedSlave {
    var session: ESSPSession?
    var generator: UInt64?
    var modulus: UInt64?
    var protocolVersion: UInt8 = 8
    /// Poll batches to hand out, oldest first; an empty queue answers polls with no events.
    var pollBatches: [[SSPPollEvent]] = []
    /// Replies for specific command codes, oldest first (default: plain OK).
    var replies: [UInt8: [SSPResponse]] = [:]
    /// Every command executed (plaintext, after opening); resends answered from `lastReply` are not.
    var received: [SentFrame] = []
    /// Like a device: a frame with the previous frame's sequence bit gets the previous reply again.
    var lastFlag: Bool?
    var lastReply: [UInt8]?

    static let notes: [Denomination] = Denomination.notes

    func decode(_ wire: [UInt8]) -> SentFrame? {
        var decoder = SSPFrameDecoder()
        guard case .success(let frame)? = decoder.feed(wire).first else { return nil }
        var data = frame.data
        let encrypted = data.first == ESSPCipher.stex
        if encrypted {
            guard let session, let opened = try? ESSPCipher.open(data, key: session.key) else {
                return SentFrame(bytes: wire, sequenceFlag: frame.sequenceFlag, encrypted: true, command: nil)
            }
            data = opened.data
        }
        return SentFrame(bytes: wire, sequenceFlag: frame.sequenceFlag, encrypted: encrypted,
                         command: try? SSPCommand.decode(data))
    }

    /// The reply wire bytes for one command frame.
    mutating func answer(_ wire: [UInt8]) -> [UInt8] {
        var decoder = SSPFrameDecoder()
        guard case .success(let frame)? = decoder.feed(wire).first else { return [] }
        if frame.data != [0x11], frame.sequenceFlag == lastFlag, let lastReply { return lastReply }
        var data = frame.data
        let encrypted = data.first == ESSPCipher.stex
        if encrypted {
            guard var opened = session else {
                return store(SSPResponse(status: .keyNotSet).encoded(), flag: frame.sequenceFlag)
            }
            guard let plain = try? opened.open(data) else { return [] }
            session = opened
            data = plain
        }
        guard let command = try? SSPCommand.decode(data) else { return [] }
        received.append(SentFrame(bytes: wire, sequenceFlag: frame.sequenceFlag, encrypted: encrypted, command: command))
        var reply = response(to: command).encoded()
        if encrypted, reply.first != SSPResponseStatus.keyNotSet.rawValue, var sealing = session {
            reply = (try? sealing.seal(reply, packing: { Array(repeating: 0, count: $0) })) ?? []
            session = sealing
        }
        return store(reply, flag: frame.sequenceFlag)
    }

    private mutating func store(_ data: [UInt8], flag: Bool) -> [UInt8] {
        let bytes = (try? SSPFrame(sequenceFlag: flag, address: 0, data: data).encoded()) ?? []
        lastFlag = flag
        lastReply = bytes
        return bytes
    }

    private mutating func response(to command: SSPCommand) -> SSPResponse {
        if var queued = replies[command.code], !queued.isEmpty {
            let next = queued.removeFirst()
            replies[command.code] = queued
            return next
        }
        switch command {
        case .setupRequest:
            return SSPResponse(status: .ok, payload: Self.setup(protocolVersion: protocolVersion).encoded())
        case .setGenerator(let value):
            generator = value
        case .setModulus(let value):
            modulus = value
        case .requestKeyExchange(let hostIntermediate):
            let (intermediate, key) = ESSPKeyExchange.slaveResponse(
                generator: generator ?? 0, modulus: modulus ?? 0, slaveRandom: 0x1234_5678, hostIntermediate: hostIntermediate)
            session = ESSPSession(key: ESSPKey(negotiatedKey: key), role: .slave)
            return SSPResponse(status: .ok, payload: SSPReply.encodeSlaveIntermediate(intermediate))
        case .pollWithAck, .poll:
            let batch = pollBatches.isEmpty ? [] : pollBatches.removeFirst()
            let context = try? SSPPollContext(protocolVersion: protocolVersion, unitType: .smartPayout)
            let payload = context.flatMap { try? SSPPollEvent.encodeAll(batch, context: $0) } ?? []
            return SSPResponse(status: .ok, payload: payload)
        case .getAllLevels:
            return SSPResponse(status: .ok, payload: SSPReply.encodeLevels([]))
        default:
            break
        }
        return SSPResponse(status: .ok)
    }

    static func setup(protocolVersion: UInt8) -> SSPSetupInfo {
        let channels = notes.enumerated().map { index, note in
            SSPChannel(number: UInt8(index + 1), legacyValue: 0, security: 2, currency: .czk,
                       expandedValue: UInt32(note.crowns))
        }
        // Built from fixed, valid values: cannot fail.
        return try! SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "0441", countryCode: .czk,
                                 valueMultiplier: 1, channels: channels, realValueMultiplier: 100,
                                 protocolVersion: protocolVersion)
    }

    static func channel(_ note: Denomination) -> UInt8 { UInt8((notes.firstIndex(of: note) ?? 0) + 1) }
}
