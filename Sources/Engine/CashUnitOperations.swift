import TownCore

/// One cash unit's contents as the kiosk counts them, for the cashier's status.
public struct CashUnitLevel: Hashable, Sendable {
    public var unit: CashUnitName
    public var denomination: Denomination
    public var pieces: Int
}

/// The cashier's and technician's operations: refill, collection (cash unit exchange) and resolving suspects.
/// Each is journaled; refills and collections only while no customer is being served.
extension KioskEngine {
    /// Why `command` cannot be carried out now; nil when it can. The control API answers with this.
    public func refusal(of command: TechnicianCommand) -> String? {
        switch command {
        case .putOutOfService, .putInService:
            return nil
        case .refill(let unit, let pieces, _):
            guard unit == .recycler || unit == .hopper else { return "expected unit recycler or hopper for a refill, found \(unit.rawValue)" }
            if pieces.pieces.isEmpty { return "expected at least one piece to refill" }
            return wrongPieces(pieces, for: unit) ?? busy
        case .collect(let unit, let counted, _):
            return wrongPieces(counted, for: unit) ?? busy
        case .resolveSuspect(let transaction, _, let reason, _):
            if reason.trimmingCharacters(in: .whitespaces).isEmpty { return "expected a reason for resolving \(transaction)" }
            return context.ledger.suspects[transaction] == nil ? "no suspect transaction \(transaction)" : nil
        }
    }

    private func wrongPieces(_ pieces: PieceCounts, for unit: CashUnitName) -> String? {
        let wrong = pieces.pieces.keys.filter { $0.kind != unit.holds }.sorted()
        guard !wrong.isEmpty else { return nil }
        return "expected \(unit.holds == .note ? "notes" : "coins") for the \(unit.rawValue), found \(wrong.map(\.description).joined(separator: ", "))"
    }

    private var busy: String? {
        switch state {
        case .idle, .halted: nil
        case .starting, .recovering: "the kiosk is still starting; try again when it is idle"
        case .payment, .voucher: "the kiosk is serving a customer; put it out of service and wait until it is idle"
        }
    }

    /// Cash unit contents: the recycler as the NV200 reported it, the rest as journaled.
    public var cashUnitLevels: [CashUnitLevel] {
        let units: [(CashUnitName, [Denomination: Int])] = [
            (.recycler, context.inventory.recyclerNotes), (.cashbox, context.ledger.cashbox),
            (.hopper, context.inventory.hopperCoins), (.coinCashbox, context.ledger.coinCashbox),
        ]
        return units.flatMap { unit, counts in
            counts.filter { $0.value != 0 }.sorted { $0.key < $1.key }
                .map { CashUnitLevel(unit: unit, denomination: $0.key, pieces: $0.value) }
        }
    }

    /// Suspect transactions still open for a technician, with the reason journaled.
    public var suspects: [TransactionID: String] { context.ledger.suspects }

    mutating func loadCashUnits(_ units: [CashUnit]) {
        context.inventory.load(units)
        context.ledger.loadHoppers(context.inventory.hopperCoins)
        if context.ledger.hoppersJournaled { context.inventory.hopperCoins = context.ledger.hoppers }
    }

    mutating func refill(_ unit: CashUnitName, _ pieces: PieceCounts, technician: String) {
        guard refusal(of: .refill(unit, pieces, technician: technician)) == nil, let amount = try? pieces.amount() else { return }
        journal(.cashRefilled(CashRefilled(technician: technician, unit: unit, pieces: pieces, amount: amount)))
        switch unit {
        case .recycler:
            for (note, count) in pieces.pieces { context.inventory.recyclerNotes[note, default: 0] += count }
            context.inventory.recyclerConfirmed = false
            emit(.noteValidator(.refreshLevels))
        case .hopper:
            context.inventory.hopperCoins = context.ledger.hoppers
            context.inventory.hoppersBelowLow.subtract(pieces.pieces.keys)
            emit(.coinBus(.refreshLevels))
        case .cashbox, .coinCashbox:
            break
        }
        if case .idle = state { refreshService(showScreen: true) }
    }

    mutating func collect(_ unit: CashUnitName, counted: PieceCounts, technician: String) {
        guard refusal(of: .collect(unit, counted: counted, technician: technician)) == nil else { return }
        let expectedCounts: [Denomination: Int] = switch unit {
        case .recycler: context.inventory.recyclerNotes
        case .cashbox: context.ledger.cashbox
        case .hopper: context.inventory.hopperCoins
        case .coinCashbox: context.ledger.coinCashbox
        }
        guard let expected = try? PieceCounts(expectedCounts.filter { $0.value > 0 }),
              let expectedAmount = try? expected.amount(), let countedAmount = try? counted.amount() else { return }
        journal(.cashCollected(CashCollected(technician: technician, unit: unit, expected: expected, counted: counted,
                                             expectedAmount: expectedAmount, countedAmount: countedAmount,
                                             difference: countedAmount - expectedAmount)))
        switch unit {
        case .recycler:
            context.inventory.recyclerNotes = [:]
            context.inventory.recyclerConfirmed = false
            emit(.noteValidator(.refreshLevels))
        case .hopper:
            context.inventory.hopperCoins = [:]
            emit(.coinBus(.refreshLevels))
        case .cashbox, .coinCashbox:
            break
        }
        if case .idle = state { refreshService(showScreen: true) }
    }

    mutating func resolveSuspect(_ transaction: TransactionID, technician: String, reason: String, paid: Money?) {
        guard refusal(of: .resolveSuspect(transaction, technician: technician, reason: reason, paid: paid)) == nil else { return }
        journal(.suspectResolved(SuspectResolved(transaction: transaction, technician: technician, reason: reason, paid: paid)))
        // The last suspect resolved lifts the block it caused; a technician's own block stays.
        if context.ledger.suspects.isEmpty, context.sticky?.cause == .unresolvedTransaction {
            context.sticky = nil
            context.announced = nil
            journal(.inService(KioskInService(technician: technician)))
        }
        if case .idle = state { refreshService(showScreen: true) }
    }
}
