import Journal

/// Every record the engine journals. The shell appends `type` with `payload()`; replay turns a stored
/// `JournalRecord` back into one with `init(decoding:)`.
public enum EngineRecord: Hashable, Sendable {
    case paymentStarted(PaymentStarted)
    case methodChosen(PaymentMethodChosen)
    case noteAccepting(NoteAccepting)
    case noteReturned(NoteReturned)
    case noteCredited(NoteCredited)
    case coinCredited(CoinCredited)
    case changePlanned(ChangePlanned)
    case changeDispensed(ChangeDispensed)
    case refundOwed(RefundOwed)
    case cardRequested(CardRequested)
    case cardOutcome(CardOutcome)
    case receiptIssued(ReceiptIssued)
    case transactionClosed(TransactionClosed)
    case pinAttempt(VoucherPinAttempt)
    case payoutIntent(PayoutIntent)
    case payoutOutcome(PayoutOutcome)
    case voucherSettled(VoucherSettled)
    case outOfService(KioskOutOfService)
    case inService(KioskInService)
    case recoveryStarted(RecoveryStarted)
    case deviceReport(DeviceReport)
    case hopperCounter(HopperCounter)
    case cashRefilled(CashRefilled)
    case cashCollected(CashCollected)
    case suspectResolved(SuspectResolved)

    /// Every record type the engine writes (the crash test walks a failpoint before each).
    public static let recordTypes: [String] = [
        PaymentStarted.recordType, PaymentMethodChosen.recordType, NoteAccepting.recordType, NoteReturned.recordType,
        NoteCredited.recordType, CoinCredited.recordType, ChangePlanned.recordType, ChangeDispensed.recordType,
        RefundOwed.recordType, CardRequested.recordType, CardOutcome.recordType, ReceiptIssued.recordType,
        TransactionClosed.recordType, VoucherPinAttempt.recordType, PayoutIntent.recordType, PayoutOutcome.recordType,
        VoucherSettled.recordType, KioskOutOfService.recordType, KioskInService.recordType, RecoveryStarted.recordType,
        DeviceReport.recordType, HopperCounter.recordType, CashRefilled.recordType, CashCollected.recordType,
        SuspectResolved.recordType,
    ]

    /// The dotted record type, e.g. `cash.note_credited`.
    public var type: String {
        switch self {
        case .paymentStarted: PaymentStarted.recordType
        case .methodChosen: PaymentMethodChosen.recordType
        case .noteAccepting: NoteAccepting.recordType
        case .noteReturned: NoteReturned.recordType
        case .noteCredited: NoteCredited.recordType
        case .coinCredited: CoinCredited.recordType
        case .changePlanned: ChangePlanned.recordType
        case .changeDispensed: ChangeDispensed.recordType
        case .refundOwed: RefundOwed.recordType
        case .cardRequested: CardRequested.recordType
        case .cardOutcome: CardOutcome.recordType
        case .receiptIssued: ReceiptIssued.recordType
        case .transactionClosed: TransactionClosed.recordType
        case .pinAttempt: VoucherPinAttempt.recordType
        case .payoutIntent: PayoutIntent.recordType
        case .payoutOutcome: PayoutOutcome.recordType
        case .voucherSettled: VoucherSettled.recordType
        case .outOfService: KioskOutOfService.recordType
        case .inService: KioskInService.recordType
        case .recoveryStarted: RecoveryStarted.recordType
        case .deviceReport: DeviceReport.recordType
        case .hopperCounter: HopperCounter.recordType
        case .cashRefilled: CashRefilled.recordType
        case .cashCollected: CashCollected.recordType
        case .suspectResolved: SuspectResolved.recordType
        }
    }

    /// The canonical JSON payload to append.
    public func payload() throws(JournalError) -> [UInt8] {
        switch self {
        case .paymentStarted(let entry): try CanonicalJSON.encode(entry)
        case .methodChosen(let entry): try CanonicalJSON.encode(entry)
        case .noteAccepting(let entry): try CanonicalJSON.encode(entry)
        case .noteReturned(let entry): try CanonicalJSON.encode(entry)
        case .noteCredited(let entry): try CanonicalJSON.encode(entry)
        case .coinCredited(let entry): try CanonicalJSON.encode(entry)
        case .changePlanned(let entry): try CanonicalJSON.encode(entry)
        case .changeDispensed(let entry): try CanonicalJSON.encode(entry)
        case .refundOwed(let entry): try CanonicalJSON.encode(entry)
        case .cardRequested(let entry): try CanonicalJSON.encode(entry)
        case .cardOutcome(let entry): try CanonicalJSON.encode(entry)
        case .receiptIssued(let entry): try CanonicalJSON.encode(entry)
        case .transactionClosed(let entry): try CanonicalJSON.encode(entry)
        case .pinAttempt(let entry): try CanonicalJSON.encode(entry)
        case .payoutIntent(let entry): try CanonicalJSON.encode(entry)
        case .payoutOutcome(let entry): try CanonicalJSON.encode(entry)
        case .voucherSettled(let entry): try CanonicalJSON.encode(entry)
        case .outOfService(let entry): try CanonicalJSON.encode(entry)
        case .inService(let entry): try CanonicalJSON.encode(entry)
        case .recoveryStarted(let entry): try CanonicalJSON.encode(entry)
        case .deviceReport(let entry): try CanonicalJSON.encode(entry)
        case .hopperCounter(let entry): try CanonicalJSON.encode(entry)
        case .cashRefilled(let entry): try CanonicalJSON.encode(entry)
        case .cashCollected(let entry): try CanonicalJSON.encode(entry)
        case .suspectResolved(let entry): try CanonicalJSON.encode(entry)
        }
    }

