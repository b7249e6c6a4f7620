import TownCore

/// What the journal says each cash unit holds, for collections and the cashier's status: notes in the cashbox,
/// coins in the coin cashbox and the hoppers, and every suspect transaction still unresolved. Built by applying
/// engine records in journal order — the same code while running and when replaying after a restart.
///
/// The recycler is not here: the NV200 reports its own levels. Hopper counts become journal-backed with the
/// first hopper refill or collection; until then they come from the counted cash units the shell loads.
public struct CashLedger: Sendable, Hashable {
    public private(set) var cashbox: [Denomination: Int] = [:]
    public private(set) var coinCashbox: [Denomination: Int] = [:]
    public private(set) var hoppers: [Denomination: Int] = [:]
    /// A hopper refill or collection was journaled: `hoppers` is the truth, not the loaded cash units.
    public private(set) var hoppersJournaled = false
    /// Transactions closed as suspect and not yet resolved, with the reason journaled.
    public private(set) var suspects: [TransactionID: String] = [:]
    /// Where credited notes and coins go (the device routing the engine sets).
    let recycledNotes: Set<Denomination>
    let recycledCoins: Set<Denomination>
    /// Dispense steps planned and not yet settled: which device pays each.
    private var pendingSteps: [String: DispenseStep.Device] = [:]

    public init(recycledNotes: Set<Denomination> = [], recycledCoins: Set<Denomination> = []) {
        self.recycledNotes = recycledNotes
        self.recycledCoins = recycledCoins
    }

    /// The loaded (counted) hopper contents, used until the journal has its own.
    mutating func loadHoppers(_ counts: [Denomination: Int]) {
        guard !hoppersJournaled else { return }
        hoppers = counts
    }

    public mutating func apply(_ record: EngineRecord) {
        switch record {
        case .noteCredited(let note): credit(note.credit.denomination)
        case .coinCredited(let coin): credit(coin.credit.denomination)
        case .changePlanned(let planned): for step in planned.steps { pendingSteps[step.id] = step.device }
        case .payoutIntent(let intent): for step in intent.steps { pendingSteps[step.id] = step.device }
        case .changeDispensed(let outcome): paid(step: outcome.step, paid: outcome.paid)
        case .payoutOutcome(let outcome): paid(step: outcome.step, paid: outcome.paid)
        case .cashRefilled(let refill):
            if refill.unit == .hopper {
                hoppersJournaled = true
                for (coin, count) in refill.pieces.pieces { hoppers[coin, default: 0] += count }
            }
        case .cashCollected(let collection):
            switch collection.unit {
            case .cashbox: cashbox = [:]
            case .coinCashbox: coinCashbox = [:]
            case .hopper:
                hoppersJournaled = true
                hoppers = [:]
            case .recycler: break
            }
        case .transactionClosed(let closed):
            if closed.outcome == .suspect { suspects[closed.transaction] = closed.detail ?? "outcome in doubt" }
        case .suspectResolved(let resolved): suspects[resolved.transaction] = nil
        default: break
        }
    }

    private mutating func credit(_ piece: Denomination) {
        switch piece.kind {
        case .note: if !recycledNotes.contains(piece) { cashbox[piece, default: 0] += 1 }
        case .coin:
            if recycledCoins.contains(piece) { hoppers[piece, default: 0] += 1 } else { coinCashbox[piece, default: 0] += 1 }
        }
    }

    private mutating func paid(step: String, paid: Money) {
        guard let device = pendingSteps.removeValue(forKey: step), case .hopper(let coin) = device else { return }
        hoppers[coin] = max(0, (hoppers[coin] ?? 0) - Int(paid.halere / coin.value.halere))
    }
}
