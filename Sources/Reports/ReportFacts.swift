import Engine
import Journal
import TownCore

/// What was paid for: a catalogue fee (by code) or an obligation found by its variabilní symbol.
public struct FeeType: Hashable, Sendable, Comparable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case fee, obligation, unknown }
    public var kind: Kind
    /// Fee code; `obligation` for all obligations (they are receivables, not fee types); `unknown` when the
    /// journal holds no `payment.started` for the transaction.
    public var code: String

    public static let obligation = FeeType(kind: .obligation, code: "obligation")
    public static let unknown = FeeType(kind: .unknown, code: "unknown")

    public static func < (a: FeeType, b: FeeType) -> Bool { (a.kind.rawValue, a.code) < (b.kind.rawValue, b.code) }
}

/// How a payment was settled, read from its receipt.
public enum PaymentMethodKind: String, Hashable, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case cash, card, mixed

    init(cash: Money, card: Money) {
        self = card.isPositive ? (cash.isPositive ? .mixed : .card) : .cash
    }
}

/// One issued payment receipt with what it settled.
public struct PaymentFact: Hashable, Sendable {
    public var at: Int64
    public var receipt: ReceiptIssued
    public var method: PaymentMethodKind
    public var feeType: FeeType
    /// The fee's or obligation's description as the citizen saw it.
    public var label: String
}

/// Cash handed out by one dispense step (change, refund or a voucher payout).
public struct CashOutFact: Hashable, Sendable {
    public var at: Int64
    public var purpose: CashOutPurpose
    public var device: DispenseStep.Device?
    public var paid: Money
}

public struct Timed<Value: Hashable & Sendable>: Hashable, Sendable {
    public var at: Int64
    public var value: Value
}

/// Everything the reports need, pulled from journal records in one pass. Transaction context (what a
/// payment was for, which device a dispense step used) is tracked over the whole journal; facts are kept
/// only when their record falls inside `window`.
public struct ReportFacts: Sendable {
    public let window: Range<Int64>
    public private(set) var payments: [PaymentFact] = []
    public private(set) var payouts: [Timed<ReceiptIssued>] = []
    public private(set) var refundsOwed: [Timed<RefundOwed>] = []
    public private(set) var cashIn: [Timed<Denomination>] = []
    public private(set) var cashOut: [CashOutFact] = []
    public private(set) var refills: [Timed<CashRefilled>] = []
    public private(set) var collections: [Timed<CashCollected>] = []
    public private(set) var faults: [Timed<DeviceReport>] = []
    public private(set) var closings: [Timed<TransactionClosed>] = []
    public private(set) var resolutions: [Timed<SuspectResolved>] = []
    /// Out-of-service periods as (start, end) instants, clipped to the window; `end` nil while still out.
    public private(set) var outOfService: [(start: Int64, end: Int64?, reason: String)] = []
    public private(set) var firstRecordAt: Int64?
    public private(set) var lastRecordAt: Int64?

    private var targets: [TransactionID: PaymentTarget] = [:]
    private var stepDevices: [String: (CashOutPurpose, DispenseStep.Device)] = [:]
    private var outSince: (at: Int64, reason: String)?

    public init(window: Range<Int64>) {
        self.window = window
    }

    /// Facts from `records` (journal order).
    public static func collect(_ records: some Sequence<JournalRecord>, window: Range<Int64>) throws(ReportError) -> ReportFacts {
        var facts = ReportFacts(window: window)
        for record in records { try facts.add(record) }
        facts.finish()
        return facts
    }

    /// Reads one record; records of types the reports do not use are skipped.
    public mutating func add(_ record: JournalRecord) throws(ReportError) {
        let at = record.recordedAt
        if firstRecordAt == nil { firstRecordAt = at }
        lastRecordAt = at
        let inside = window.contains(at)
        let decoded: EngineRecord?
        do { decoded = try EngineRecord(decoding: record) } catch {
            throw .malformedRecord(type: record.type, expected: "its JSON payload (record \(record.sequence))", found: "\(error)")
        }
        guard let entry = decoded else { return }
        apply(entry, at: at, inside: inside)
    }

