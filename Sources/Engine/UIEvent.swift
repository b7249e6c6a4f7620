import TownCore

/// What the touchscreen is told. Citizens see amounts, choices and a reference number, never internals.
public enum UIEvent: Hashable, Sendable, Codable {
    /// The whole screen to show now.
    case screen(UIScreen)
    /// A transient message on top of the current screen.
    case notice(UINotice)
}

public enum UIScreen: Hashable, Sendable, Codable {
    case welcome(cardAvailable: Bool)
    /// `reference` names the transaction or event to quote to the cashier, when there is one.
    case outOfService(reference: String?)
    /// Resolving what a restart interrupted; no customer is served.
    case recovering
    case paymentSummary(PaymentSummary)
    case insertCash(CashProgress)
    case cardPayment(amount: Money)
    case givingChange(amount: Money)
    case givingBack(amount: Money)
    case paymentDone(PaymentDone)
    case cancelled(CancelledSummary)
    case checkingPIN
    case payingOut(amount: Money)
    case payoutDone(PayoutDone)
    /// The transaction ended in doubt; the citizen keeps the printed reference.
    case problem(reference: String)
}

public struct PaymentSummary: Hashable, Sendable, Codable {
    public var description: String
    public var variableSymbol: String?
    /// What this payment settles, exactly.
    public var amount: Money
    /// Still to pay (after cash already inserted or a part paid).
    public var remaining: Money
    /// What the remaining amount costs in cash (rounded to whole crowns).
    public var remainingInCash: Money
    public var methods: [PaymentMethodOption]
}

public enum PaymentMethodOption: String, Hashable, Sendable, Codable {
    case cash, card, mixed
}

public struct CashProgress: Hashable, Sendable, Codable {
    public var due: Money
    public var inserted: Money
    public var remaining: Money
    /// Notes the kiosk can take now (it can give change for them).
    public var acceptedNotes: [Denomination]
    public var mayFinishPartially: Bool
}

public struct PaymentDone: Hashable, Sendable, Codable {
    public var receipt: String
    public var paid: Money
    public var change: Money
    /// Change the devices could not give: collected at the cash desk with the reference.
    public var owed: Money
    public var reference: String
}

public struct CancelledSummary: Hashable, Sendable, Codable {
    public var givenBack: Money
    public var owed: Money
    public var reference: String
}

public struct PayoutDone: Hashable, Sendable, Codable {
    public var receipt: String
    public var paid: Money
    /// Left on the voucher (a device stopped early).
    public var remainingOnVoucher: Money
    public var reference: String
}

public enum UINotice: Hashable, Sendable, Codable {
    case cashInserted(inserted: Money, remaining: Money)
    /// A note went back: the kiosk could not give change for it (or nothing more is due).
    case noteReturned(Denomination?, acceptedNotes: [Denomination])
    /// The validator refused a note before escrow.
    case noteRejected(acceptedNotes: [Denomination])
    case coinRejected
    case cardPrompt(String)
    case cardDeclined
    case takeCash(Money)
    case receiptNotPrinted(reference: String)
    /// Cash arrived with no payment open; the cash desk pays it back against the printed reference.
    case cashOwed(amount: Money, reference: String)
    case pleaseWait
    case timedOut
    case error(UIError)
}

/// Why a citizen request was refused; the screen words each one.
public enum UIError: Hashable, Sendable, Codable {
    case unreadableSymbol
    case unknownPayment
    case alreadyPaid
    case unknownFee
    case amountNotAllowed
    case partialPaymentNotAllowed
    case methodUnavailable
    case notNow
    case outOfService
    case unknownVoucher
    case voucherNotPayable
    case voucherExpired
    case voucherLocked
    case wrongPIN(attemptsLeft: Int)
    case cannotPayOutNow
    case cannotPayOutNowTryLater(reference: String)
}
