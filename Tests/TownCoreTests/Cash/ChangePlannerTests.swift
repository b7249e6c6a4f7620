import Foundation
import Testing
@testable import TownCore

@Suite("Change planner: worked cases")
struct ChangePlannerTests {
    private func plan(_ crowns: Int64, _ available: [Denomination: Int]) throws -> ChangePlan? {
        try ChangePlanner.plan(.kc(crowns), from: available)
    }

    @Test func sixtyFromOneFiftyAndThreeTwentiesIsThreeTwenties() throws {
        let result = try #require(try plan(60, [.coin50: 1, .coin20: 3]))
        #expect(result == ChangePlan(counts: [.coin20: 3]))
        #expect(result.pieceCount == 3)
    }

    @Test(arguments: [
        // (amount, inventory, expected plan) — greedy takes the big piece first and gets stuck or uses more.
        (80, [Denomination.coin50: 1, .coin20: 4], [Denomination.coin20: 4]),
        (6, [.coin5: 1, .coin2: 3], [.coin2: 3]),
        (110, [.note100: 1, .coin50: 1, .coin20: 3], [.coin50: 1, .coin20: 3]),
        (130, [.note100: 1, .coin50: 1, .coin20: 4], [.coin50: 1, .coin20: 4]),
        (600, [.note500: 1, .note200: 3], [.note200: 3]),
        (6000, [.note5000: 1, .note2000: 3], [.note2000: 3]),
        (8, [.coin5: 1, .coin2: 4], [.coin2: 4]),
        (16, [.coin10: 1, .coin5: 1, .coin2: 8], [.coin10: 1, .coin2: 3]),
        (1_060, [.note1000: 1, .coin50: 1, .coin20: 3], [.note1000: 1, .coin20: 3]),
    ] as [(Int64, [Denomination: Int], [Denomination: Int])])
    func boundedCountsDefeatGreedy(amount: Int64, available: [Denomination: Int], expected: [Denomination: Int]) throws {
        let result = try #require(try plan(amount, available))
        #expect(result == ChangePlan(counts: expected))
        #expect(result.total == .kc(amount))
    }

    @Test func unlimitedCountsGiveTheGreedyCzechPlan() throws {
        // With every piece plentiful the 1-2-5 system is canonical: greedy is optimal.
        let plenty = Dictionary(uniqueKeysWithValues: Denomination.all.map { ($0, 1_000_000) })
        for crowns in Array(0...2_500) + [8_888, 9_999, 12_345, 99_999, 100_000] {
            var remaining = crowns
            var greedy: [Denomination: Int] = [:]
            for denomination in Denomination.all.reversed() {
                greedy[denomination] = remaining / Int(denomination.crowns)
                remaining %= Int(denomination.crowns)
            }
            let result = try #require(try plan(Int64(crowns), plenty))
            #expect(result == ChangePlan(counts: greedy), "amount \(crowns)")
        }
    }

    @Test func impossibleAmountsAreNil() throws {
        #expect(try plan(1, [.coin2: 10]) == nil)
        #expect(try plan(3, [.coin2: 10, .coin5: 10]) == nil)
        #expect(try plan(99, [.coin2: 100, .coin10: 100]) == nil) // odd, no odd piece
        #expect(try plan(10, [.coin20: 5]) == nil)
        #expect(try plan(30, [.coin20: 1, .coin5: 1, .coin2: 2]) == nil) // 20 + 9 at most below 30
        #expect(try plan(100_000, [.note5000: 19, .note2000: 2]) == nil) // 99 000 in stock
        #expect(try plan(1, [:]) == nil)
    }

    @Test func zeroIsTheEmptyPlan() throws {
        #expect(try plan(0, [:]) == .empty)
        #expect(try plan(0, [.coin1: 3]) == .empty)
    }

    @Test func forcedToUseManySmallPiecesWhenBigOnesRunOut() throws {
        // No 10–50 Kč pieces: 97 Kč must come from 1–5 Kč coins.
        let result = try #require(try plan(97, [.coin5: 30, .coin2: 3, .coin1: 3]))
        #expect(result == ChangePlan(counts: [.coin5: 19, .coin2: 1]))
        // Exactly the whole inventory.
        let all = try #require(try plan(7_888, [.note5000: 1, .note2000: 1, .coin2: 444]))
        #expect(all == ChangePlan(counts: [.note5000: 1, .note2000: 1, .coin2: 444]))
    }

    @Test func hugeCountsDoNotOverflow() throws {
        let absurd = Dictionary(uniqueKeysWithValues: Denomination.all.map { ($0, Int.max) })
        let result = try #require(try plan(100_000, absurd))
        #expect(result == ChangePlan(counts: [.note5000: 20]))
        let big = try #require(try ChangePlanner.plan(Money(crowns: 90_000_000_000_000_001), from: absurd))
        #expect(big.total == Money(crowns: 90_000_000_000_000_001))
        #expect(big[.coin1] == 1)
    }

