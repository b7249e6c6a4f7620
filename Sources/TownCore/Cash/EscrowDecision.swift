/// Whether to stack or hand back the note a validator holds in escrow, decided before any money is credited.
///
/// The note is only taken when the kiosk can give the over-payment back as change right now, from the
/// inventory excluding the escrowed note itself. The amount due is the cash total rounded to whole crowns
/// (`CashRounding`), so 99,50 Kč due and a 100 Kč note is exact payment, not 50 haléřů over.
public enum EscrowDecision: Hashable, Sendable {
    /// Stack the note; pay `change` (empty when the note does not exceed what is due).
    case accept(change: ChangePlan)
    /// Hand the note back: it over-pays by `overpay` and no combination in the inventory makes that.
    case returnNoChange(overpay: Money)
    /// Hand the note back: nothing more is due.
    case returnNotNeeded

    public var accepts: Bool {
        if case .accept = self { return true }
        return false
    }

    /// Decides for the note `escrowed`.
    /// - Parameters:
    ///   - totalDue: the exact total this transaction settles in cash, before cash rounding.
    ///   - credited: cash already credited in this transaction (whole crowns).
    ///   - changeAvailable: pieces that can be paid out now, not counting the escrowed note.
    public static func decide(
        totalDue: Money,
        credited: Money,
        escrowed: Denomination,
        changeAvailable: [Denomination: Int]
    ) throws(EscrowDecisionError) -> EscrowDecision {
        let stillDue = try remainingDue(totalDue: totalDue, credited: credited)
        // Refuse a bad inventory even when this note needs no change, so the error does not depend on the note.
        if let bad = Denomination.all.first(where: { (changeAvailable[$0] ?? 0) < 0 }) {
            throw .invalidInventory(.negativeCount(bad, changeAvailable[bad] ?? 0))
        }
        guard stillDue.isPositive else { return .returnNotNeeded }
        let overpay = escrowed.value - stillDue
        guard overpay.isPositive else { return .accept(change: .empty) }
        let plan: ChangePlan?
        do {
            plan = try ChangePlanner.plan(overpay, from: changeAvailable)
        } catch {
            throw .invalidInventory(error)
        }
        guard let plan else { return .returnNoChange(overpay: overpay) }
        return .accept(change: plan)
    }

    /// The note denominations the kiosk can take right now, smallest first — what the screen lists
    /// ("we cannot change a 2 000 Kč note now" is the complement). Empty when nothing is due.
    public static func acceptableNotes(
        totalDue: Money,
        credited: Money,
        changeAvailable: [Denomination: Int]
    ) throws(EscrowDecisionError) -> [Denomination] {
        var acceptable: [Denomination] = []
        for note in Denomination.notes {
            let decision = try decide(totalDue: totalDue, credited: credited, escrowed: note, changeAvailable: changeAvailable)
            if decision.accepts { acceptable.append(note) }
        }
        return acceptable
    }

    /// Rounded cash total minus what was credited; may be zero or negative when already paid.
    static func remainingDue(totalDue: Money, credited: Money) throws(EscrowDecisionError) -> Money {
        guard !totalDue.isNegative else { throw .negativeTotalDue(totalDue) }
        guard !credited.isNegative else { throw .negativeCredited(credited) }
        guard credited.isWholeCrowns else { throw .creditedNotWholeCrowns(credited) }
        return CashRounding(cashTotal: totalDue).rounded - credited
    }
}

/// Escrow input that cannot describe a real cash payment.
public enum EscrowDecisionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Refunds do not go through escrow.
    case negativeTotalDue(Money)
    case negativeCredited(Money)
    /// Cash credit is always whole crowns; anything else means the caller mixed in a non-cash amount.
    case creditedNotWholeCrowns(Money)
    /// The change inventory was refused by the planner (a negative count).
    case invalidInventory(ChangePlanError)

    public var description: String {
        switch self {
        case let .negativeTotalDue(amount):
            "escrow: expected an amount due of zero or more, found \(amount)"
        case let .negativeCredited(amount):
            "escrow: expected credited cash of zero or more, found \(amount)"
        case let .creditedNotWholeCrowns(amount):
            "escrow: expected credited cash in whole crowns, found \(amount)"
        case let .invalidInventory(error):
            "escrow: \(error.description)"
        }
    }
}
