import Journal
import TownCore

// Journal records of payments: what is paid, every crown credited, every crown handed back, the card's
// answer and the receipt. Each is a `JournalEntry` (canonical JSON); `EngineRecord` wraps them all.

/// What a payment settles: an obligation found by its variabilní symbol, or a catalogue fee.
public struct PaymentTarget: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case obligation, fee }
    public var kind: Kind
    /// Obligation id or fee code.
    public var id: String
    public var variableSymbol: VariableSymbol?
    public var description: String
    public var allowsPartialPayment: Bool

    public init(kind: Kind, id: String, variableSymbol: VariableSymbol?, description: String, allowsPartialPayment: Bool) {
        self.kind = kind
        self.id = id
        self.variableSymbol = variableSymbol
        self.description = description
        self.allowsPartialPayment = allowsPartialPayment
    }
}

/// `payment.started`: a citizen identified what to pay.
public struct PaymentStarted: JournalEntry, Hashable {
    public static let recordType = "payment.started"
    public var transaction: TransactionID
    public var target: PaymentTarget
    /// The exact amount this payment settles (the outstanding amount, or less for a partial payment).
    public var amount: Money
    public var outstanding: Money
}

/// `payment.method_chosen`: how the amount is paid. Cumulative: `cashDue` is all the cash the transaction
/// keeps (whole crowns), `cardDue` what the card is charged, `amount` what the payment settles after this.
public struct PaymentMethodChosen: JournalEntry, Hashable {
    public static let recordType = "payment.method_chosen"
    public var transaction: TransactionID
    public var method: PaymentMethod
    public var amount: Money
    public var cashDue: Money
    public var cardDue: Money
    /// The rounding of the part paid in cash (zero difference when none applied).
    public var rounding: CashRounding
}

/// `cash.note_accepting`: the intent before `.accept`: a note in escrow is being stacked. A credit (or a
/// `cash.note_returned`) settles it; after a crash an unsettled one is resolved from power-up reports.
public struct NoteAccepting: JournalEntry, Hashable {
    public static let recordType = "cash.note_accepting"
    public var transaction: TransactionID
    public var denomination: Denomination
}

/// `cash.note_returned`: a note being stacked came back to the citizen instead (no money moved).
public struct NoteReturned: JournalEntry, Hashable {
    public static let recordType = "cash.note_returned"
    public var transaction: TransactionID
    public var denomination: Denomination?
}

/// `cash.note_credited` / `cash.coin_credited`: one piece past the point of no return.
public struct CashCredited: Hashable, Sendable, Codable {
    public var transaction: TransactionID
    public var denomination: Denomination
    /// Device event identity (credit key or coin event); a key is credited once.
    public var key: String
    /// Cash credited to the transaction including this piece.
    public var creditedTotal: Money
}

public struct NoteCredited: JournalEntry, Hashable {
    public static let recordType = "cash.note_credited"
    public var credit: CashCredited
}

public struct CoinCredited: JournalEntry, Hashable {
    public static let recordType = "cash.coin_credited"
    public var credit: CashCredited
}

/// Why cash leaves the kiosk.
public enum CashOutPurpose: String, Hashable, Sendable, Codable {
    case change, refund, voucher
}

/// One command to one dispensing device; `id` is the payout id the driver sees.
public struct DispenseStep: Hashable, Sendable, Codable {
    public enum Device: Hashable, Sendable, Codable {
        /// The recycler pays `amount`; the device picks the notes.
        case noteRecycler
        case hopper(Denomination)
    }
    public var id: String
    public var device: Device
    /// Pieces planned (coins to pay; notes the plan expects the recycler to choose).
    public var count: Int
    public var amount: Money
}

public enum DispenseResult: String, Hashable, Sendable, Codable {
    /// Everything requested was paid.
    case complete
    /// The device stopped early and reported exactly what it paid.
    case interrupted
    /// Nothing moved.
    case refused
    /// Nobody knows how much left the device; `paid` is what it confirmed before that.
    case unknown
}

/// `change.planned`: the intent to hand back cash (change or a refund), written before the first command.
public struct ChangePlanned: JournalEntry, Hashable {
    public static let recordType = "change.planned"
    public var transaction: TransactionID
    public var purpose: CashOutPurpose
    public var amount: Money
    public var plan: ChangePlan
    public var steps: [DispenseStep]
    /// The recycler's notes as the device last confirmed them, when nothing has paid from it since; after
    /// a crash that lost the payout's report, the drop in the recycler's levels says what it paid.
    public var recyclerBefore: ChangePlan?
}

/// `change.dispensed`: one step's outcome, exactly as the device reported it.
public struct ChangeDispensed: JournalEntry, Hashable {
    public static let recordType = "change.dispensed"
    public var transaction: TransactionID
    public var step: String
    public var requested: Money
    public var paid: Money
    public var result: DispenseResult
}

/// `refund.owed`: money the kiosk took and could not give back; the cash desk pays it against `reference`.
public struct RefundOwed: JournalEntry, Hashable {
    public static let recordType = "refund.owed"
    public var transaction: TransactionID
    public var amount: Money
    public var reason: String
    public var reference: String
}

/// `card.requested`: written before the amount goes to the terminal.
public struct CardRequested: JournalEntry, Hashable {
    public static let recordType = "card.requested"
    public var transaction: TransactionID
    public var reference: String
    public var amount: Money
}

/// `card.outcome`: the terminal's answer. Only masked card data ever appears (P25).
public struct CardOutcome: JournalEntry, Hashable {
    public static let recordType = "card.outcome"
    public enum Result: String, Hashable, Sendable, Codable { case approved, declined, unknown }
    public var transaction: TransactionID
    public var reference: String
    public var result: Result
    /// Booked amount when approved, else the requested one.
    public var amount: Money
    public var terminalReceipt: UInt16?
    public var traceNumber: UInt32?
    public var maskedPAN: String?
    public var detail: String
}

/// `receipt.issued`: a cash document with its gapless number, written before it is printed.
public struct ReceiptIssued: JournalEntry, Hashable {
    public static let recordType = "receipt.issued"
    public enum Kind: String, Hashable, Sendable, Codable {
        /// příjmový pokladní doklad
        case payment
        /// výdajový pokladní doklad
        case payout
    }
    public var transaction: TransactionID
    public var number: ReceiptNumber
    public var kind: Kind
    public var description: String
    public var variableSymbol: VariableSymbol?
    /// What the document settles, exactly.
    public var amount: Money
    public var cash: Money
    public var card: Money
    public var rounding: Money
    public var change: Money
    public var owed: Money
    public var day: DayDate
}

/// `transaction.closed`: the terminal record; a transaction without one is unfinished (P4).
public struct TransactionClosed: JournalEntry, Hashable {
    public static let recordType = "transaction.closed"
    public enum Outcome: String, Hashable, Sendable, Codable {
        case completed
        /// Part of a voucher was paid; the rest stays on it.
        case partiallyCompleted
        case cancelled
        /// Nothing happened that moved money (abandoned, PIN refused, nothing payable).
        case abandoned
        /// In doubt: a technician must reconcile before the kiosk serves again.
        case suspect
    }
    public var transaction: TransactionID
    public var outcome: Outcome
    public var reference: String
    /// Why it ended this way, for technicians (cancel reason, what is in doubt).
    public var detail: String? = nil
}
