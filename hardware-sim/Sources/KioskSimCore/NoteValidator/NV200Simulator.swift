import DeviceProtocols
import TownCore

/// A simulated ITL NV200 note validator with SMART Payout, speaking SSP/eSSP as the slave with the same
/// codec the driver uses, and moving notes in the shared `PhysicalWorld`.
///
/// Link rules a real device keeps and this one enforces:
/// - a frame with the same sequence bit as the previous one gets the previous reply again, without executing;
/// - encrypted frames are opened with the negotiated key and must carry the expected eCOUNT; a replayed or
///   out-of-step frame is ignored (no reply, nothing executed);
/// - commands ITL accepts only encrypted (payout, routing, emptying, halt) are refused in plaintext with
///   KEY NOT SET, whether or not a key exists; encrypted frames without a key get KEY NOT SET too;
/// - a note in escrow is stacked by the first POLL after its READ was delivered (and, with POLL WITH ACK,
///   acknowledged); HOLD keeps it and restarts the hold timeout; REJECT returns it.
public final class NV200Simulator: SimulatedDevice {
    public let name = "nv200"
    public let world: PhysicalWorld
    public let configuration: NV200SimConfiguration
    let address = SSPFrame.validatorAddress

    enum NotePath: Hashable, Sendable {
        case idle
        case reading(Denomination, genuine: Bool, until: Duration)
        /// `delivered`: READ with the channel has reached the host (acknowledged), so a POLL accepts it.
        case escrow(Denomination, holdDeadline: Duration, delivered: Bool)
        case stacking(Denomination, started: Duration)
        case rejecting(Denomination, until: Duration)
        /// Safe jam: the note is stuck inside (still at `escrow` in the ground truth).
        case jammed(Denomination)
    }

    struct PayoutRun: Hashable, Sendable {
        let requested: Money
        var plan: [Denomination]
        var paid: Money = .zero
        var notesPaid = 0
        var nextNoteAt: Duration
    }

    // Link
    var decoder = SSPFrameDecoder()
    var lastSequenceFlag: Bool?
    var lastReply: [UInt8]?
    var protocolVersion: UInt8
    var generator: UInt64?
    var modulus: UInt64?
    var session: ESSPSession?
    var fixedKey: UInt64
    var random: NV200SimRandom
    var resetAfterReply = false

    // Device
    var now: Duration = .zero
    var enabled = false
    var payoutEnabled = false
    var channelMask: UInt16 = 0
    /// Kept across power cycles, as the device keeps its routing.
    var routes: [Denomination: SSPRoute] = [:]
    var events = NV200SimEventQueue()
    var notePath: NotePath = .idle
    var payoutRun: PayoutRun?
    var lastRejectCode: UInt8 = 0
    var stackerFull = false

    // Faults armed by the control API
    var stackingJam: NV200JamKind?
    var payoutJamAfterNotes: Int?
    var payoutPowerCutAfterNotes: Int?

    public init(world: PhysicalWorld, configuration: NV200SimConfiguration = NV200SimConfiguration()) {
        self.world = world
        self.configuration = configuration
        protocolVersion = configuration.powerUpProtocolVersion
        fixedKey = configuration.fixedKey
        random = NV200SimRandom(seed: configuration.seed)
        events.append(.slaveReset)
    }

    // MARK: SimulatedDevice

    public func receive(_ bytes: [UInt8], at now: Duration) -> [UInt8] {
        advance(to: now)
        var output: [UInt8] = []
        for result in decoder.feed(bytes) {
            guard case .success(let frame) = result, frame.address == address else { continue }
            if let reply = respond(to: frame) { output += reply }
            if resetAfterReply {
                resetAfterReply = false
                powerCycle()
            }
        }
        return output
    }

    public func tick(at now: Duration) -> [UInt8] {
        advance(to: now)
        return []
    }

    /// Power cut and restored: the link, key, protocol version, enables and event buffer are lost; notes in
    /// the path are cleared the way an NV200 clears them at power-up, and a cut payout is reported as
    /// INCOMPLETE PAYOUT. Recycler, cashbox and tray contents stay where they physically are.
    public func powerCycle() {
        var powerUpEvents: [SSPPollEvent] = [.slaveReset]
        powerUpEvents += clearNotePathAtPowerUp()
        if let run = payoutRun {
            powerUpEvents.append(.incompletePayout([SSPPartialAmount(
                paid: UInt32(clamping: run.paid.halere), requested: UInt32(clamping: run.requested.halere),
                currency: .czk)]))
            payoutRun = nil
        }
        decoder = SSPFrameDecoder()
        lastSequenceFlag = nil
        lastReply = nil
        protocolVersion = configuration.powerUpProtocolVersion
        generator = nil
        modulus = nil
        session = nil
        enabled = false
        payoutEnabled = false
        channelMask = 0
        events.removeAll()
        for event in powerUpEvents { events.append(event) }
    }

