import Devices
import Engine
import Foundation
import Journal
import KioskDaemon
import Synchronization
import TestSupport
import TownCore

/// Everything the host did to the outside world, in order: journal appends and device commands.
final class EffectLog: Sendable {
    private let entries = Mutex<[String]>([])

    func add(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

/// A device gateway that records commands instead of driving hardware; tests feed device events by hand.
final class RecordingGateway: DeviceGateway {
    let log: EffectLog
    private let started = Mutex(false)
    init(log: EffectLog) { self.log = log }

    func start(deliver: @escaping @Sendable (EngineInput) async -> Void) { started.withLock { $0 = true } }
    func stop() {}
    var wasStarted: Bool { started.withLock { $0 } }

    func send(_ command: DeviceCommand) {
        switch command {
        case .noteValidator(let command): log.add("nv.\(Self.name(command))")
        case .coinBus(let command): log.add("coin.\(Self.name(command))")
        case .printer: log.add("printer")
        case .cardTerminal: log.add("card")
        }
    }

    private static func name(_ command: some Any) -> String {
        String("\(command)".prefix { $0 != "(" })
    }
}

/// A real journal that records each durable append, and can be told to fail from a given record type on.
final class RecordingJournal: JournalStore {
    let journal: Journal
    let log: EffectLog
    var failFromType: String?
    var brokenChain: Bool

    init(journal: Journal, log: EffectLog, failFromType: String? = nil, brokenChain: Bool = false) {
        self.journal = journal
        self.log = log
        self.failFromType = failFromType
        self.brokenChain = brokenChain
    }

    var kioskID: String { journal.kioskID }
    func verifyChain() throws -> JournalSummary {
        if brokenChain { throw JournalError.defect(.gap(expected: 3, found: 5)) }
        return try journal.verify()
    }
    func replay(_ body: (JournalRecord) throws -> Void) throws { try journal.forEachRecord(from: 1, body) }

    struct InjectedFailure: Error, CustomStringConvertible { var description: String { "disk I/O error (injected)" } }

    func appendDurably(type: String, payload: [UInt8]) throws -> Int64 {
        if let failFromType, type == failFromType { throw InjectedFailure() }
        let sequence = try journal.append(type: type, payload: payload).sequence
        log.add("journal.\(type)")
        return sequence
    }
}

/// Time stands still unless a test moves it; timers never fire on their own.
struct FrozenClock: HostClock {
    func elapsed() -> Duration { .seconds(1) }
    func today() -> DayDate { (try? DayDate(year: 2026, month: 3, day: 15)) ?? SystemHostClock().today() }
    func makeAlarm(_ handler: @escaping @Sendable () -> Void) -> any HostAlarm { SilentAlarm() }
}

struct SilentAlarm: HostAlarm {
    func ring(after delay: Duration) {}
    func silence() {}
}

enum HostFixture {
    static func kiosk() throws -> KioskCode { try KioskCode("K01") }

    static func configuration() throws -> EngineConfiguration {
        EngineConfiguration(kiosk: try kiosk(), officeName: "Město Holešov", officeID: "00287172")
    }

    static func dogFee() throws -> Obligation {
        try Obligation(id: "OBL-1", variableSymbol: VariableSymbol("1341000123"), description: "Poplatek ze psa 2026",
                       amountDue: Money(crowns: 1234), allowsPartialPayment: true)
    }

    static func cashUnits() throws -> [CashUnit] {
        try [Denomination.note100, .note200, .note500].map { try CashUnit(id: "R\($0.crowns)", denomination: $0, kind: .recycler, initialCount: 10) }
            + Denomination.coins.map { try CashUnit(id: "H\($0.crowns)", denomination: $0, kind: .hopper, initialCount: 50) }
    }

    static func data() throws -> [DataUpdate] {
        [.obligations([try dogFee()]), .cashUnits(try cashUnits())]
    }
}
