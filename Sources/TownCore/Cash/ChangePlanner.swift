/// Fewest-pieces change from a bounded inventory; finds a plan whenever one exists.
///
/// Greedy is wrong once counts are bounded (60 Kč from one 50 and three 20s is 3 × 20), and a dynamic
/// programme over every crown value is too slow for 100 000 Kč. Instead the planner searches decade by
/// decade from the top (1 000–5 000, 100–500, 10–50, then 1–5 Kč), choosing how many units each decade
/// pays; within a decade the cheapest pieces for a sum are closed-form (`DecadeStock`).
///
/// What keeps the search tiny is an exchange argument. Pieces below 10ʲ Kč worth at least `Tⱼ`
/// (14, 153, 1 543 Kč for j = 1, 2, 3) always contain a subset worth exactly 10ʲ Kč; so if a piece of value
/// V ≥ 10ʲ is left unused, an optimal plan cannot pay V − 10ʲ + Tⱼ or more with smaller pieces (swap that
/// subset, two or more pieces, for the single V and the plan gets shorter). Hence each decade either pays
/// everything it has, or leaves a piece and hands at most 4·10ʲ + Tⱼ − 1 Kč to the decades below: at most
/// seven choices per decade, a few hundred leaves in all, whatever the amount or counts. Branch-and-bound
/// on `remaining ÷ largest piece` cuts that further. Impossible amounts end just as fast.
public enum ChangePlanner {
    /// The fewest pieces paying exactly `amount` from `available`, never dipping below `reserve`
    /// (e.g. keep five 100 Kč notes for the next citizen); nil when no combination pays it.
    public static func plan(
        _ amount: Money,
        from available: [Denomination: Int],
        keeping reserve: [Denomination: Int] = [:]
    ) throws(ChangePlanError) -> ChangePlan? {
        guard !amount.isNegative else { throw .negativeAmount(amount) }
        guard amount.isWholeCrowns else { throw .notWholeCrowns(amount) }
        let crowns = Int(amount.wholeCrowns)
        var usable = [Int](repeating: 0, count: Denomination.all.count)
        var firstNegative: Denomination?
        for (denomination, count) in available {
            if count < 0, firstNegative.map({ denomination < $0 }) ?? true { firstNegative = denomination }
            // Never more pieces than the amount could use; this also keeps every later sum far from overflow.
            usable[denomination.index] = min(count, crowns / Int(denomination.crowns))
        }
        if let firstNegative { throw .negativeCount(firstNegative, available[firstNegative] ?? 0) }
        var firstNegativeReserve: Denomination?
        for (denomination, kept) in reserve {
            if kept < 0 {
                if firstNegativeReserve.map({ denomination < $0 }) ?? true { firstNegativeReserve = denomination }
                continue
            }
            let index = denomination.index
            usable[index] = max(0, min(usable[index], (available[denomination] ?? 0) - kept))
        }
        if let firstNegativeReserve { throw .negativeReserve(firstNegativeReserve, reserve[firstNegativeReserve] ?? 0) }
        guard crowns > 0 else { return .empty }
        var search = PlanSearch(usable: usable)
        guard let decades = search.run(amount: crowns) else { return nil }
        var counts: [Denomination: Int] = [:]
        counts.reserveCapacity(Denomination.all.count)
        for (decade, choice) in decades.enumerated() {
            if choice.ones > 0 { counts[Denomination.all[3 * decade]] = choice.ones }
            if choice.twos > 0 { counts[Denomination.all[3 * decade + 1]] = choice.twos }
            if choice.fives > 0 { counts[Denomination.all[3 * decade + 2]] = choice.fives }
        }
        return ChangePlan(positiveCounts: counts)
    }
}

/// Depth-first branch-and-bound over the four decades; see `ChangePlanner` for why it is exact.
struct PlanSearch {
    /// Pieces below 10ʲ Kč worth at least `threshold[j]` always contain pieces worth exactly 10ʲ Kč.
    /// Decade 0 holds at most 13 Kč without a 10 Kč subset (e.g. 5 + 2 + 2 + 2 + 2); each higher decade
    /// adds at most 13 units of leftovers, so Tⱼ = 10·Tⱼ₋₁ + 13.
    static let threshold = [0, 14, 153, 1543]

