import Foundation

/// Runs scenarios against one world, then audits it. The summary line is what `make nemesis-test` ends with.
public struct NemesisSuite: Sendable {
    public var scenarios: [NemesisScenario]
    /// Kiosk transactions while the server is down.
    public var transactions: Int

    public init(scenarios: [NemesisScenario] = NemesisScenario.allCases, transactions: Int = 12) {
        self.scenarios = scenarios
        self.transactions = transactions
    }

    public static let quick = NemesisSuite(scenarios: NemesisScenario.quick, transactions: 3)

    public struct Outcome: Sendable {
        public var syncRuns = 0
        public var failures: [String] = []
        public var audit: SyncAudit?

        public var duplicates: Int { audit?.duplicates ?? 0 }
        /// Money mismatches plus failed scenarios: all must be zero.
        public var mismatches: Int { (audit?.mismatches.count ?? 1) + failures.count }
        public var passed: Bool { syncRuns > 0 && duplicates == 0 && mismatches == 0 }
        public var summaryLine: String { "sync_runs: \(syncRuns) duplicates: \(duplicates) mismatches: \(mismatches)" }
    }

    public func run(log: @Sendable (String) -> Void) async -> Outcome {
        var outcome = Outcome()
        let world: NemesisWorld
        do { world = try NemesisWorld() } catch {
            outcome.failures.append("world did not start: \(error)")
            log("FAIL world: \(error)")
            return outcome
        }
        let customerBefore = (((try? world.sim.request("GET", "/state").json?["ground_truth"] as? [String: Any])?["totals"]
            as? [String: Any])?["customer"] as? NSNumber)?.int64Value ?? 0
        do {
            try world.payOnce()
            try world.waitForConvergence()
        } catch {
            outcome.failures.append("baseline payment: \(error)")
        }
        for scenario in scenarios {
            let started = Date()
            do {
                let runs = try await scenario.run(world, transactions: transactions)
                outcome.syncRuns += runs
                log("ok   \(scenario.rawValue): \(runs) sync runs, \(Int(Date().timeIntervalSince(started))) s")
            } catch {
                outcome.failures.append("\(scenario.rawValue): \(error)")
                log("FAIL \(scenario.rawValue): \(error)")
                try? world.server.start()
            }
        }
        do {
            try world.waitForConvergence()
            let audit = try await SyncAudit.take(world, customerBefore: customerBefore)
            outcome.audit = audit
            log("audit: \(audit)")
        } catch {
            outcome.failures.append("audit: \(error)")
            log("FAIL audit: \(error)")
        }
        return outcome
    }
}
