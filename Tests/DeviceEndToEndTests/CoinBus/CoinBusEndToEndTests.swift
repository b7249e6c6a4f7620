import DeviceIO
import DeviceProtocols
import Devices
import Foundation
import KioskSimCore
import Testing
import TownCore

/// The coin bus over a real pseudo-terminal: `DriverRunner` on the slave as the daemon would open a
/// serial adapter, `SimDeviceHost` on the master. Assertions are on engine events and the physical world.
@Suite(.serialized) struct CoinBusEndToEndTests {
    @Test func genuineCoinsAreCreditedAndLandInTheHoppers() async throws {
        let rig = try CoinBusRig(echo: true)
        defer { rig.shutdown() }
        #expect(await rig.log.wait { $0.contains(.ready) })
        rig.runner.submit(.enableCoins(Set(Denomination.coins)))
        #expect(await rig.wait { $0.status()["acceptor.acceptance"] == "enabled" })
        try rig.host.withDevice { sim in
            try sim.insertCoin(.coin10)
            try sim.insertCoin(.coin5, genuine: false)
            try sim.insertCoin(.coin20)
        }
        #expect(await rig.log.wait { $0.filter(\.isCredit).count >= 2 && $0.contains(.coinRejected(.notRecognised)) })
        // Let a few more polls go by: nothing may be credited twice.
        let polled = rig.host.withDevice { $0.acceptorEventCounter }
        #expect(polled == 3)
        try await Task.sleep(for: .milliseconds(600))
        #expect(rig.log.events.filter(\.isCredit).map(\.creditedDenomination) == [.coin10, .coin20])
        #expect(rig.world.count(.coin10, at: .hopper) == 51)
        #expect(rig.world.count(.coin20, at: .hopper) == 51)
        #expect(rig.world.count(.coin5, at: .hopper) == 50)
    }

    @Test func sevenFiveCrownCoinsReachThePayoutTray() async throws {
        let rig = try CoinBusRig(echo: false)
        defer { rig.shutdown() }
        #expect(await rig.log.wait { $0.contains(.ready) })
        rig.runner.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        #expect(await rig.log.wait { $0.contains(.dispenseFinished(payoutID: "P7", paid: 7, unpaid: 0)) })
        #expect(rig.world.count(.coin5, at: .payoutTray) == 7)
        #expect(try rig.host.withDevice { try $0.takeTray() } == [.coin5: 7])
    }

    @Test func hopperEmptyAfterThreeReportsThreePaidFourUnpaid() async throws {
        let rig = try CoinBusRig(echo: false)
        defer { rig.shutdown() }
        #expect(await rig.log.wait { $0.contains(.ready) })
        rig.host.withDevice { $0.setHopperEmptyAfter(.coin5, coins: 3) }
        rig.runner.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        #expect(await rig.log.wait {
            $0.contains(.dispenseInterrupted(payoutID: "P7", paid: 3, unpaid: 4, reason: .hopperEmpty))
        })
        #expect(rig.world.count(.coin5, at: .payoutTray) == 3)
    }

    /// The simulator swallows the reply to the dispense frame: the driver asks for the hopper's status
    /// instead of sending the dispense again, and exactly seven coins come out.
    @Test func droppedDispenseReplyPaysSevenNeverFourteen() async throws {
        let rig = try CoinBusRig(echo: false, dropDispenseReply: true)
        defer { rig.shutdown() }
        #expect(await rig.log.wait { $0.contains(.ready) })
        rig.runner.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        #expect(await rig.log.wait { $0.contains(.dispenseFinished(payoutID: "P7", paid: 7, unpaid: 0)) })
        try await Task.sleep(for: .milliseconds(500))
        #expect(rig.world.count(.coin5, at: .payoutTray) == 7)
        #expect(rig.host.withDevice { $0.dispenseCommandsReceived(.coin5) } == 1)
        #expect(rig.dispenseFramesWritten.value == 1)
        #expect(rig.droppedReplies.value == 1)
        // P9 on the real wire: the frame after the dispense is the hopper status request 05 00 01 A6 54.
        let written = rig.framesWritten.frames
        let dispenseIndex = try #require(written.firstIndex { $0.count > 3 && $0[3] == CCTalkHeader.dispenseHopperCoins })
        #expect(written.dropFirst(dispenseIndex + 1).first == [0x05, 0x00, 0x01, 0xA6, 0x54])
    }
}