    public func describe(_ bytes: [UInt8], fromHost: Bool) -> String {
        var decoder = SSPFrameDecoder()
        return decoder.feed(bytes).map { result in
            guard case .success(let frame) = result else { return "(undecodable bytes)" }
            var data = frame.data
            var prefix = ""
            if data.first == ESSPCipher.stex {
                guard let session, let opened = try? ESSPCipher.open(data, key: session.key) else { return "eSSP (cannot open)" }
                data = opened.data
                prefix = "eSSP#\(opened.count) "
            }
            if fromHost {
                return prefix + ((try? SSPCommand.decode(data)).map { "\($0)" } ?? "unknown command")
            }
            guard let response = try? SSPResponse(data: data) else { return prefix + "malformed reply" }
            if let context = try? SSPPollContext(protocolVersion: protocolVersion),
               let polled = try? SSPPollEvent.decodeAll(response.payload, context: context), !polled.isEmpty {
                return prefix + "\(response.status) \(polled)"
            }
            return prefix + "\(response.status) (\(response.payload.count) data bytes)"
        }.joined(separator: "; ")
    }

    public func status() -> [String: String] {
        [
            "enabled": "\(enabled)",
            "payout_enabled": "\(payoutEnabled)",
            "key_negotiated": "\(session != nil)",
            "protocol_version": "\(protocolVersion)",
            "channel_mask": String(channelMask, radix: 2),
            "note_path": "\(notePath)",
            "payout": payoutRun.map { "\($0.paid) of \($0.requested)" } ?? "idle",
            "pending_events": "\(events.pending.count + events.unacknowledged.count)",
        ]
    }

    // MARK: Link

    /// One frame from the host → the reply frame, or nil when the device stays silent.
    private func respond(to frame: SSPFrame) -> [UInt8]? {
        let isSync = frame.data == SSPCommand.sync.encoded()
        if !isSync, frame.sequenceFlag == lastSequenceFlag, let lastReply { return lastReply }
        let replyData: [UInt8]
        if frame.data.first == ESSPCipher.stex {
            guard var opened = session else {
                return store(SSPResponse(status: .keyNotSet).encoded(), flag: frame.sequenceFlag)
            }
            // Replayed (old eCOUNT), out of step or garbled: ignored, as if never received.
            guard let plain = try? opened.open(frame.data) else { return nil }
            session = opened
            let response = execute(plain, encrypted: true)
            guard var sealing = session else { return nil }
            let packing = packingBytes(for: response.encoded().count)
            guard let sealed = try? sealing.seal(response.encoded(), packing: { _ in packing }) else { return nil }
            session = sealing
            replyData = sealed
        } else {
            replyData = execute(frame.data, encrypted: false).encoded()
        }
        return store(replyData, flag: frame.sequenceFlag)
    }

    private func store(_ data: [UInt8], flag: Bool) -> [UInt8]? {
        guard let frame = try? SSPFrame(sequenceFlag: flag, address: address, data: data) else { return nil }
        let bytes = frame.encoded()
        lastSequenceFlag = flag
        lastReply = bytes
        return bytes
    }

    private func packingBytes(for count: Int) -> [UInt8] {
        (0..<ESSPCipher.packingCount(forDataCount: count)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    // MARK: Helpers

    func channel(of note: Denomination) -> UInt8? {
        configuration.notes.firstIndex(of: note).map { UInt8(truncatingIfNeeded: $0 + 1) }
    }

    func note(of amount: SSPAmount) -> Denomination? {
        guard amount.currency == .czk, let note = try? Denomination(value: Money(halere: Int64(amount.value))),
              configuration.notes.contains(note) else { return nil }
        return note
    }

    func isChannelEnabled(_ note: Denomination) -> Bool {
        guard let channel = channel(of: note), channel <= 16 else { return false }
        return channelMask & (1 << UInt16(channel - 1)) != 0
    }

    var pollContext: SSPPollContext? { try? SSPPollContext(protocolVersion: protocolVersion, unitType: .smartPayout) }

    /// Status events reported in every poll while their condition lasts.
    var statusEvents: [SSPPollEvent] {
        guard let run = payoutRun else { return [] }
        return [.dispensing([.czk(UInt32(clamping: run.paid.halere))])]
    }

    func advance(to time: Duration) {
        if time > now { now = time }
        advanceNotePath()
        advancePayout()
    }
}
