import ArgumentParser
import TownCore

/// Change planning latency for amounts up to 100 000 Kč with every denomination bounded,
/// beside a bounded greedy pass (fast, but sometimes wrong) as the same-run baseline.
struct ChangeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "change", abstract: "Change planner p50/p99 latency.")

    @Option(help: "Number of random cases.") var cases = 20_000
    @Option(help: "Largest amount in crowns.") var maxCrowns: Int64 = 100_000
    @Option(help: "Largest count per denomination.") var maxCount = 60
    @Option(help: "Seed, so a run can be repeated.") var seed: UInt64 = 2026

    func run() throws {
        var generator = SplitMix64(seed: seed)
        let inputs: [(Money, [Denomination: Int])] = (0..<cases).map { _ in
            let amount = Money(crowns: Int64.random(in: 1...maxCrowns, using: &generator))
            var stock: [Denomination: Int] = [:]
            for denomination in Denomination.all { stock[denomination] = Int.random(in: 0...maxCount, using: &generator) }
            return (amount, stock)
        }
        let clock = ContinuousClock()
        var planned: [Double] = []
        var greedy: [Double] = []
        var found = 0
        var greedyMisses = 0
        planned.reserveCapacity(cases)
        greedy.reserveCapacity(cases)
        for (amount, stock) in inputs {
            var plan: ChangePlan?
            planned.append(Report.microseconds(try clock.measure { plan = try ChangePlanner.plan(amount, from: stock) }))
            var greedyPaid = false
            greedy.append(Report.microseconds(clock.measure { greedyPaid = Self.greedy(amount, stock) }))
            if plan != nil { found += 1 }
            if plan != nil && !greedyPaid { greedyMisses += 1 }
        }
        planned.sort()
        greedy.sort()
        Report.line("change_plan_p50_us", Report.percentile(planned, 0.50))
        Report.line("change_plan_p99_us", Report.percentile(planned, 0.99))
        Report.line("change_plan_max_us", planned.last ?? 0)
        Report.line("greedy_baseline_p50_us", Report.percentile(greedy, 0.50))
        Report.line("greedy_baseline_p99_us", Report.percentile(greedy, 0.99))
        Report.line("change_cases_payable", Double(found), decimals: 0)
        Report.line("change_cases_greedy_would_refuse", Double(greedyMisses), decimals: 0)
    }

    /// Largest-first with bounded counts: the naive planner the real one must beat on correctness.
    static func greedy(_ amount: Money, _ stock: [Denomination: Int]) -> Bool {
        var remaining = amount.wholeCrowns
        for denomination in Denomination.all.reversed() {
            let take = min(Int64(stock[denomination] ?? 0), remaining / denomination.crowns)
            remaining -= take * denomination.crowns
        }
        return remaining == 0
    }
}

typealias SplitMix64 = SeededRandomNumberGenerator
