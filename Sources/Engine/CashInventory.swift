import Devices
import TownCore

/// What the kiosk believes it can pay out right now: notes in the recycler and coins in the hoppers.
///
/// The recycler reports its contents (`.levels`), which replace the estimate; hoppers only have level
/// sensors, so their counts come from the cash units the shell loads and are kept up to date from
/// device-reported payouts. A hopper whose sensor says "below low level" counts as empty. Being wrong
/// on the high side only means a payout is refused or stops early, which the flows handle exactly.
struct CashInventory: Sendable {
    var recyclerNotes: [Denomination: Int] = [:]
    var hopperCoins: [Denomination: Int] = [:]
    var hoppersBelowLow: Set<Denomination> = []
    /// The recycler counts are the device's own report plus deterministic credits since (no payout since).
    var recyclerConfirmed = false

    /// The recycler's contents when they are exact, for intent records.
    var confirmedRecycler: ChangePlan? { recyclerConfirmed ? ChangePlan(counts: recyclerNotes) : nil }

    /// The recycler reported its contents.
    mutating func recyclerReported(_ levels: [Denomination: Int]) {
        recyclerNotes = levels
        recyclerConfirmed = true
    }

    /// Pieces the change planner may use.
    var changeAvailable: [Denomination: Int] {
        var available: [Denomination: Int] = [:]
        for (note, count) in recyclerNotes where count > 0 { available[note] = count }
        for (coin, count) in hopperCoins where count > 0 && !hoppersBelowLow.contains(coin) { available[coin] = count }
        return available
    }

    var totalValue: Money {
        changeAvailable.reduce(Money.zero) { $0 + $1.key.value * Int64($1.value) }
    }

    mutating func load(_ units: [CashUnit]) {
        var notes: [Denomination: Int] = [:]
        var coins: [Denomination: Int] = [:]
        for unit in units {
            switch unit.kind {
            case .recycler: notes[unit.denomination, default: 0] += unit.count
            case .hopper: coins[unit.denomination, default: 0] += unit.count
            case .cashbox, .coinCashbox: break
            }
        }
        recyclerNotes = notes
        recyclerConfirmed = false
        hopperCoins = coins
    }

    mutating func credited(_ piece: Denomination, recycled: Bool) {
        guard recycled else { return }
        switch piece.kind {
        case .note: recyclerNotes[piece, default: 0] += 1
        case .coin: hopperCoins[piece, default: 0] += 1
        }
    }

    /// A dispense step paid `paid`. For the recycler the notes are the device's choice: take the planned
    /// pieces off as an estimate until the next `.levels` report corrects it.
    mutating func paid(_ step: DispenseStep, paid: Money, plan: ChangePlan) {
        switch step.device {
        case .noteRecycler:
            // The device chose the notes: an estimate until it reports its levels again.
            if paid.isPositive { recyclerConfirmed = false }
            var left = paid
            for note in Denomination.notes.reversed() where left >= note.value {
                let pieces = min(plan[note], Int(left.halere / note.value.halere), recyclerNotes[note] ?? 0)
                recyclerNotes[note] = (recyclerNotes[note] ?? 0) - pieces
                left -= note.value * Int64(pieces)
            }
        case .hopper(let coin):
            let pieces = Int(paid.halere / coin.value.halere)
            hopperCoins[coin] = max(0, (hopperCoins[coin] ?? 0) - pieces)
        }
    }

    /// The fewest pieces paying `amount`, or — when no exact combination exists — the largest amount the
    /// inventory can pay below it, taken greedily (the rest is journaled as owed).
    func bestPlan(for amount: Money) -> ChangePlan {
        guard amount.isPositive, amount.isWholeCrowns else { return .empty }
        if let exact = try? ChangePlanner.plan(amount, from: changeAvailable) { return exact }
        var counts: [Denomination: Int] = [:]
        var left = amount
        for piece in Denomination.all.reversed() {
            let have = changeAvailable[piece] ?? 0
            let take = min(have, Int(left.halere / piece.value.halere))
            if take > 0 {
                counts[piece] = take
                left -= piece.value * Int64(take)
            }
        }
        return ChangePlan(counts: counts)
    }

    /// The exact plan for `amount`, nil when the inventory cannot pay it exactly.
    func exactPlan(for amount: Money) -> ChangePlan? {
        guard amount.isWholeCrowns, !amount.isNegative else { return nil }
        return try? ChangePlanner.plan(amount, from: changeAvailable)
    }

    /// Device commands for `plan`: one recycler payout for all notes, then each coin largest first, in
    /// hopper commands of at most 255 coins. `prefix` makes every payout id unique on this kiosk.
    static func steps(for plan: ChangePlan, prefix: String) -> [DispenseStep] {
        var steps: [DispenseStep] = []
        let notes = Denomination.notes.reduce(Money.zero) { $0 + $1.value * Int64(plan[$1]) }
        if notes.isPositive {
            let pieces = Denomination.notes.reduce(0) { $0 + plan[$1] }
            steps.append(DispenseStep(id: "\(prefix)-n", device: .noteRecycler, count: pieces, amount: notes))
        }
        for coin in Denomination.coins.reversed() {
            var left = plan[coin]
            var part = 1
            while left > 0 {
                let count = min(left, 255)
                steps.append(DispenseStep(id: "\(prefix)-c\(coin.crowns)-\(part)", device: .hopper(coin), count: count,
                                          amount: coin.value * Int64(count)))
                left -= count
                part += 1
            }
        }
        return steps
    }

    /// Coins worth enabling while `stillDue` is owed: those that do not overpay, or whose overpayment the
    /// kiosk can give back. Coins cannot be held in escrow, so this is decided before they arrive.
    func acceptableCoins(stillDue: Money, among allowed: Set<Denomination>) -> Set<Denomination> {
        guard stillDue.isPositive else { return [] }
        return allowed.filter { coin in
            coin.value <= stillDue || exactPlan(for: coin.value - stillDue) != nil
        }
    }

    /// Notes worth enabling: those the escrow decision would accept now.
    func acceptableNotes(cashDue: Money, credited: Money, among allowed: Set<Denomination>) -> [Denomination] {
        let notes = (try? EscrowDecision.acceptableNotes(totalDue: cashDue, credited: credited,
                                                         changeAvailable: changeAvailable)) ?? []
        return notes.filter { allowed.contains($0) }
    }
}
