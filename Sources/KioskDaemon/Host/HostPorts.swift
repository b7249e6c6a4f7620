import Devices
import Engine
import Foundation
import Journal
import TownCore

/// A device command as the engine issued it, addressed to one of the four drivers.
public enum DeviceCommand: Sendable {
    case noteValidator(NoteValidatorCommand)
    case coinBus(CoinBusCommand)
    case printer(PrinterCommand)
    case cardTerminal(CardTerminalCommand)
}

/// The four device drivers as the host sees them: commands in, events back as engine inputs.
/// `DriverGateway` runs the real runners; tests plug in a recorder.
public protocol DeviceGateway: Sendable {
    /// Starts the drivers; every device event is handed to `deliver`, in order per device.
    func start(deliver: @escaping @Sendable (EngineInput) async -> Void)
    func send(_ command: DeviceCommand)
    func stop()
}

/// What the host needs from the journal. `Journal` conforms; tests wrap it to inject storage failures.
public protocol JournalStore: AnyObject {
    var kioskID: String { get }
    /// Walks the whole chain; throws the first defect.
    func verifyChain() throws -> JournalSummary
    /// Every record in order.
    func replay(_ body: (JournalRecord) throws -> Void) throws
    /// Appends and commits durably (fsync) before returning the new record's sequence.
    func appendDurably(type: String, payload: [UInt8]) throws -> Int64
}

extension Journal: JournalStore {
    public func verifyChain() throws -> JournalSummary { try verify() }
    public func replay(_ body: (JournalRecord) throws -> Void) throws { try forEachRecord(from: 1, body) }
    public func appendDurably(type: String, payload: [UInt8]) throws -> Int64 {
        try append(type: type, payload: payload).sequence
    }
}

/// The host's sense of time: a monotonic clock for the engine and timers, and today's date in Prague.
public protocol HostClock: Sendable {
    /// Monotonic time since the host started.
    func elapsed() -> Duration
    /// The calendar day in Europe/Prague.
    func today() -> DayDate
    /// A wake-up that calls `handler` when it rings (off the caller's executor).
    func makeAlarm(_ handler: @escaping @Sendable () -> Void) -> any HostAlarm
}

public struct SystemHostClock: HostClock {
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init() { origin = clock.now }

    public func elapsed() -> Duration { origin.duration(to: clock.now) }

    public func today() -> DayDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Prague") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        // Calendar components of a real date are always a valid day; the fallback only satisfies the type.
        return (try? DayDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)) ?? Self.fallbackDay
    }

    private static let fallbackDay: DayDate = {
        do { return try DayDate(year: 2000, month: 1, day: 1) } catch { preconditionFailure("2000-01-01 is a valid day") }
    }()

    public func makeAlarm(_ handler: @escaping @Sendable () -> Void) -> any HostAlarm {
        DispatchAlarm(label: "kioskd.engine-timers", handler: handler)
    }
}

/// Claims an unbound voucher for this kiosk from the town server (the sync agent implements it). Must answer
/// within its own timeout; false when the server refused or could not be asked.
public protocol VoucherClaimer: Sendable {
    func claim(_ voucher: VoucherID) async -> Bool
}