    /// Value of one unit of decade j, in crowns.
    static func unit(_ decade: Int) -> Int {
        switch decade {
        case 0: 1
        case 1: 10
        case 2: 100
        default: 1000
        }
    }

    let stocks: [DecadeStock]
    /// `reachBelow[j]`: value in crowns of every piece in the decades below j.
    let reachBelow: [Int]
    /// `largestUpTo[j]`: value in crowns of the largest piece in decades 0…j.
    let largestUpTo: [Int]

    private var current: [DecadeChoice?] = [nil, nil, nil, nil]
    private var best: [DecadeChoice?]?
    private var bestPieces = Int.max

    init(usable: [Int]) {
        var stocks: [DecadeStock] = []
        var reachBelow: [Int] = []
        var largestUpTo: [Int] = []
        var reach = 0
        var largest = 0
        for decade in 0..<4 {
            let stock = DecadeStock(ones: usable[3 * decade], twos: usable[3 * decade + 1], fives: usable[3 * decade + 2])
            reachBelow.append(reach)
            let unit = PlanSearch.unit(decade)
            reach += stock.maxUnits * unit
            largest = max(largest, stock.largestPiece * unit)
            largestUpTo.append(largest)
            stocks.append(stock)
        }
        self.stocks = stocks
        self.reachBelow = reachBelow
        self.largestUpTo = largestUpTo
    }

    /// The optimal choice per decade (index = decade), or nil when `amount` cannot be paid.
    mutating func run(amount: Int) -> [DecadeChoice]? {
        guard amount <= reachBelow[3] + stocks[3].maxUnits * PlanSearch.unit(3) else { return nil }
        search(decade: 3, remaining: amount, pieces: 0, smallestLeftAbove: nil)
        guard let best else { return nil }
        return best.compactMap { $0 }
    }

    /// - Parameter smallestLeftAbove: value in crowns of the smallest piece left unused in the decades
    ///   already decided, nil when they are used up.
    private mutating func search(decade: Int, remaining: Int, pieces: Int, smallestLeftAbove: Int?) {
        let stock = stocks[decade]
        if decade == 0 {
            guard let choice = stock.cheapest(remaining), pieces + choice.pieces < bestPieces else { return }
            current[0] = choice
            bestPieces = pieces + choice.pieces
            best = current
            return
        }
        if remaining > 0 {
            let largest = largestUpTo[decade]
            guard largest > 0, pieces + (remaining + largest - 1) / largest < bestPieces else { return }
        }
        let unit = PlanSearch.unit(decade)
        let threshold = PlanSearch.threshold[decade]
        let capAbove = smallestLeftAbove.map { $0 - unit + threshold - 1 } ?? Int.max
        let reach = reachBelow[decade]

        // Everything this decade has: only the decades above bound what is left for below.
        if stock.maxUnits <= remaining / unit {
            let rest = remaining - stock.maxUnits * unit
            if rest <= min(capAbove, reach), let choice = stock.cheapest(stock.maxUnits) {
                current[decade] = choice
                search(decade: decade - 1, remaining: rest, pieces: pieces + choice.pieces,
                       smallestLeftAbove: smallestLeftAbove)
            }
        }

        // Part of it: a piece worth at most 5 units stays, so below may hold at most 4 units + T − 1.
        let capPartial = min(capAbove, 4 * unit + threshold - 1, reach)
        var units = min(remaining / unit, stock.maxUnits - 1)
        let fewestUnits = remaining > capPartial ? (remaining - capPartial + unit - 1) / unit : 0
        while units >= fewestUnits {
            defer { units -= 1 }
            guard let choice = stock.cheapest(units), let left = choice.smallestLeft else { continue }
            let smallestLeft = min(smallestLeftAbove ?? Int.max, left * unit)
            let rest = remaining - units * unit
            guard rest <= smallestLeft - unit + threshold - 1 else { continue }
            current[decade] = choice
            search(decade: decade - 1, remaining: rest, pieces: pieces + choice.pieces, smallestLeftAbove: smallestLeft)
        }
    }
}
