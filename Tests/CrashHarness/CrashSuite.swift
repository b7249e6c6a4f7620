import Failpoints
import Foundation
import KioskDaemon

/// The full crash-injection matrix: every scenario × every failpoint kioskd defines, plus the power cuts.
public struct CrashSuite: Sendable {
    public struct Case: Sendable {
        public let scenario: CrashScenario
        public let interruption: Interruption

        public init(scenario: CrashScenario, interruption: Interruption) {
            self.scenario = scenario
            self.interruption = interruption
        }
    }

    public let cases: [Case]
    /// How many successive hits of one failpoint within a scenario are each crashed at (1 = the first only).
    public let hitsPerPoint: Int

    public init(cases: [Case], hitsPerPoint: Int = 1) {
        self.cases = cases
        self.hitsPerPoint = hitsPerPoint
    }

    /// Every `engine.before.*` failpoint (`EngineHost.failpoints`) and the journal's own, for every scenario,
    /// then a power cut mid-payout for every scenario.
    public static func full(hitsPerPoint: Int = 3) -> CrashSuite {
        let names = EngineHost.failpoints + Failpoints.journal
        let killed = CrashScenario.all.flatMap { scenario in names.map { Case(scenario: scenario, interruption: .failpoint($0)) } }
        let powerCuts = CrashScenario.all.map { Case(scenario: $0, interruption: .powerCutMidPayout) }
        return CrashSuite(cases: killed + powerCuts, hitsPerPoint: hitsPerPoint)
    }

    public struct Outcome: Sendable {
        public var tested = 0
        public var notReached = 0
        public var mismatches: [String] = []
        public var failures: [String] = []

        /// The line `make crash-test` ends with.
        public var summaryLine: String { "crash_points_tested: \(tested) money_mismatches: \(mismatches.count)" }
        public var passed: Bool { tested > 0 && mismatches.isEmpty && failures.isEmpty }
    }

    /// Runs the cases, `parallel` at a time (each has its own kiosk-sim, kioskd, ports and folders; most of a
    /// case is waiting for recovery, so a few at once fit on two cores). `log` gets one line per case.
    public func run(parallel: Int = 1, log: @escaping @Sendable (String) -> Void) -> Outcome {
        let shared = SharedOutcome()
        let next = Counter()
        let done = DispatchGroup()
        for _ in 0..<max(1, min(parallel, cases.count)) {
            done.enter()
            Thread.detachNewThread { [self] in
                while let index = next.take(below: cases.count) {
                    var local = Outcome()
                    runItem(cases[index], into: &local) { line in shared.locked { log(line) } }
                    shared.merge(local)
                }
                done.leave()
            }
        }
        done.wait()
        return shared.outcome
    }

    private func runItem(_ item: Case, into outcome: inout Outcome, log: (String) -> Void) {
        guard case .failpoint(let name, _) = item.interruption else {
            _ = record(item.scenario, item.interruption, into: &outcome, log: log)
            return
        }
        // Hits while kioskd boots belong to no scenario: count them and crash at the hits after them.
        var bootHits = 0
        var occurrence = 1
        while occurrence <= hitsPerPoint && bootHits <= 10 {
            let interruption = Interruption.failpoint(name, hit: bootHits + occurrence)
            switch record(item.scenario, interruption, into: &outcome, log: log, reportSkip: occurrence == 1) {
            case .diedBeforeScenario: bootHits += 1
            case .notReached: occurrence = hitsPerPoint + 1
            case .checked, .failed: occurrence += 1
            }
        }
    }

    private func record(_ scenario: CrashScenario, _ interruption: Interruption, into outcome: inout Outcome,
                        log: (String) -> Void, reportSkip: Bool = true) -> CaseResult {
        let label = "\(scenario.name) @ \(interruption)"
        let result = runCrashCase(scenario, interruption)
        switch result {
        case .diedBeforeScenario: break
        case .notReached:
            if reportSkip {
                outcome.notReached += 1
                log("skip  \(label): not reached")
            }
        case .checked(let mismatches, let seconds):
            outcome.tested += 1
            let time = String(format: "%.1f s", seconds)
            if mismatches.isEmpty {
                log("ok    \(label) (\(time))")
            } else {
                for mismatch in mismatches {
                    outcome.mismatches.append("\(label): \(mismatch)")
                    log("MONEY MISMATCH \(label): \(mismatch)")
                }
            }
        case .failed(let reason):
            outcome.failures.append("\(label): \(reason)")
            log("FAIL  \(label): \(reason)")
        }
        return result
    }
}

/// The outcome the workers add to, and the lock their log lines share.
private final class SharedOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var total = CrashSuite.Outcome()

    func merge(_ part: CrashSuite.Outcome) {
        locked {
            total.tested += part.tested
            total.notReached += part.notReached
            total.mismatches += part.mismatches
            total.failures += part.failures
        }
    }

    func locked(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body()
    }

    var outcome: CrashSuite.Outcome {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}

/// Hands out case indexes to the workers.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
