import DeviceProtocols
import TownCore

/// A payment the engine asked for.
struct CardPaymentRequest: Equatable, Sendable {
    var amount: Money
    var reference: String
}

/// The newest terminal transaction the driver knows of, by trace number. Recovery compares the terminal's
/// last transaction against it to tell "this payment" from "an earlier one".
enum ZVTTraceBaseline: Equatable, Sendable {
    case unknown
    /// The terminal had nothing to repeat when asked.
    case noTransactions
    case trace(UInt32)

    static let traceModulus: UInt32 = 1_000_000

    /// Whether `trace` was booked after the baseline; nil when that cannot be told. Trace numbers are six
    /// BCD digits and wrap, so "newer" means less than half the number space ahead.
    func isOlder(than trace: UInt32?) -> Bool? {
        guard let trace else { return nil }
        switch self {
        case .unknown: return nil
        case .noTransactions: return true
        case .trace(let known):
            let modulus = Self.traceModulus
            let distance = (trace % modulus + modulus - known % modulus) % modulus
            return distance > 0 && distance < modulus / 2
        }
    }
}

/// A payment whose answer was lost: the terminal is asked about it until it tells, or the deadline passes.
struct ZVTPaymentRecovery: Equatable, Sendable {
    var payment: CardPaymentRequest
    /// The baseline when the authorization was sent.
    var baseline: ZVTTraceBaseline
    var giveUpAt: DriverTime
    /// What was lost, for the `outcomeUnknown` reason.
    var cause: String
}

/// Why a conversation with the terminal is running; decides what its ending means.
enum ZVTConversationPurpose: Equatable, Sendable {
    case registration
    /// Repeat-receipt right after registration, only to learn the terminal's newest trace number.
    case baselineProbe
    case payment(CardPaymentRequest)
    case recoveryEnquiry(ZVTPaymentRecovery)
    case recoveryReceipt(ZVTPaymentRecovery)
    case reversal(receiptNumber: UInt16)
    case endOfDay
    case status
}

/// One command sent to the terminal and everything the terminal says until it hands control back.
struct ZVTConversation: Equatable, Sendable {
    enum Stage: Equatable, Sendable {
        case unsent
        /// Waiting for `80 00 00` (or `84 xx`) to the command, until the deadline (T3).
        case awaitingAcknowledgement(until: DriverTime)
        /// Waiting for completion or abort; every terminal message moves the deadline (T4).
        case awaitingCompletion(until: DriverTime)
    }

    enum AbortRequest: Equatable, Sendable { case none, requested, sent }

    let purpose: ZVTConversationPurpose
    let frame: [UInt8]
    var stage: Stage = .unsent
    var statusInformation: ZVTStatusInformation?
    var slip = ZVTSlipCollector()
    var abort: AbortRequest = .none

    init(purpose: ZVTConversationPurpose, frame: [UInt8]) {
        self.purpose = purpose
        self.frame = frame
    }

    var isPayment: Bool {
        if case .payment = purpose { return true }
        return false
    }
}

/// How a conversation ended.
enum ZVTConversationEnding: Equatable, Sendable {
    /// Completion 06 0F: the command succeeded (the status information says what happened).
    case completed(ZVTCompletion)
    /// Abort 06 1E from the terminal.
    case aborted(ZVTTerminalAbort)
    /// `84 xx` instead of an acknowledgement: the command was not accepted at all.
    case refused(ZVTResultCode)
    /// No usable answer: timeout, bytes that are not ZVT, or the connection dropped.
    case lost(String)
}

/// Receipt text the terminal sent for the ECR to print, masked before anything else sees it.
struct ZVTSlipCollector: Equatable, Sendable {
    /// Print lines (06 D1) and customer receipt blocks: what goes on the citizen's slip.
    private(set) var customerLines: [String] = []
    /// Merchant and administration receipt blocks.
    private(set) var otherLines: [String] = []
    private(set) var maskedACardNumber = false

    static let customerReceiptType: UInt8 = 2

    mutating func add(_ line: ZVTPrintLine, encoding: ZVTTextEncoding) {
        customerLines.append(line.isLineFeed ? "" : clean(line.text, encoding))
    }

    mutating func add(_ block: ZVTPrintTextBlock, encoding: ZVTTextEncoding) {
        let lines = block.lines.map { clean($0, encoding) }
        if block.receiptType == nil || block.receiptType == Self.customerReceiptType {
            customerLines += lines
        } else {
            otherLines += lines
        }
    }

    var allLines: [String] { otherLines + customerLines }

    private mutating func clean(_ bytes: [UInt8], _ encoding: ZVTTextEncoding) -> String {
        let scrubbed = ZVTText.maskingCardNumbers(ZVTText.decode(bytes, as: encoding))
        maskedACardNumber = maskedACardNumber || scrubbed.masked
        return scrubbed.text
    }
}