    /// Closes an out-of-service period still open at the end of the journal (it lasts to the window's end).
    public mutating func finish() {
        if let open = outSince {
            outOfService.append((max(open.at, window.lowerBound), nil, open.reason))
            outSince = nil
        }
    }

    private mutating func apply(_ entry: EngineRecord, at: Int64, inside: Bool) {
        switch entry {
        case .paymentStarted(let started):
            targets[started.transaction] = started.target
        case .changePlanned(let planned):
            for step in planned.steps { stepDevices[step.id] = (planned.purpose, step.device) }
        case .payoutIntent(let intent):
            for step in intent.steps { stepDevices[step.id] = (.voucher, step.device) }
        case .changeDispensed(let outcome):
            if inside { recordCashOut(step: outcome.step, paid: outcome.paid, at: at, fallback: .change) }
        case .payoutOutcome(let outcome):
            if inside { recordCashOut(step: outcome.step, paid: outcome.paid, at: at, fallback: .voucher) }
        case .noteCredited(let note):
            if inside { cashIn.append(Timed(at: at, value: note.credit.denomination)) }
        case .coinCredited(let coin):
            if inside { cashIn.append(Timed(at: at, value: coin.credit.denomination)) }
        case .refundOwed(let owed):
            if inside { refundsOwed.append(Timed(at: at, value: owed)) }
        case .receiptIssued(let receipt):
            guard inside else { break }
            switch receipt.kind {
            case .payment:
                let target = targets[receipt.transaction]
                let feeType: FeeType = switch target?.kind {
                case .fee: FeeType(kind: .fee, code: target?.id ?? "")
                case .obligation: .obligation
                case nil: .unknown
                }
                payments.append(PaymentFact(at: at, receipt: receipt, method: PaymentMethodKind(cash: receipt.cash, card: receipt.card),
                                            feeType: feeType, label: target?.description ?? receipt.description))
            case .payout:
                payouts.append(Timed(at: at, value: receipt))
            }
        case .transactionClosed(let closed):
            targets[closed.transaction] = nil
            if inside { closings.append(Timed(at: at, value: closed)) }
        case .deviceReport(let report):
            if inside { faults.append(Timed(at: at, value: report)) }
        case .outOfService(let record):
            if outSince == nil { outSince = (at, record.reason) }
        case .inService:
            if let open = outSince {
                let start = max(open.at, window.lowerBound)
                let end = min(at, window.upperBound)
                if start < end { outOfService.append((start, end, open.reason)) }
                outSince = nil
            }
        case .cashRefilled(let refill):
            if inside { refills.append(Timed(at: at, value: refill)) }
        case .cashCollected(let collection):
            if inside { collections.append(Timed(at: at, value: collection)) }
        case .suspectResolved(let resolved):
            if inside { resolutions.append(Timed(at: at, value: resolved)) }
        case .methodChosen, .noteAccepting, .noteReturned, .cardRequested, .cardOutcome, .pinAttempt, .voucherSettled, .hopperCounter,
             .recoveryStarted:
            break
        }
    }

    private mutating func recordCashOut(step: String, paid: Money, at: Int64, fallback: CashOutPurpose) {
        guard paid.isPositive else { return }
        let known = stepDevices[step]
        cashOut.append(CashOutFact(at: at, purpose: known?.0 ?? fallback, device: known?.1, paid: paid))
    }

    private static func decode<T: JournalEntry>(_ type: T.Type, _ record: JournalRecord) throws(ReportError) -> T {
        do { return try CanonicalJSON.decode(type, from: record.payload) } catch let error as ReportError {
            throw error
        } catch {
            throw .malformedRecord(type: record.type, expected: "its JSON payload (record \(record.sequence))", found: "\(error)")
        }
    }
}