/// One pty, one simulated bus with 1–50 Kč hoppers of 50 coins each, one driver runner.
final class CoinBusRig: Sendable {
    let pty: PseudoTerminal
    let world: PhysicalWorld
    let host: SimDeviceHost<SimCoinBus>
    let runner: DriverRunner<CCTalkBusDriver>
    let log = CoinBusEventLog()
    let dispenseFramesWritten = CoinBusCounter()
    let droppedReplies = CoinBusCounter()
    let framesWritten = CoinBusFrameLog()

    init(echo: Bool, dropDispenseReply: Bool = false) throws {
        let hoppers: [UInt8: Denomination] = [3: .coin1, 4: .coin2, 5: .coin5, 6: .coin10, 7: .coin20, 8: .coin50]
        pty = try PseudoTerminal()
        world = try PhysicalWorld(file: nil)
        let sim = SimCoinBus(configuration: SimCoinBusConfiguration(hoppers: hoppers, echoesHostBytes: echo), world: world)
        for denomination in hoppers.values { try sim.fillHopper(denomination, coins: 50) }
        host = SimDeviceHost(device: sim)
        host.serveInBackground(pty)
        let slavePath = pty.slavePath
        let configuration = try CoinBusConfiguration(hoppers: hoppers, busEchoesHostBytes: echo)
        runner = DriverRunner(
            machine: CCTalkBusDriver(configuration: configuration),
            trace: { [host, dispenseFramesWritten, droppedReplies, framesWritten] direction, bytes in
                if direction == .toDevice { framesWritten.append(bytes) }
                // Called just before the runner writes: the fault is armed before the hopper can answer.
                guard direction == .toDevice, bytes.count > 3, bytes[3] == CCTalkHeader.dispenseHopperCoins else { return }
                dispenseFramesWritten.increment()
                if dropDispenseReply, droppedReplies.increment() == 1 { host.setWireFaults { $0.dropReplies = 1 } }
            },
            openTransport: { try SerialPort(path: slavePath, settings: .ccTalk) })
        let events = runner.events
        Task { [log] in for await event in events { log.append(event) } }
        runner.start()
    }

    /// Polls the simulated device (under its host's lock) until `condition` holds.
    func wait(timeout: Duration = .seconds(60), _ condition: @escaping (SimCoinBus) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if host.withDevice(condition) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return host.withDevice(condition)
    }

    func shutdown() {
        runner.stop()
        host.stop()
        try? pty.close()
    }
}

final class CoinBusEventLog: @unchecked Sendable {
    // Safety: `stored` only under `lock`.
    private let lock = NSLock()
    private var stored: [CoinBusEvent] = []

    var events: [CoinBusEvent] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func append(_ event: CoinBusEvent) {
        lock.lock()
        stored.append(event)
        lock.unlock()
    }

    /// Waits (without spinning) until `condition` holds; the deadline only bounds a failing test.
    func wait(timeout: Duration = .seconds(60), _ condition: ([CoinBusEvent]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(events) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(events)
    }
}

final class CoinBusFrameLog: @unchecked Sendable {
    // Safety: `stored` only under `lock`.
    private let lock = NSLock()
    private var stored: [[UInt8]] = []

    var frames: [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func append(_ frame: [UInt8]) {
        lock.lock()
        stored.append(frame)
        lock.unlock()
    }
}

final class CoinBusCounter: @unchecked Sendable {
    // Safety: `count` only under `lock`.
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    @discardableResult
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

extension CoinBusEvent {
    var isCredit: Bool {
        if case .coinCredited = self { return true }
        return false
    }

    var creditedDenomination: Denomination? {
        if case let .coinCredited(denomination, _) = self { return denomination }
        return nil
    }
}
