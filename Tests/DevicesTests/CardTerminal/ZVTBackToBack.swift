import DeviceProtocols
@testable import Devices
import KioskSimCore
import Testing
import TownCore

/// The driver against the simulated terminal in memory, on a virtual clock, bytes delivered ONE AT A TIME
/// in both directions (split frames everywhere), stepping exactly like `DriverRunner`.
struct ZVTBackToBack {
    var driver: ZVTTerminalDriver
    let terminal: SimulatedZVTTerminal
    var now: Duration = .zero
    var events: [CardTerminalEvent] = []
    /// Bytes the terminal sent that the driver has not read yet.
    private var towardsDriver: [UInt8] = []
    /// Flip the next byte the terminal sends (a garbled line).
    var corruptNextTerminalByte = false
    /// The simulator's own clock granularity, like `SimDeviceHost`'s tick.
    let tick: Duration = .milliseconds(20)

    init(_ configuration: ZVTTerminalConfiguration = ZVTTerminalConfiguration(),
         terminal: SimulatedZVTTerminal? = nil) throws {
        driver = try ZVTTerminalDriver(configuration: configuration)
        self.terminal = try terminal ?? SimulatedZVTTerminal()
    }

    var outcomes: [CardTerminalEvent] { events.filter(Self.isOutcome) }

    static func isOutcome(_ event: CardTerminalEvent) -> Bool {
        switch event {
        case .approved, .declined, .outcomeUnknown: return true
        default: return false
        }
    }

    var authorizationsReceived: Int { terminal.receivedCommands.filter { $0 == .authorization }.count }

    mutating func connect() {
        events += driver.start(at: now)
    }

    mutating func submit(_ command: CardTerminalCommand) {
        events += driver.handle(command, at: now)
    }

    /// Runs runner steps until `done` holds for the events, or `limit` of virtual time passes.
    mutating func run(for limit: Duration, until done: ([CardTerminalEvent]) -> Bool) {
        let end = now + limit
        while !done(events) && now < end {
            switch driver.nextStep(at: now) {
            case .send(let bytes):
                deliverToTerminal(bytes)
            case .exchange(let frame, let timeout):
                deliverToTerminal(frame)
                read(for: timeout)
            case .receive(let timeout):
                read(for: timeout)
            case .idle(let duration):
                advanceClock(by: min(duration, end - now))
            }
        }
    }

    mutating func runUntilReady() {
        run(for: .seconds(30)) { $0.contains(.ready) }
    }

    mutating func runUntilOutcome(limit: Duration = .seconds(600)) {
        let before = outcomes.count
        run(for: limit) { $0.filter(Self.isOutcome).count > before }
    }

    private mutating func deliverToTerminal(_ bytes: [UInt8]) {
        for byte in bytes { receiveFromTerminal(terminal.receive([byte], at: now)) }
    }

    private mutating func receiveFromTerminal(_ bytes: [UInt8]) {
        var bytes = bytes
        if corruptNextTerminalByte, !bytes.isEmpty {
            corruptNextTerminalByte = false
            bytes[0] ^= 0xFF
        }
        towardsDriver += bytes
    }

    /// Like the runner's read loop: one byte per `received`, until the reply is complete or time is up.
    private mutating func read(for timeout: Duration) {
        let deadline = now + timeout
        while true {
            if !towardsDriver.isEmpty {
                let reaction = driver.received([towardsDriver.removeFirst()], at: now)
                events += reaction.events
                if reaction.replyComplete { return }
                continue
            }
            guard now < deadline else {
                events += driver.timedOut(at: now)
                return
            }
            advanceClock(by: min(tick, deadline - now))
        }
    }

    private mutating func advanceClock(by duration: Duration) {
        now += max(duration, .milliseconds(1))
        receiveFromTerminal(terminal.tick(at: now))
    }
}
