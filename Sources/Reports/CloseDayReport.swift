import Engine
import TownCore

/// Totals of one group of payments (a method, a fee type, an hour).
public struct PaymentTotals: Hashable, Sendable, Codable {
    public var count = 0
    /// What the receipts settle, exactly.
    public var amount: Money = .zero
    public var cash: Money = .zero
    public var card: Money = .zero

    public init() {}

    mutating func add(_ receipt: ReceiptIssued) throws(ReportError) {
        (amount, cash, card) = (try amount.adding(receipt.amount), try cash.adding(receipt.cash), try card.adding(receipt.card))
        count += 1
    }
}

public struct FeeLine: Hashable, Sendable, Codable {
    public var feeType: FeeType
    public var label: String
    public var totals: PaymentTotals
}

/// The first and last receipt of the period and the numbers missing between them.
public struct ReceiptRange: Hashable, Sendable, Codable {
    public var first: String
    public var last: String
    public var count: Int
    /// Numbers of the series skipped between first and last (there should be none: the series is gapless).
    public var missing: [String]
}

/// Money through one cash unit over the period. The journal credits notes to the validator and coins to
/// the coin acceptor without saying whether they went on to the recycler/hoppers or the cashboxes, so
/// intake is reported on `noteIntake`/`coinIntake`, and units show what left them and what technicians did.
public struct CashMovementLine: Hashable, Sendable, Codable {
    public var unit: String
    /// Taken in from citizens.
    public var received: Money = .zero
    /// Handed out as change, refunds and voucher payouts.
    public var dispensed: Money = .zero
    public var refilled: Money = .zero
    /// Counted out by the cashier at collection.
    public var collected: Money = .zero
}

public struct CollectionLine: Hashable, Sendable, Codable {
    public var at: Int64
    public var technician: String
    public var unit: CashUnitName
    public var expectedAmount: Money
    public var countedAmount: Money
    public var difference: Money
}

public struct SuspectLine: Hashable, Sendable, Codable {
    public var reference: String
    public var detail: String
    public var at: Int64
}

/// The daily closing (denní uzávěrka) of one kiosk for one local day in Europe/Prague.
public struct CloseDayReport: Hashable, Sendable, Codable {
    public var kiosk: String
    public var day: DayDate
    public var payments = PaymentTotals()
    public var byMethod: [PaymentMethodKind: PaymentTotals] = [:]
    public var byFeeType: [FeeLine] = []
    public var receipts: ReceiptRange?
    /// Voucher payouts: count and the voucher amount settled.
    public var payouts = Tally()
    /// Cash actually handed out for the payouts (settled amount rounded to whole crowns).
    public var payoutCash: Money = .zero
    /// Change handed back on payments.
    public var changeGiven: Money = .zero
    /// Money the kiosk could not give back: the cash desk pays it against the reference.
    public var refundsOwed = Tally()
    /// Cash given back by the kiosk on cancelled payments.
    public var refundsPaid: Money = .zero
    /// Σ rounding on payment receipts (+ the citizen paid more than the exact amount).
    public var paymentRounding: Money = .zero
    /// Σ rounding on payout receipts (+ the citizen got more than the voucher's exact remainder).
    public var payoutRounding: Money = .zero
    public var cashMovement: [CashMovementLine] = []
    public var collections: [CollectionLine] = []
    public var cancelledTransactions = 0
    public var suspects: [SuspectLine] = []
    public var resolvedSuspects: [String] = []