    /// The engine record stored in `record`; nil for record types the engine does not write.
    /// Throws when a known type's payload does not decode (a damaged journal must stop recovery).
    public init?(decoding record: JournalRecord) throws {
        func decode<T: JournalEntry>(_ type: T.Type) throws -> T {
            try CanonicalJSON.decode(type, from: record.payload)
        }
        switch record.type {
        case PaymentStarted.recordType: self = .paymentStarted(try decode(PaymentStarted.self))
        case PaymentMethodChosen.recordType: self = .methodChosen(try decode(PaymentMethodChosen.self))
        case NoteAccepting.recordType: self = .noteAccepting(try decode(NoteAccepting.self))
        case NoteReturned.recordType: self = .noteReturned(try decode(NoteReturned.self))
        case NoteCredited.recordType: self = .noteCredited(try decode(NoteCredited.self))
        case CoinCredited.recordType: self = .coinCredited(try decode(CoinCredited.self))
        case ChangePlanned.recordType: self = .changePlanned(try decode(ChangePlanned.self))
        case ChangeDispensed.recordType: self = .changeDispensed(try decode(ChangeDispensed.self))
        case RefundOwed.recordType: self = .refundOwed(try decode(RefundOwed.self))
        case CardRequested.recordType: self = .cardRequested(try decode(CardRequested.self))
        case CardOutcome.recordType: self = .cardOutcome(try decode(CardOutcome.self))
        case ReceiptIssued.recordType: self = .receiptIssued(try decode(ReceiptIssued.self))
        case TransactionClosed.recordType: self = .transactionClosed(try decode(TransactionClosed.self))
        case VoucherPinAttempt.recordType: self = .pinAttempt(try decode(VoucherPinAttempt.self))
        case PayoutIntent.recordType: self = .payoutIntent(try decode(PayoutIntent.self))
        case PayoutOutcome.recordType: self = .payoutOutcome(try decode(PayoutOutcome.self))
        case VoucherSettled.recordType: self = .voucherSettled(try decode(VoucherSettled.self))
        case KioskOutOfService.recordType: self = .outOfService(try decode(KioskOutOfService.self))
        case KioskInService.recordType: self = .inService(try decode(KioskInService.self))
        case RecoveryStarted.recordType: self = .recoveryStarted(try decode(RecoveryStarted.self))
        case DeviceReport.recordType: self = .deviceReport(try decode(DeviceReport.self))
        case HopperCounter.recordType: self = .hopperCounter(try decode(HopperCounter.self))
        case CashRefilled.recordType: self = .cashRefilled(try decode(CashRefilled.self))
        case CashCollected.recordType: self = .cashCollected(try decode(CashCollected.self))
        case SuspectResolved.recordType: self = .suspectResolved(try decode(SuspectResolved.self))
        default: return nil
        }
    }

    /// The transaction the record belongs to, if any.
    public var transaction: TransactionID? {
        switch self {
        case .paymentStarted(let entry): entry.transaction
        case .methodChosen(let entry): entry.transaction
        case .noteAccepting(let entry): entry.transaction
        case .noteReturned(let entry): entry.transaction
        case .noteCredited(let entry): entry.credit.transaction
        case .coinCredited(let entry): entry.credit.transaction
        case .changePlanned(let entry): entry.transaction
        case .changeDispensed(let entry): entry.transaction
        case .refundOwed(let entry): entry.transaction
        case .cardRequested(let entry): entry.transaction
        case .cardOutcome(let entry): entry.transaction
        case .receiptIssued(let entry): entry.transaction
        case .transactionClosed(let entry): entry.transaction
        case .pinAttempt(let entry): entry.transaction
        case .payoutIntent(let entry): entry.transaction
        case .payoutOutcome(let entry): entry.transaction
        case .voucherSettled(let entry): entry.transaction
        case .deviceReport(let entry): entry.transaction
        case .hopperCounter(let entry): entry.transaction
        case .outOfService, .inService, .recoveryStarted, .cashRefilled, .cashCollected, .suspectResolved: nil
        }
    }
}
