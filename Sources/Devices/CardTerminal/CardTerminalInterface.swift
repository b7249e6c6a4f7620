import TownCore

/// What the engine asks of the card terminal. Commands run one at a time, in the order submitted.
public enum CardTerminalCommand: Equatable, Sendable {
    /// Charge `amount` to the customer's card. `reference` is the engine's own id for the payment; the
    /// terminal never sees it, every outcome event echoes it back.
    case pay(amount: Money, reference: String)
    /// Cancel an approved payment by its terminal receipt number (0...9999). Safe to repeat: a terminal
    /// that already reversed it answers `alreadyReversed`.
    case reverse(receiptNumber: UInt16)
    /// Close the terminal's day (settlement); safe to repeat.
    case endOfDay
    /// Ask the customer's running payment to stop. A payment not yet started is dropped; a running one
    /// may still end approved if the terminal is past the point of no return — its outcome event decides.
    case abort
    /// Ask whether the terminal is reachable and idle.
    case status
}

/// What the driver reports. Guarantee: every `pay` ends in exactly one of `approved`, `declined` or
/// `outcomeUnknown`, carrying the pay's reference; the driver never sends an authorization twice.
public enum CardTerminalEvent: Equatable, Sendable {
    /// Registered with the terminal and idle: payments can start. Sent after every (re)connection.
    case ready
    /// What the customer is being asked to do, for the screen.
    case inProgress(CardProgress)
    case approved(CardPaymentResult)
    /// The card was not charged: refused by card/issuer, cancelled, the terminal busy or unavailable, or
    /// (after a lost response) the terminal showed that nothing was booked.
    case declined(CardPaymentDecline)
    /// The card may or may not have been charged and the terminal could not tell. Journal it as UNKNOWN; a
    /// technician resolves it (`lastTerminalTransaction` is the best evidence the terminal gave).
    case outcomeUnknown(CardPaymentUnknown)
    case reversed(CardReversalResult)
    case reversalFailed(receiptNumber: UInt16, CardFailure)
    /// The reversal's answer was lost; sending `reverse` again is safe.
    case reversalOutcomeUnknown(receiptNumber: UInt16, reason: String)
    case endOfDayDone(CardEndOfDayTotals)
    case endOfDayFailed(CardFailure)
    case status(CardTerminalStatus)
    case fault(CardTerminalFault)
}

/// An approved payment: what the terminal booked, with card data already masked (reliability P25).
public struct CardPaymentResult: Equatable, Sendable {
    public var reference: String
    /// What the terminal reports it booked (the requested amount when it did not say).
    public var amount: Money
    public var receiptNumber: UInt16?
    public var traceNumber: UInt32?
    public var terminalID: UInt32?
    /// ZVT card-type number, e.g. 46 for Maestro.
    public var cardType: UInt8?
    public var cardName: String?
    /// At most the first 6 and last 4 digits visible, e.g. `476173******0119`.
    public var maskedPAN: String?
    /// The customer's slip as the terminal sent it, for our receipt printer.
    public var slipLines: [String]
    /// True when the result came from asking the terminal after the original answer was lost.
    public var recoveredAfterLostResponse: Bool

    public init(reference: String, amount: Money, receiptNumber: UInt16? = nil, traceNumber: UInt32? = nil,
                terminalID: UInt32? = nil, cardType: UInt8? = nil, cardName: String? = nil, maskedPAN: String? = nil,
                slipLines: [String] = [], recoveredAfterLostResponse: Bool = false) {
        self.reference = reference
        self.amount = amount
        self.receiptNumber = receiptNumber
        self.traceNumber = traceNumber
        self.terminalID = terminalID
        self.cardType = cardType
        self.cardName = cardName
        self.maskedPAN = maskedPAN
        self.slipLines = slipLines
        self.recoveredAfterLostResponse = recoveredAfterLostResponse
    }
}

