import DeviceIO
import Devices
import Foundation
import KioskSimCore
import Testing
import TownCore

/// Events from a runner's stream, readable from the test.
final class NV200EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [NoteValidatorEvent] = []

    func append(_ event: NoteValidatorEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var snapshot: [NoteValidatorEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}

/// The real thing minus hardware: `DriverRunner` on the slave side of a pty (through `SerialPort`),
/// `SimDeviceHost` serving the simulated NV200 on the master side.
struct NV200Rig {
    let world: PhysicalWorld
    let host: SimDeviceHost<NV200Simulator>
    let runner: DriverRunner<NV200Driver>
    let pty: PseudoTerminal
    let log = NV200EventLog()

    init(recycler: [Denomination: Int] = [:]) throws {
        world = try PhysicalWorld(file: nil)
        var deviceConfiguration = NV200SimConfiguration()
        deviceConfiguration.readDuration = .milliseconds(100)
        deviceConfiguration.stackDuration = .milliseconds(200)
        deviceConfiguration.rejectDuration = .milliseconds(100)
        deviceConfiguration.dispenseInterval = .milliseconds(300)
        let device = NV200Simulator(world: world, configuration: deviceConfiguration)
        for (note, count) in recycler { try device.setLevel(count, note) }
        host = SimDeviceHost(device: device)
        pty = try PseudoTerminal()
        host.serveInBackground(pty)

        var configuration = NV200Configuration()
        configuration.replyTimeout = .milliseconds(300)
        let slavePath = pty.slavePath
        runner = DriverRunner(machine: try NV200Driver(configuration: configuration), reopenDelay: .milliseconds(200)) {
            try SerialPort(path: slavePath, settings: NV200Driver.serialPortSettings)
        }
        let runner = runner
        let log = log
        Task { for await event in runner.events { log.append(event) } }
        runner.start()
    }

    /// Waits (bounded, as a failure guard only) until `predicate` holds for the events so far.
    @discardableResult
    func wait(timeout: Duration = .seconds(60), until predicate: ([NoteValidatorEvent]) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if predicate(log.snapshot) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return predicate(log.snapshot)
    }

    func stop() {
        runner.stop()
        host.stop()
    }

    func isPayoutSettled(_ id: String) -> ([NoteValidatorEvent]) -> Bool {
        { events in
            events.contains { event in
                switch event {
                case .payoutFinished(id, _), .payoutInterrupted(id, _, _, _), .payoutRefused(id, _),
                     .payoutOutcomeUnknown(id, _): true
                default: false
                }
            }
        }
    }
}

@Suite struct NV200EndToEndTests {
    @Test func oneNoteAcceptedOneReturnedGivesExactlyOneCredit() async throws {
        let rig = try NV200Rig()
        defer { rig.stop() }
        #expect(try await rig.wait { $0.contains(.ready) })
        rig.runner.submit(.enable(accepting: Set(Denomination.notes)))

        _ = rig.host.withDevice { $0.insertNote(.note2000) }
        #expect(try await rig.wait { $0.contains(.noteEscrowed(.note2000)) })
        rig.runner.submit(.accept)
        #expect(try await rig.wait { $0.contains { if case .noteCredited(.note2000, _) = $0 { true } else { false } } })

        _ = rig.host.withDevice { $0.insertNote(.note500) }
        #expect(try await rig.wait { $0.contains(.noteEscrowed(.note500)) })
        rig.runner.submit(.returnNote)
        #expect(try await rig.wait { $0.contains(.noteReturned(.note500)) })
        try await Task.sleep(for: .milliseconds(600))

        let credits = rig.log.snapshot.compactMap { if case .noteCredited(let note, _) = $0 { note } else { nil } }
        #expect(credits == [.note2000])
        #expect(rig.world.count(.note2000, at: .cashbox) == 1)
        #expect(rig.world.count(.note2000, at: .customer) == -1)
        #expect(rig.world.count(.note500, at: .customer) == 0)
        #expect(rig.world.total(at: .escrow) == .zero)
    }

    @Test func payout700FromARecyclerHolding500And200() async throws {
        let rig = try NV200Rig(recycler: [.note500: 1, .note200: 1])
        defer { rig.stop() }
        #expect(try await rig.wait { $0.contains(.ready) })
        rig.runner.submit(.payout(payoutID: "E1", amount: Money(crowns: 700)))
        #expect(try await rig.wait(until: rig.isPayoutSettled("E1")))
        #expect(rig.log.snapshot.contains(.payoutFinished(payoutID: "E1", paid: Money(crowns: 700))))
        #expect(rig.world.count(.note500, at: .payoutTray) == 1)
        #expect(rig.world.count(.note200, at: .payoutTray) == 1)
        #expect(rig.world.total(at: .recycler) == .zero)
    }

    @Test func aDroppedReplyDuringPayoutStillPaysExactly700() async throws {
        let rig = try NV200Rig(recycler: [.note500: 2, .note200: 2])
        defer { rig.stop() }
        #expect(try await rig.wait { $0.contains(.ready) })
        rig.host.setWireFaults { $0.dropReplies = 1 }
        rig.runner.submit(.payout(payoutID: "E2", amount: Money(crowns: 700)))
        #expect(try await rig.wait(until: rig.isPayoutSettled("E2")))
        try await Task.sleep(for: .seconds(1))
        #expect(rig.log.snapshot.contains(.payoutFinished(payoutID: "E2", paid: Money(crowns: 700))))
        #expect(rig.world.total(at: .payoutTray) == Money(crowns: 700))
        #expect(rig.world.total(at: .recycler) == Money(crowns: 700))
    }

    @Test func aPayoutJamAfterOneNoteIsReportedExactly() async throws {
        let rig = try NV200Rig(recycler: [.note500: 1, .note200: 1])
        defer { rig.stop() }
        #expect(try await rig.wait { $0.contains(.ready) })
        rig.host.withDevice { $0.jamPayout(afterNotes: 1) }
        rig.runner.submit(.payout(payoutID: "E3", amount: Money(crowns: 700)))
        #expect(try await rig.wait(until: rig.isPayoutSettled("E3")))
        #expect(rig.log.snapshot.contains(.payoutInterrupted(payoutID: "E3", paid: Money(crowns: 500),
                                                             requested: Money(crowns: 700), reason: .jammed)))
        #expect(rig.world.total(at: .payoutTray) == Money(crowns: 500))
    }

    @Test func aPowerCutMidPayoutIsReportedWithTheExactPaidValue() async throws {
        let rig = try NV200Rig(recycler: [.note1000: 1, .note500: 1, .note200: 1])
        defer { rig.stop() }
        #expect(try await rig.wait { $0.contains(.ready) })
        rig.host.withDevice { $0.cutPowerDuringPayout(afterNotes: 1) }
        rig.runner.submit(.payout(payoutID: "E4", amount: Money(crowns: 1_700)))
        #expect(try await rig.wait(until: rig.isPayoutSettled("E4")))
        let paid = rig.world.total(at: .payoutTray)
        #expect(paid == Money(crowns: 1_000))
        let events = rig.log.snapshot
        #expect(events.contains(.powerUp(.incompletePayout(paid: paid, requested: Money(crowns: 1_700)))))
        #expect(events.contains(.payoutInterrupted(payoutID: "E4", paid: paid, requested: Money(crowns: 1_700),
                                                   reason: .powerLoss)))
    }
}