    @Test func reserveIsKept() throws {
        let inventory: [Denomination: Int] = [.note100: 6, .coin50: 4]
        let withReserve = try #require(try ChangePlanner.plan(.kc(200), from: inventory, keeping: [.note100: 5]))
        #expect(withReserve == ChangePlan(counts: [.note100: 1, .coin50: 2]))
        #expect(try ChangePlanner.plan(.kc(200), from: inventory, keeping: [.note100: 6, .coin50: 3]) == nil)
        #expect(try ChangePlanner.plan(.kc(100), from: inventory, keeping: [.note100: 99]) == ChangePlan(counts: [.coin50: 2]))
    }

    @Test func refusedInput() {
        #expect(throws: ChangePlanError.notWholeCrowns(Money(halere: 12_050))) {
            try ChangePlanner.plan(Money(halere: 12_050), from: [.coin1: 500])
        }
        #expect(throws: ChangePlanError.negativeAmount(.kc(-5))) {
            try ChangePlanner.plan(.kc(-5), from: [.coin5: 1])
        }
        #expect(throws: ChangePlanError.negativeCount(.coin20, -1)) {
            try ChangePlanner.plan(.kc(5), from: [.coin5: 1, .coin20: -1])
        }
        #expect(throws: ChangePlanError.negativeReserve(.coin5, -2)) {
            try ChangePlanner.plan(.kc(5), from: [.coin5: 1], keeping: [.coin5: -2])
        }
        // Several bad counts: the smallest denomination is reported, whatever the dictionary order.
        #expect(throws: ChangePlanError.negativeCount(.coin2, -7)) {
            try ChangePlanner.plan(.kc(5), from: [.note5000: -1, .coin2: -7, .coin50: -3])
        }
        // An absurd reserve is refused, not subtracted (Int.min would overflow).
        #expect(throws: ChangePlanError.negativeReserve(.coin5, Int.min)) {
            try ChangePlanner.plan(.kc(5), from: [.coin5: 1], keeping: [.coin5: Int.min])
        }
        #expect(ChangePlanError.notWholeCrowns(Money(halere: 12_050)).description
            == "change: expected an amount in whole crowns, found 120,50 Kč")
    }

    @Test func planCodableRoundTripAndRefusesNonPositiveCounts() throws {
        let plan = ChangePlan(counts: [.note200: 2, .coin1: 1, .coin5: 0])
        #expect(plan.counts.keys.sorted() == [.coin1, .note200])
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(ChangePlan.self, from: data) == plan)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ChangePlan.self, from: Data(#"{"10000": 0}"#.utf8))
        }
    }

    /// The planner's pruning rests on: any 1/2/5 pieces worth 14 or more contain pieces worth exactly 10.
    /// Checked exhaustively (a count of 14 of one piece already contains 10 by itself), and 13 is tight.
    @Test func exchangeThresholdOfTheLowestDecade() {
        #expect(PlanSearch.threshold == [0, 14, 153, 1543])
        var largestWithoutTen = 0
        for ones in 0...14 {
            for twos in 0...14 {
                for fives in 0...14 {
                    let containsTen = (0...min(fives, 2)).contains { f in
                        (0...min(twos, 5)).contains { t in
                            let rest = 10 - 5 * f - 2 * t
                            return rest >= 0 && rest <= ones
                        }
                    }
                    if !containsTen { largestWithoutTen = max(largestWithoutTen, ones + 2 * twos + 5 * fives) }
                }
            }
        }
        #expect(largestWithoutTen == 13)
    }

    /// The higher thresholds (153 Kč for 100, 1 543 Kč for 1 000) follow by induction; sample them directly.
    @Test func exchangeThresholdsOfHigherDecadesOnRandomPieces() {
        var rng = CashSeededGenerator(seed: 0x7E57_0153)
        var checkedAboveThreshold = 0
        for decade in 2...3 {
            let target = decade == 2 ? 100 : 1_000
            let pieces = Denomination.all.prefix(3 * decade).map { Int($0.crowns) }
            for _ in 0..<1_500 {
                let counts = pieces.map { _ in Int.random(in: 0...5, using: &rng) }
                let total = zip(pieces, counts).reduce(0) { $0 + $1.0 * $1.1 }
                guard total >= PlanSearch.threshold[decade] else { continue }
                checkedAboveThreshold += 1
                // Subset sums up to the target, one piece at a time.
                var reachable = [Bool](repeating: false, count: target + 1)
                reachable[0] = true
                for (value, count) in zip(pieces, counts) {
                    for _ in 0..<count where value <= target {
                        for sum in stride(from: target, through: value, by: -1) where reachable[sum - value] {
                            reachable[sum] = true
                        }
                    }
                }
                #expect(reachable[target], "pieces \(counts) of \(pieces) worth \(total) have no subset worth \(target)")
            }
        }
        #expect(checkedAboveThreshold > 1_000)
    }
}

