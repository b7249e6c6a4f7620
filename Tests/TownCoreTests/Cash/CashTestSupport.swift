@testable import TownCore

typealias CashSeededGenerator = SeededRandomNumberGenerator

/// Independent reference solvers for the change planner. Deliberately naive: no decade structure,
/// no exchange argument, nothing shared with the planner.
enum CashReferenceSolver {
    /// Tries every combination of counts (pruning only branches that can no longer reach the amount)
    /// and returns the fewest pieces, or nil when nothing pays exactly. For small counts only.
    static func exhaustiveFewestPieces(_ crowns: Int, from available: [Denomination: Int]) -> Int? {
        let values = Denomination.all.reversed().map { Int($0.crowns) }
        let counts = Denomination.all.reversed().map { max(0, available[$0] ?? 0) }
        // reachFrom[i]: what denominations i… can pay together.
        var reachFrom = [Int](repeating: 0, count: values.count + 1)
        for i in stride(from: values.count - 1, through: 0, by: -1) {
            reachFrom[i] = reachFrom[i + 1] + values[i] * counts[i]
        }
        var best: Int?
        func walk(_ i: Int, _ remaining: Int, _ pieces: Int) {
            if remaining == 0 {
                if best.map({ pieces < $0 }) ?? true { best = pieces }
                return
            }
            guard i < values.count, remaining <= reachFrom[i] else { return }
            for used in 0...min(counts[i], remaining / values[i]) {
                walk(i + 1, remaining - used * values[i], pieces + used)
            }
        }
        walk(0, crowns, 0)
        return best
    }

    /// Bounded knapsack over every crown value up to the amount (each count split into powers of two);
    /// fine for amounts of a few thousand crowns with larger counts.
    static func tableFewestPieces(_ crowns: Int, from available: [Denomination: Int]) -> Int? {
        let unreachable = Int.max / 2
        var fewest = [Int](repeating: unreachable, count: crowns + 1)
        fewest[0] = 0
        for denomination in Denomination.all {
            var left = min(max(0, available[denomination] ?? 0), crowns / Int(denomination.crowns))
            var bundle = 1
            while left > 0 {
                let pieces = min(bundle, left)
                left -= pieces
                bundle *= 2
                let value = pieces * Int(denomination.crowns)
                guard value <= crowns else { continue }
                // Raw buffer: debug builds check every subscript, which made this loop the slowest test.
                fewest.withUnsafeMutableBufferPointer { table in
                    var total = crowns
                    while total >= value {
                        let candidate = table[total - value] + pieces
                        if candidate < table[total] { table[total] = candidate }
                        total -= 1
                    }
                }
            }
        }
        return fewest[crowns] == unreachable ? nil : fewest[crowns]
    }
}

extension Money {
    /// Test shorthand for whole crowns.
    static func kc(_ crowns: Int64) -> Money { Money(crowns: crowns) }
}
