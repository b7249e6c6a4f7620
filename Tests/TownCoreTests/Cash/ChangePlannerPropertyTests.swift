import Testing
@testable import TownCore

/// Random cases checked against naive reference solvers: same feasibility, same piece count, and every
/// plan pays exactly and stays within the inventory. Seeded, so a failure names a case that reproduces.
@Suite("Change planner: properties against reference solvers")
struct ChangePlannerPropertyTests {
    /// Checks one case; returns a description of what went wrong, or nil.
    private func mismatch(_ crowns: Int, _ available: [Denomination: Int], reference: Int?) throws -> String? {
        let plan = try ChangePlanner.plan(Money(crowns: Int64(crowns)), from: available)
        let context = "amount \(crowns) from \(available.filter { $0.value > 0 }.sorted { $0.key < $1.key })"
        switch (plan, reference) {
        case (nil, nil):
            return nil
        case let (nil, fewest?):
            return "planner found nothing, reference pays in \(fewest) pieces: \(context)"
        case let (plan?, nil):
            return "planner paid \(plan.counts) but the reference finds it impossible: \(context)"
        case let (plan?, fewest?):
            if plan.total != Money(crowns: Int64(crowns)) { return "plan \(plan.counts) does not sum: \(context)" }
            if let over = plan.counts.first(where: { $0.value > (available[$0.key] ?? 0) }) {
                return "plan uses \(over.value) × \(over.key), more than available: \(context)"
            }
            if plan.pieceCount != fewest { return "plan has \(plan.pieceCount) pieces, optimum \(fewest): \(context)" }
            return nil
        }
    }

    private func randomCounts(_ rng: inout CashSeededGenerator, max: Int, zeroChance: Int) -> [Denomination: Int] {
        var counts: [Denomination: Int] = [:]
        for denomination in Denomination.all where Int.random(in: 0..<100, using: &rng) >= zeroChance {
            counts[denomination] = Int.random(in: 0...max, using: &rng)
        }
        return counts
    }

    /// Value of a random part of the inventory: certainly payable, but rarely by the obvious pieces.
    private func randomPayable(_ counts: [Denomination: Int], _ rng: inout CashSeededGenerator) -> Int {
        counts.reduce(0) { $0 + Int($1.key.crowns) * Int.random(in: 0...$1.value, using: &rng) }
    }

    private func reach(_ counts: [Denomination: Int]) -> Int {
        counts.reduce(0) { $0 + Int($1.key.crowns) * $1.value }
    }

    @Test func smallCountsAgainstExhaustiveSearch() throws {
        var rng = CashSeededGenerator(seed: 0xCA5E_0001)
        var failures: [String] = []
        var feasible = 0
        for _ in 0..<3_000 {
            let counts = randomCounts(&rng, max: 3, zeroChance: 35)
            let total = reach(counts)
            // Half certainly payable, half uniform (often impossible), weighted towards the small end.
            let crowns = Bool.random(using: &rng)
                ? randomPayable(counts, &rng)
                : Int.random(in: 0...min(total + 20, 700), using: &rng)
            let reference = CashReferenceSolver.exhaustiveFewestPieces(crowns, from: counts)
            if reference != nil { feasible += 1 }
            if let failure = try mismatch(crowns, counts, reference: reference) { failures.append(failure) }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
        // Both outcomes must actually be exercised.
        #expect(feasible > 500 && feasible < 2_800, "feasible cases: \(feasible)")
    }

    @Test func coinHeavyCountsAgainstTable() throws {
        var rng = CashSeededGenerator(seed: 0xCA5E_0002)
        var failures: [String] = []
        var feasible = 0
        for _ in 0..<1_500 {
            var counts = randomCounts(&rng, max: 40, zeroChance: 40)
            // Few notes keep the table small while still crossing decades.
            for note in Denomination.notes { counts[note] = counts[note].map { $0 % 4 } }
            let crowns = Bool.random(using: &rng)
                ? min(randomPayable(counts, &rng), 4_000)
                : Int.random(in: 0...min(reach(counts) + 30, 4_000), using: &rng)
            let reference = CashReferenceSolver.tableFewestPieces(crowns, from: counts)
            if reference != nil { feasible += 1 }
            if let failure = try mismatch(crowns, counts, reference: reference) { failures.append(failure) }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
        #expect(feasible > 300 && feasible < 1_450, "feasible cases: \(feasible)")
    }

    @Test func sparseInventoriesWithParityTraps() throws {
        // Inventories missing 1 Kč and often 5 Kč coins or whole decades: odd amounts and decade gaps.
        var rng = CashSeededGenerator(seed: 0xCA5E_0003)
        var failures: [String] = []
        for _ in 0..<1_500 {
            var counts = randomCounts(&rng, max: 12, zeroChance: 55)
            counts[.coin1] = nil
            if Bool.random(using: &rng) { counts[.coin5] = nil }
            let crowns = Bool.random(using: &rng)
                ? min(randomPayable(counts, &rng), 3_000)
                : Int.random(in: 0...min(reach(counts) + 10, 3_000), using: &rng)
            let reference = CashReferenceSolver.tableFewestPieces(crowns, from: counts)
            if let failure = try mismatch(crowns, counts, reference: reference) { failures.append(failure) }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func tableAndExhaustiveReferencesAgree() {
        // The two references are independent; agreeing with each other makes both believable.
        var rng = CashSeededGenerator(seed: 0xCA5E_0004)
        for _ in 0..<300 {
            let counts = randomCounts(&rng, max: 3, zeroChance: 30)
            let crowns = Int.random(in: 0...min(reach(counts) + 10, 1_500), using: &rng)
            #expect(CashReferenceSolver.exhaustiveFewestPieces(crowns, from: counts)
                == CashReferenceSolver.tableFewestPieces(crowns, from: counts), "amount \(crowns) from \(counts)")
        }
    }

    @Test func largeAmountsWithBenchmarkShapedInventories() throws {
        // Amounts up to 100 000 Kč, counts 0…100: compare against the table on a sample (it is slow there),
        // and check sum and bounds on all.
        var rng = CashSeededGenerator(seed: 0xCA5E_0005)
        var failures: [String] = []
        for index in 0..<400 {
            let counts = randomCounts(&rng, max: 100, zeroChance: 15)
            let crowns = Bool.random(using: &rng) ? min(randomPayable(counts, &rng), 100_000) : Int.random(in: 0...100_000, using: &rng)
            let plan = try ChangePlanner.plan(Money(crowns: Int64(crowns)), from: counts)
            if index % 20 == 0 {
                let reference = CashReferenceSolver.tableFewestPieces(crowns, from: counts)
                if let failure = try mismatch(crowns, counts, reference: reference) { failures.append(failure) }
            } else if let plan {
                if plan.total != Money(crowns: Int64(crowns)) { failures.append("sum: \(crowns) from \(counts)") }
                if plan.counts.contains(where: { $0.value > (counts[$0.key] ?? 0) }) { failures.append("bounds: \(counts)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }
}
