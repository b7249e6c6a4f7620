@testable import DeviceProtocols
@testable import Devices
@testable import KioskSimCore
import Testing
import TownCore

/// The simulated device's own rules: what a rogue or confused host gets from it.
@Suite struct NV200SimulatorTests {
    /// A frame with the next sequence bit the device will treat as new.
    static func freshFrame(_ data: [UInt8], for device: NV200Simulator) throws -> [UInt8] {
        try SSPFrame(sequenceFlag: !(device.lastSequenceFlag ?? false), address: 0, data: data).encoded()
    }

    static func status(of reply: [UInt8]) -> SSPResponseStatus? {
        var decoder = SSPFrameDecoder()
        guard case .success(let frame)? = decoder.feed(reply).first, let first = frame.data.first else { return nil }
        return SSPResponseStatus(rawValue: first)
    }

    static func stockedPair() throws -> BackToBack {
        let pair = try BackToBack()
        try pair.device.setLevel(4, .note500)
        pair.boot()
        return pair
    }

    @Test func aPlaintextPayoutIsRefusedAndPaysNothing() throws {
        let pair = try Self.stockedPair()
        let plaintext = try Self.freshFrame(SSPCommand.payoutAmount(.czk(50_000), .real).encoded(), for: pair.device)
        let reply = pair.device.receive(plaintext, at: pair.now)
        #expect(Self.status(of: reply) == .keyNotSet)
        pair.device.advance(to: pair.now + .seconds(10))
        #expect(pair.device.payoutInProgress == nil)
        #expect(pair.world.total(at: .payoutTray) == .zero)
    }

    @Test func aReplayedEncryptedPayoutPaysNothing() throws {
        let pair = try Self.stockedPair()
        pair.submit(.payout(payoutID: "R", amount: Money(crowns: 500)))
        pair.run(until: { $0.contains(.payoutFinished(payoutID: "R", paid: Money(crowns: 500))) })
        pair.run(for: .seconds(1))
        let captured = try #require(pair.sent.with(SSPCommand.payoutCode).first)

        // Replayed as captured, and re-framed with the other sequence bit so the device cannot take it for a
        // retransmission: the old eCOUNT makes it ignored either way.
        var decoder = SSPFrameDecoder()
        guard case .success(let frame)? = decoder.feed(captured.bytes).first else { Issue.record("undecodable"); return }
        let reframed = try SSPFrame(sequenceFlag: !frame.sequenceFlag, address: 0, data: frame.data).encoded()
        for attack in [captured.bytes, reframed] {
            _ = pair.device.receive(attack, at: pair.now)
            pair.device.advance(to: pair.now + .seconds(5))
        }
        #expect(pair.device.payoutInProgress == nil)
        #expect(pair.world.total(at: .payoutTray) == Money(crowns: 500))
        #expect(pair.count(.note500, at: .recycler) == 3)
    }

    @Test func aRetransmissionGetsTheStoredReplyWithoutExecutingAgain() throws {
        let world = try PhysicalWorld(file: nil)
        let device = NV200Simulator(world: world)
        device.enabled = true
        device.channelMask = 0xFFFF
        device.insertNote(.note1000)
        device.advance(to: .seconds(1))
        let reject = try SSPFrame(sequenceFlag: true, address: 0, data: SSPCommand.rejectBanknote.encoded()).encoded()
        let first = device.receive(reject, at: .seconds(1))
        let resent = device.receive(reject, at: .seconds(1))
        #expect(Self.status(of: first) == .ok)
        #expect(resent == first)
        // Executed again (new sequence bit) it would fail: the note is already on its way out.
        let fresh = try SSPFrame(sequenceFlag: false, address: 0, data: SSPCommand.rejectBanknote.encoded()).encoded()
        #expect(Self.status(of: device.receive(fresh, at: .seconds(1))) == .commandCannotBeProcessed)
        #expect(device.events.pending.filter { $0 == .rejecting }.count == 1)
    }

    @Test func aNoteNobodyHoldsGoesBackAfterTheHoldTimeout() throws {
        let world = try PhysicalWorld(file: nil)
        let device = NV200Simulator(world: world)
        device.enabled = true
        device.channelMask = 0xFFFF
        device.insertNote(.note500)
        device.advance(to: .seconds(1))
        #expect(world.count(.note500, at: .escrow) == 1)
        device.advance(to: .seconds(9))
        #expect(world.count(.note500, at: .escrow) == 1)
        device.advance(to: .seconds(12))
        device.advance(to: .seconds(13))
        #expect(world.count(.note500, at: .escrow) == 0)
        #expect(world.count(.note500, at: .customer) == 0)
        #expect(device.events.pending.contains(.rejected))
        #expect(!device.events.pending.contains(.credit(channel: 3)))
    }

    @Test func powerUpForgetsTheKeyAndReportsResetFirst() throws {
        let pair = try Self.stockedPair()
        pair.device.powerCycle()
        #expect(pair.device.session == nil)
        #expect(pair.device.protocolVersion == NV200SimConfiguration().powerUpProtocolVersion)
        #expect(pair.device.events.pending.first == .slaveReset)
        let sealed = try #require(pair.driver.link.session).key
        let encrypted = try ESSPCipher.seal(SSPCommand.pollWithAck.encoded(), count: 0, key: sealed) { Array(repeating: 0, count: $0) }
        let reply = pair.device.receive(try Self.freshFrame(encrypted, for: pair.device), at: pair.now)
        #expect(Self.status(of: reply) == .keyNotSet)
    }

    @Test func thePayoutPlanFindsExactCombinationsLargestFirst() {
        let plan = NV200Simulator.plan(Money(crowns: 600), from: [(.note500, 1), (.note200, 3)])
        #expect(plan == [.note200, .note200, .note200])
        #expect(NV200Simulator.plan(Money(crowns: 700), from: [(.note200, 1), (.note500, 1)]) == [.note500, .note200])
        #expect(NV200Simulator.plan(Money(crowns: 700), from: [(.note500, 2)]) == nil)
    }
}
