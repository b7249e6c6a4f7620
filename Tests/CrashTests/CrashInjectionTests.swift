import CrashHarness
import Testing

/// The quick subset of the crash-injection test (`make crash-test` runs all of it): kioskd SIGKILLed at a few
/// money-critical failpoints, restarted on the same journal, checked against kiosk-sim's ground truth.
@Suite(.serialized) struct CrashInjectionTests {
    static let quick = CrashSuite(cases: [
        .init(scenario: .cashWithChange, interruption: .failpoint("engine.before.journal.receipt.issued")),
        .init(scenario: .cashWithChange, interruption: .failpoint("engine.before.journal.change.planned")),
        .init(scenario: .voucherPayout, interruption: .failpoint("engine.before.journal.payout.intent")),
        .init(scenario: .cancelWithCreditedNote, interruption: .failpoint("engine.before.journal.transaction.closed")),
    ])

    @Test func quickSubsetKeepsEveryCrownAccountedFor() {
        let outcome = Self.quick.run(parallel: 4) { _ in }
        #expect(outcome.tested == 4, "every quick case reaches its failpoint (\(outcome.notReached) did not)")
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
        #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    }

    /// kioskd dies after the recycler paid and before `payout.outcome` is journaled: the NV200 repeats the batch
    /// the dead process never acknowledged, and the hopper counters show which coin steps ran.
    @Test func payoutOutcomeLostInACrashIsSettledFromTheDevices() {
        let outcome = CrashSuite(cases: [.init(scenario: .voucherPayout, interruption: .failpoint("engine.before.journal.payout.outcome"))])
            .run { _ in }
        #expect(outcome.tested == 1)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
        #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    }

    @Test func scenarioWithoutInterruptionIsNotCounted() {
        let outcome = CrashSuite(cases: [.init(scenario: .cashWithChange, interruption: .failpoint("engine.before.no.such.point"))])
            .run { _ in }
        #expect(outcome.tested == 0 && outcome.notReached == 1)
        #expect(outcome.summaryLine == "crash_points_tested: 0 money_mismatches: 0")
    }
}