    /// Builds the report for `day` from facts collected over (at least) that day's window.
    public init(kiosk: String, day: DayDate, facts: ReportFacts) throws(ReportError) {
        self.kiosk = kiosk
        self.day = day
        let window = PragueTime.startOfDay(day)..<PragueTime.startOfDay(PragueTime.nextDay(day))
        let inDay = { (at: Int64) in window.contains(at) }

        var fees: [FeeType: FeeLine] = [:]
        var numbers: [ReceiptNumber] = []
        var paymentRoundingTally = Tally(), changeTally = Tally()
        for fact in facts.payments where inDay(fact.at) {
            try payments.add(fact.receipt)
            try byMethod[fact.method, default: PaymentTotals()].add(fact.receipt)
            try fees[fact.feeType, default: FeeLine(feeType: fact.feeType, label: fact.label, totals: PaymentTotals())]
                .totals.add(fact.receipt)
            try paymentRoundingTally.add(fact.receipt.rounding, items: 0)
            try changeTally.add(fact.receipt.change, items: 0)
            numbers.append(fact.receipt.number)
        }
        byFeeType = fees.values.sorted { $0.feeType < $1.feeType }
        paymentRounding = paymentRoundingTally.amount
        changeGiven = changeTally.amount

        var payoutCashTally = Tally(), payoutRoundingTally = Tally()
        for payout in facts.payouts where inDay(payout.at) {
            try payouts.add(payout.value.amount)
            try payoutCashTally.add(payout.value.cash, items: 0)
            try payoutRoundingTally.add(payout.value.rounding, items: 0)
            numbers.append(payout.value.number)
        }
        payoutCash = payoutCashTally.amount
        payoutRounding = payoutRoundingTally.amount
        receipts = Self.range(numbers)

        for owed in facts.refundsOwed where inDay(owed.at) { try refundsOwed.add(owed.value.amount) }
        var refundTally = Tally()
        for out in facts.cashOut where inDay(out.at) && out.purpose == .refund { try refundTally.add(out.paid, items: 0) }
        refundsPaid = refundTally.amount

        cashMovement = try CashMovementLine.lines(facts, inDay)
        collections = facts.collections.filter { inDay($0.at) }.map {
            CollectionLine(at: $0.at, technician: $0.value.technician, unit: $0.value.unit, expectedAmount: $0.value.expectedAmount,
                           countedAmount: $0.value.countedAmount, difference: $0.value.difference)
        }
        for closed in facts.closings where inDay(closed.at) {
            switch closed.value.outcome {
            case .cancelled: cancelledTransactions += 1
            case .suspect: suspects.append(SuspectLine(reference: closed.value.reference, detail: closed.value.detail ?? "", at: closed.at))
            case .completed, .partiallyCompleted, .abandoned: break
            }
        }
        resolvedSuspects = facts.resolutions.filter { inDay($0.at) }.map(\.value.transaction.description)
    }

    /// First, last and gaps of the receipt numbers issued, per year's series (a closing never spans two).
    static func range(_ numbers: [ReceiptNumber]) -> ReceiptRange? {
        let sorted = numbers.sorted { ($0.year, $0.sequence) < ($1.year, $1.sequence) }
        guard let first = sorted.first, let last = sorted.last else { return nil }
        var missing: [String] = []
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.year == next.year && next.sequence > previous.sequence + 1 {
            // Name at most a handful per gap; a huge gap is one line, not a million.
            let gap = (previous.sequence + 1)..<next.sequence
            for sequence in gap.prefix(5) {
                if let number = try? ReceiptNumber(kiosk: previous.kiosk, year: previous.year, sequence: sequence) {
                    missing.append(number.description)
                }
            }
            if gap.count > 5 { missing.append("… \(gap.count - 5) more") }
        }
        return ReceiptRange(first: first.description, last: last.description, count: sorted.count, missing: missing)
    }
}

extension CashMovementLine {
    static let noteIntake = "note intake (recycler + cashbox)"
    static let coinIntake = "coin intake (hoppers + coin cashbox)"
    static let unknownUnit = "unknown unit"

    /// One line for each intake and each unit, in a fixed order, including units with no movement.
    static func lines(_ facts: ReportFacts, _ included: (Int64) -> Bool) throws(ReportError) -> [CashMovementLine] {
        var received: [String: Tally] = [:], dispensed: [String: Tally] = [:]
        var refilled: [String: Tally] = [:], collected: [String: Tally] = [:]
        for piece in facts.cashIn where included(piece.at) {
            try received[piece.value.kind == .note ? noteIntake : coinIntake, default: Tally()].add(piece.value.value)
        }
        for out in facts.cashOut where included(out.at) {
            let unit = switch out.device {
            case .noteRecycler?: CashUnitName.recycler.rawValue
            case .hopper?: CashUnitName.hopper.rawValue
            case nil: unknownUnit  // an outcome whose plan is not in the journal
            }
            try dispensed[unit, default: Tally()].add(out.paid)
        }
        for refill in facts.refills where included(refill.at) {
            try refilled[refill.value.unit.rawValue, default: Tally()].add(refill.value.amount)
        }
        for collection in facts.collections where included(collection.at) {
            try collected[collection.value.unit.rawValue, default: Tally()].add(collection.value.countedAmount)
        }
        var units = [noteIntake, coinIntake] + CashUnitName.allCases.map(\.rawValue)
        if dispensed[unknownUnit] != nil { units.append(unknownUnit) }
        return units.map { unit in
            CashMovementLine(unit: unit, received: received[unit]?.amount ?? .zero, dispensed: dispensed[unit]?.amount ?? .zero,
                             refilled: refilled[unit]?.amount ?? .zero, collected: collected[unit]?.amount ?? .zero)
        }
    }
}
