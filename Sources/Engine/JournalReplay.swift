import Journal
import TownCore

/// Reads the journal from the start and keeps what the engine needs to continue: the last receipt
/// number, the highest transaction number, this kiosk's voucher states, a sticky out-of-service block,
/// and every transaction without a `transaction.closed` record. Memory stays bounded by what is open.
public struct JournalReplay: Sendable {
    public private(set) var lastReceipt: ReceiptNumber?
    public private(set) var highestTransaction = 0
    public private(set) var voucherStates: [VoucherID: VoucherState] = [:]
    var sticky: ServiceBlock?
    /// The newest journaled event counter per hopper.
    var hopperCounters: [Denomination: UInt8] = [:]
    /// Cash units and suspects as the journal leaves them.
    public private(set) var ledger: CashLedger
    private var open: [TransactionID: OpenTransaction] = [:]

    /// `recycledNotes`/`recycledCoins`: the device routing, so credits land in the right cash unit.
    public init(recycledNotes: Set<Denomination> = [], recycledCoins: Set<Denomination> = []) {
        ledger = CashLedger(recycledNotes: recycledNotes, recycledCoins: recycledCoins)
    }

    /// Applies one stored record; records of other components are skipped.
    public mutating func apply(_ record: JournalRecord) throws {
        guard let entry = try EngineRecord(decoding: record) else { return }
        apply(entry)
    }

    /// Transactions the journal leaves unfinished, oldest first.
    public var unfinishedTransactions: [TransactionID] { open.keys.sorted() }

    var unfinished: [OpenTransaction] { open.values.sorted { $0.id < $1.id } }

    public mutating func apply(_ entry: EngineRecord) {
        ledger.apply(entry)
        if let transaction = entry.transaction {
            highestTransaction = max(highestTransaction, transaction.number)
            if case .transactionClosed = entry {
                open[transaction] = nil
            } else if case .deviceReport = entry {
                // Reports never open a transaction.
            } else if case .hopperCounter = entry, open[transaction] == nil {
                // Neither do counter readings.
            } else {
                open[transaction, default: OpenTransaction(id: transaction)].apply(entry)
            }
        }
        switch entry {
        case .receiptIssued(let receipt): lastReceipt = receipt.number
        case .pinAttempt(let attempt): voucherStates[attempt.voucherID] = attempt.state
        case .payoutIntent(let intent): voucherStates[intent.voucher.id] = VoucherState(intent.voucher)
        case .voucherSettled(let settled): voucherStates[settled.voucherID] = settled.state
        case .outOfService(let record):
            if record.cause.isSticky {
                sticky = ServiceBlock(cause: record.cause, reason: record.reason, reference: record.reference)
            }
        case .inService(let record):
            if record.technician != nil { sticky = nil }
        case .hopperCounter(let record):
            hopperCounters[record.denomination] = record.eventCounter
        case .cashRefilled, .cashCollected, .suspectResolved:
            break
        case .paymentStarted, .methodChosen, .noteAccepting, .noteReturned, .noteCredited, .coinCredited, .changePlanned,
             .changeDispensed,
             .refundOwed, .cardRequested, .cardOutcome, .transactionClosed, .payoutOutcome, .recoveryStarted,
             .deviceReport:
            break
        }
    }
}

/// What the journal says about one unfinished transaction.
struct OpenTransaction: Sendable {
    let id: TransactionID
    var payment: PaymentStarted?
    var method: PaymentMethodChosen?
    var credited: Money = .zero
    /// A note whose `.accept` went out with no credit or return journaled after it.
    var acceptingNote: Denomination?
    var owed: Money = .zero
    /// Change and refund runs, in order, each with the outcomes journaled for its steps.
    var runs: [(planned: ChangePlanned, outcomes: [String: ChangeDispensed])] = []
    var cardRequest: CardRequested?
    var cardOutcome: CardOutcome?
    var receipt: ReceiptIssued?
    var pinVoucher: VoucherID?
    var payoutIntent: PayoutIntent?
    var payoutOutcomes: [String: PayoutOutcome] = [:]
    var settled: VoucherSettled?
    /// Event counters journaled when a hopper took one of this transaction's dispense steps, by step.
    var hopperAcceptances: [String: UInt8] = [:]

    init(id: TransactionID) { self.id = id }

    mutating func apply(_ entry: EngineRecord) {
        switch entry {
        case .paymentStarted(let started): payment = started
        case .methodChosen(let chosen): method = chosen
        case .noteAccepting(let accepting): acceptingNote = accepting.denomination
        case .noteReturned: acceptingNote = nil
        case .noteCredited(let note):
            credited += note.credit.denomination.value
            acceptingNote = nil
        case .coinCredited(let coin): credited += coin.credit.denomination.value
        case .changePlanned(let planned): runs.append((planned, [:]))
        case .changeDispensed(let outcome):
            if let index = runs.lastIndex(where: { $0.planned.steps.contains { $0.id == outcome.step } }) {
                runs[index].outcomes[outcome.step] = outcome
            }
        case .refundOwed(let refund): owed += refund.amount
        case .cardRequested(let request):
            cardRequest = request
            cardOutcome = nil
        case .cardOutcome(let outcome): cardOutcome = outcome
        case .receiptIssued(let issued): receipt = issued
        case .pinAttempt(let attempt): pinVoucher = attempt.voucherID
        case .payoutIntent(let intent): payoutIntent = intent
        case .payoutOutcome(let outcome): payoutOutcomes[outcome.step] = outcome
        case .voucherSettled(let record): settled = record
        case .hopperCounter(let record):
            if let step = record.step { hopperAcceptances[step] = record.eventCounter }
        case .transactionClosed, .outOfService, .inService, .recoveryStarted, .deviceReport, .cashRefilled, .cashCollected,
             .suspectResolved:
            break
        }
    }

    /// Cash handed back by the runs so far, as journaled.
    var returned: Money {
        runs.reduce(Money.zero) { total, run in total + run.outcomes.values.reduce(Money.zero) { $0 + $1.paid } }
    }
}
