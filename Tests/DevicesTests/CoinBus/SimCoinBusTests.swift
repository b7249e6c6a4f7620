import DeviceProtocols
import KioskSimCore
import Testing
import TownCore

/// The simulated bus on its own: frames in, frames out, coins moving in the world.
@Suite struct SimCoinBusTests {
    let world: PhysicalWorld
    let sim: SimCoinBus

    init() throws {
        world = try PhysicalWorld(file: nil)
        sim = SimCoinBus(configuration: SimCoinBusConfiguration(hoppers: [5: .coin5], echoesHostBytes: true), world: world)
        try sim.fillHopper(.coin5, coins: 10)
    }

    /// Sends `command` to `address` split into single bytes; returns the reply after the echo.
    private func ask(_ command: CCTalkCommand, _ address: UInt8, at now: Duration = .zero) throws -> CCTalkResponse? {
        let frame = try command.frame(to: address).encoded(checksum: .simple8)
        let output = frame.flatMap { sim.receive([$0], at: now) }
        #expect(Array(output.prefix(frame.count)) == frame, "the single-wire echo comes first")
        let replyBytes = Array(output.dropFirst(frame.count))
        guard !replyBytes.isEmpty else { return nil }
        return try command.parseReply(CCTalkFrame.decode(replyBytes, checksum: .simple8))
    }

    @Test func dispenseWhileDisabledIsRefusedButStillCounted() throws {
        let request = try CCTalkDispenseRequest(coinCount: 3)
        #expect(try ask(.dispenseHopperCoins(request), 5) == .negativeAcknowledged)
        #expect(try ask(.requestHopperStatus, 5) == .hopperStatus(.init(
            eventCounter: 1, coinsRemaining: 0, lastPayoutCoinsPaid: 0, lastPayoutCoinsUnpaid: 0)))
        #expect(try ask(.enableHopper(true), 5) == .acknowledged)
        #expect(try ask(.dispenseHopperCoins(request), 5) == .dispenseAccepted(eventCounter: 2))
        _ = sim.tick(at: .milliseconds(250))
        #expect(world.count(.coin5, at: .payoutTray) == 2)
        #expect(try ask(.requestHopperDispenseCount, 5) == .hopperDispenseCount(2))
    }

    @Test func powerCutMidPayoutKeepsPaidAndUnpaidAndZeroesTheCounter() throws {
        _ = try ask(.enableHopper(true), 5)
        _ = try ask(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 5)), 5)
        _ = sim.tick(at: .milliseconds(200))
        sim.powerCycle()
        #expect(try ask(.requestHopperStatus, 5) == .hopperStatus(.init(
            eventCounter: 0, coinsRemaining: 0, lastPayoutCoinsPaid: 2, lastPayoutCoinsUnpaid: 3)))
        guard case let .hopperTest(registers) = try ask(.testHopper, 5) else {
            Issue.record("expected test hopper registers")
            return
        }
        #expect(registers.register3 == [.powerDownDuringPayout])
        #expect(registers.register1.contains(.payoutDisabled))
        _ = sim.tick(at: .seconds(2))
        #expect(world.count(.coin5, at: .payoutTray) == 2)
    }

    @Test func nobodyAnswersAtAnEmptyAddressAndCounterfeitsMoveNothing() throws {
        #expect(try ask(.simplePoll, 9) == nil)
        #expect(try sim.insertCoin(.coin5, genuine: false) == .rejected)
        #expect(sim.acceptorEventCounter == 1)
        #expect(world.total(at: .hopper) == Money(crowns: 50))
        #expect(world.total(at: .coinCashbox) == .zero)
    }

    @Test func takeTrayHandsTheCoinsToTheCustomer() throws {
        _ = try ask(.enableHopper(true), 5)
        _ = try ask(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 4)), 5)
        _ = sim.tick(at: .seconds(1))
        #expect(try sim.takeTray() == [.coin5: 4])
        #expect(world.count(.coin5, at: .payoutTray) == 0)
        #expect(world.count(.coin5, at: .customer) == -6)
    }

    @Test func traceDescribesCommandsAndReplies() throws {
        let frame = try CCTalkCommand.requestHopperStatus.frame(to: 5).encoded(checksum: .simple8)
        #expect(sim.describe(frame, fromHost: true) == "5 ← 1: requestHopperStatus")
        #expect(sim.status()["hopper.5.event_counter"] == "0")
    }
}
