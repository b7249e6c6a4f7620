import DeviceIO
import DeviceProtocols
import Devices
import Foundation
import KioskSimCore
import Testing
import TownCore

/// The real thing over loopback TCP: `DriverRunner` + `TCPConnection` on the kiosk side, `TCPListener` +
/// `SimDeviceHost` + `SimulatedZVTTerminal` on the other. Assertions are on engine events and the
/// terminal's ledger, never on wall-clock time.
@Suite(.serialized) struct ZVTEndToEndTests {
    /// Short protocol timers so a lost answer is noticed in about a second.
    static let configuration = ZVTTerminalConfiguration(
        acknowledgementTimeout: .seconds(1), completionTimeout: .seconds(1), receiveSlice: .milliseconds(100),
        retryDelay: .milliseconds(200), recoveryDeadline: .seconds(20), resynchronisationQuietPeriod: .milliseconds(200),
        idleWake: .milliseconds(500))

    @Test func approvedPaymentOverTCP() async throws {
        let rig = try ZVTTerminalRig(Self.configuration)
        defer { rig.shutdown() }
        try await rig.waitFor("ready") { $0.contains(.ready) }
        rig.runner.submit(.pay(amount: Money(crowns: 150), reference: "E2E-1"))
        let events = try await rig.waitFor("an outcome") { $0.contains(where: Self.isOutcome) }
        guard case .approved(let result)? = events.first(where: Self.isOutcome) else {
            Issue.record("expected approval, got \(events)")
            return
        }
        let ledger = rig.host.withDevice { $0.ledger }
        #expect(ledger.charges.count == 1)
        #expect(ledger.charges.first?.receiptNumber == result.receiptNumber)
        #expect(result.amount == Money(crowns: 150))
        #expect(result.maskedPAN == "476173******0119")
        #expect(result.slipLines.last == "APPROVED")
    }

    @Test func declinedPaymentOverTCP() async throws {
        let rig = try ZVTTerminalRig(Self.configuration)
        defer { rig.shutdown() }
        try await rig.waitFor("ready") { $0.contains(.ready) }
        rig.host.withDevice { $0.nextOutcomes = [.decline(code: 0x78)] }
        rig.runner.submit(.pay(amount: Money(crowns: 150), reference: "E2E-2"))
        let events = try await rig.waitFor("an outcome") { $0.contains(where: Self.isOutcome) }
        guard case .declined(let decline)? = events.first(where: Self.isOutcome) else {
            Issue.record("expected a decline, got \(events)")
            return
        }
        #expect(decline.failure.reason == .declinedByCard)
        #expect(decline.failure.code == 0x78)
        #expect(rig.host.withDevice { $0.ledger.charges.isEmpty })
    }

    /// Reliability P26: the terminal charges, the answer is lost; the kiosk asks (status enquiry, repeat
    /// receipt), reports the approval, and the card is charged exactly once.
    @Test func lostCompletionIsRecoveredWithoutASecondCharge() async throws {
        let rig = try ZVTTerminalRig(Self.configuration)
        defer { rig.shutdown() }
        try await rig.waitFor("ready") { $0.contains(.ready) }
        rig.host.withDevice { $0.nextOutcomes = [.lostCompletion] }
        rig.runner.submit(.pay(amount: Money(crowns: 150), reference: "E2E-3"))
        let events = try await rig.waitFor("an outcome") { $0.contains(where: Self.isOutcome) }
        guard case .approved(let result)? = events.first(where: Self.isOutcome) else {
            Issue.record("expected a recovered approval, got \(events)")
            return
        }
        #expect(result.recoveredAfterLostResponse)
        let (ledger, commands) = rig.host.withDevice { ($0.ledger, $0.receivedCommands) }
        #expect(ledger.charges.count == 1)
        #expect(ledger.charges.first?.receiptNumber == result.receiptNumber)
        #expect(commands.filter { $0 == .authorization }.count == 1)
        let afterAuthorization = commands.drop { $0 != .authorization }.dropFirst()
        #expect(afterAuthorization.first == .statusEnquiry)
        #expect(events.filter(Self.isOutcome).count == 1)
    }

    static func isOutcome(_ event: CardTerminalEvent) -> Bool {
        switch event {
        case .approved, .declined, .outcomeUnknown: return true
        default: return false
        }
    }
}

/// A listener with the simulated terminal behind it, and a driver runner connecting to it.
final class ZVTTerminalRig: Sendable {
    let listener: TCPListener
    let host: SimDeviceHost<SimulatedZVTTerminal>
    let runner: DriverRunner<ZVTTerminalDriver>
    private let log = ZVTEventLog<CardTerminalEvent>()
    private let stopped = StopFlag()

    init(_ configuration: ZVTTerminalConfiguration) throws {
        let listener = try TCPListener()
        let host = SimDeviceHost(device: try SimulatedZVTTerminal())
        let port = listener.port
        runner = DriverRunner(machine: try ZVTTerminalDriver(configuration: configuration),
                              reopenDelay: .milliseconds(100)) {
            try TCPConnection(host: "127.0.0.1", port: port, timeout: .seconds(2))
        }
        self.listener = listener
        self.host = host
        let stopped = self.stopped
        let acceptor = Thread {
            while !stopped.isSet {
                guard let connection = try? listener.accept(deadline: .now + .milliseconds(100)) else { continue }
                host.serve(connection)
            }
        }
        acceptor.name = "zvt-sim-acceptor"
        acceptor.start()
        let log = self.log
        let events = runner.events
        Task { for await event in events { log.append(event) } }
        runner.start()
    }

    /// Polls the events seen so far until `condition` holds; throws after `limit` so a hang fails the test.
    @discardableResult
    func waitFor(_ what: String, limit: Duration = .seconds(60),
                 _ condition: @Sendable ([CardTerminalEvent]) -> Bool) async throws -> [CardTerminalEvent] {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let events = log.snapshot()
            if condition(events) { return events }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ZVTRigTimeout(description: "no \(what) within \(limit); events: \(log.snapshot())")
    }

    func shutdown() {
        runner.stop()
        host.stop()
        stopped.set()
        try? listener.close()
    }
}

struct ZVTRigTimeout: Error, CustomStringConvertible {
    let description: String
}

final class ZVTEventLog<Event: Sendable>: @unchecked Sendable {
    // Safety: `events` only under `lock`.
    private let lock = NSLock()
    private var events: [Event] = []

    func append(_ event: Event) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    func snapshot() -> [Event] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}