public struct CardPaymentDecline: Equatable, Sendable {
    public var reference: String
    public var amount: Money
    public var failure: CardFailure

    public init(reference: String, amount: Money, failure: CardFailure) {
        self.reference = reference
        self.amount = amount
        self.failure = failure
    }
}

public struct CardPaymentUnknown: Equatable, Sendable {
    public var reference: String
    public var amount: Money
    public var reason: String
    /// The terminal's most recent transaction as it reported it during recovery, if it did.
    public var lastTerminalTransaction: CardPaymentResult?

    public init(reference: String, amount: Money, reason: String, lastTerminalTransaction: CardPaymentResult? = nil) {
        self.reference = reference
        self.amount = amount
        self.reason = reason
        self.lastTerminalTransaction = lastTerminalTransaction
    }
}

/// Why something did not happen, with the terminal's result code when it gave one.
public struct CardFailure: Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// Card or issuer refused (insufficient funds, expired, unknown card, ...): try another card.
        case declinedByCard
        /// The customer cancelled, or the terminal's own timeout ran out.
        case cancelled
        /// The terminal is busy with something else; try again shortly.
        case terminalBusy
        /// Not connected or not registered; nothing was sent.
        case terminalUnavailable
        /// Terminal, printer, PIN pad or configuration fault.
        case terminalFault
        /// The terminal could not reach its host.
        case communicationFault
        /// The terminal refused the command as not possible (protocol error, function unavailable).
        case notPossible
        /// After a lost response the terminal showed no transaction after the last one we knew of.
        case notBooked
        /// The request itself is out of range (amount, receipt number); nothing was sent.
        case invalidRequest
        case alreadyReversed
        case reversalNotPossible
        /// No answer (reversal, end of day, status only — a payment without answer is `outcomeUnknown`).
        case noResponse
        /// A result code this driver cannot classify.
        case unclassified
    }

    public var reason: Reason
    public var code: UInt8?
    public var message: String

    public init(reason: Reason, code: UInt8? = nil, message: String) {
        self.reason = reason
        self.code = code
        self.message = message
    }
}

public struct CardReversalResult: Equatable, Sendable {
    public var receiptNumber: UInt16
    public var amount: Money?
    public var traceNumber: UInt32?
    public var slipLines: [String]

    public init(receiptNumber: UInt16, amount: Money?, traceNumber: UInt32?, slipLines: [String]) {
        self.receiptNumber = receiptNumber
        self.amount = amount
        self.traceNumber = traceNumber
        self.slipLines = slipLines
    }
}

public struct CardEndOfDayTotals: Equatable, Sendable {
    /// The day's card turnover as the terminal reports it.
    public var total: Money?
    public var slipLines: [String]

    public init(total: Money?, slipLines: [String]) {
        self.total = total
        self.slipLines = slipLines
    }
}

public enum CardTerminalStatus: Equatable, Sendable {
    case ready(softwareVersion: String?)
    case busy
    /// The terminal answered but is not ready (its ZVT terminal-status byte).
    case notReady(code: UInt8)
    case unreachable(reason: String)
}

public enum CardTerminalFault: Equatable, Sendable {
    case connectionLost(String)
    case registrationFailed(String)
    /// Bytes that are not ZVT, or a message out of place; the conversation was abandoned.
    case protocolViolation(String)
    /// The terminal sent card data or an unmasked number; it was dropped or masked, but the terminal's
    /// configuration breaks the card-data boundary and needs a technician.
    case cardDataExposed(String)
}

/// A step of the customer's dialogue with the terminal.
public struct CardProgress: Equatable, Sendable {
    public enum Prompt: Equatable, Sendable {
        case insertCard, enterPIN, removeCard, pleaseWait, connecting, approved, declined, cardProblem, other
    }

    public var prompt: Prompt
    /// The terminal's own display text when it sent one, else a short English description.
    public var text: String

    public init(prompt: Prompt, text: String) {
        self.prompt = prompt
        self.text = text
    }
}
