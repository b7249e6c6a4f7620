/// The pieces of one decade (1-2-5 × 10ⁿ Kč) available to the change planner, in units of 10ⁿ.
///
/// Within a decade the cheapest way to make a sum is closed-form, which is what keeps the planner fast:
/// for a fixed number of fives, taking as many twos as possible minimises pieces; and adding a five
/// (removing 5 units of ones/twos) always saves at least one piece. So the best choice uses the most
/// fives that still leave a payable rest — and only the top two five-counts can be that, because going
/// lower only adds more to the rest (parity repeats every two fives).
struct DecadeStock: Sendable {
    let ones: Int
    let twos: Int
    let fives: Int

    /// Largest sum the decade can make, in its units.
    var maxUnits: Int { ones + 2 * twos + 5 * fives }

    /// Largest piece available, in units (0 when the decade is empty).
    var largestPiece: Int { fives > 0 ? 5 : twos > 0 ? 2 : ones > 0 ? 1 : 0 }

    /// Fewest pieces making exactly `units`, or nil when the decade cannot make it.
    func cheapest(_ units: Int) -> DecadeChoice? {
        guard units >= 0, units <= maxUnits else { return nil }
        var usedFives = min(fives, units / 5)
        let fewestFivesTried = max(0, usedFives - 1)
        while usedFives >= fewestFivesTried {
            let rest = units - 5 * usedFives
            let usedTwos = min(twos, rest / 2)
            let usedOnes = rest - 2 * usedTwos
            if usedOnes <= ones {
                return DecadeChoice(ones: usedOnes, twos: usedTwos, fives: usedFives, stock: self)
            }
            usedFives -= 1
        }
        return nil
    }
}

/// Pieces taken from one decade, plus the smallest piece left over (which bounds the lower decades).
struct DecadeChoice: Sendable {
    let ones: Int
    let twos: Int
    let fives: Int
    /// Smallest piece (1, 2 or 5 units) still available after this choice; nil when the decade is used up.
    let smallestLeft: Int?

    init(ones: Int, twos: Int, fives: Int, stock: DecadeStock) {
        self.ones = ones
        self.twos = twos
        self.fives = fives
        smallestLeft = ones < stock.ones ? 1 : twos < stock.twos ? 2 : fives < stock.fives ? 5 : nil
    }

    var pieces: Int { ones + twos + fives }
}
