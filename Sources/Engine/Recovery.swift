import Devices
import TownCore

/// What the devices said after the restart about payouts that were running.
struct RecoveryWork: Sendable {
    struct NoteEvidence: Sendable, Equatable {
        var paid: Money
        /// nil: the device repeated a payout report without the requested amount.
        var requested: Money?
    }
    struct CoinEvidence: Sendable, Equatable {
        var paid: Int
        var unpaid: Int
    }
    var open: [OpenTransaction]
    var notes: [NoteEvidence] = []
    var coins: [Denomination: [CoinEvidence]] = [:]
    /// Each hopper's status read at this start-up.
    var hopperStatus: [Denomination: HopperStartStatus] = [:]
    /// The recycler's levels as reported after this start-up.
    var recyclerNow: [Denomination: Int]?
    /// The newest counter per hopper journaled before the restart.
    var journaledCounters: [Denomination: UInt8] = [:]
    /// A payout note was reported dispensed at power-up: note payouts in doubt cannot be settled exactly.
    var noteDispensedAtPowerUp = false
    /// Notes the validator found in its path at power-up: back out of the front, or into the cashbox
    /// (credited on their own). They settle a note that was being accepted.
    var notesCleared: [Denomination?] = []
    /// Findings no transaction explains (a note in escrow at a reset…).
    var doubts: [String] = []
}

/// Boot after a crash (P4): no customer is served until every unfinished transaction has a terminal
/// record. Device power-up reports settle payouts exactly; whatever they do not settle is unknown and
/// keeps the kiosk out of service for a technician.
extension KioskEngine {
    mutating func startRecovery(_ open: [OpenTransaction]) {
        journal(.recoveryStarted(RecoveryStarted(transactions: open.map(\.id))))
        startTimer(.recoveryDeadline, configuration.recoveryDeadline)
        show(.recovering)
        state = .recovering(RecoveryWork(open: open, journaledCounters: context.hopperCounters))
    }

    /// The recycler reported how a payout from before the restart ended.
    mutating func recoveryNotePayout(paid: Money, requested: Money?) {
        guard case .recovering(var work) = state else { return }
        work.notes.append(.init(paid: paid, requested: requested))
        state = .recovering(work)
    }

    /// What the note validator found at power-up, while recovering.
    mutating func recoveryPowerUp(_ report: PowerUpReport) {
        guard case .recovering(var work) = state else { return }
        switch report {
        case .incompletePayout(let paid, let requested):
            work.notes.append(.init(paid: paid, requested: requested))
        case .noteDispensed:
            work.noteDispensedAtPowerUp = true
        case .noteClearedIntoCashbox(let note):
            guard let note else {
                work.doubts.append("a note of unknown value went to the cashbox at power-up")
                break
            }
            // The kiosk has the money: credited to a transaction of its own and owed back.
            work.notesCleared.append(note)
            context.syntheticCredits += 1
            credit(note, key: "note:power-up-\(context.syntheticCredits)")
        case .noteWasInEscrow(let note):
            work.doubts.append("a \(note) note was in escrow when the validator reset")
        case .noteClearedFromFront(let note):
            work.notesCleared.append(note)
        case .notePaidIntoCashbox, .notePaidIntoRecycler:
            // A payout note that stayed inside the kiosk: nothing was paid.
            break
        }
        state = .recovering(work)
    }

    /// The device repeated the credit of a note the journal shows being accepted by an open transaction:
    /// journaled now for that transaction. False when no open transaction was accepting such a note.
    mutating func recoveryCredit(_ note: Denomination, key: String) -> Bool {
        guard case .recovering(var work) = state,
              let index = work.open.firstIndex(where: { $0.acceptingNote == note }),
              !context.creditKeys.contains(key) else { return false }
        context.creditKeys.insert(key)
        context.inventory.credited(note, recycled: configuration.recycledNotes.contains(note))
        work.open[index].credited += note.value
        work.open[index].acceptingNote = nil
        journalCredit(note, key: key, transaction: work.open[index].id, total: work.open[index].credited)
        state = .recovering(work)
        return true
    }

    mutating func recyclerLevelsReported(_ levels: [Denomination: Int]) {
        guard case .recovering(var work) = state else { return }
        work.recyclerNow = levels
        state = .recovering(work)
    }

    mutating func hopperStatusAtStart(_ coin: Denomination, _ status: HopperStartStatus) {
        guard case .recovering(var work) = state else { return }
        work.hopperStatus[coin] = status
        state = .recovering(work)
    }

    mutating func coinRecoveryEvidence(_ coin: Denomination, paid: Int, unpaid: Int) {
        guard case .recovering(var work) = state else { return }
        work.coins[coin, default: []].append(.init(paid: paid, unpaid: unpaid))
        state = .recovering(work)
    }

    /// The deadline passed: settle every open transaction with what the devices reported.
    mutating func finishRecovery(_ work: RecoveryWork) {
        var work = work
        state = .idle
        for transaction in work.open {
            if let intent = transaction.payoutIntent {
                recoverPayout(transaction, intent, &work)
            } else if transaction.payment != nil || transaction.credited.isPositive || !transaction.runs.isEmpty {
                recoverPayment(transaction, &work)
            } else {
                // A PIN attempt (already counted) or nothing at all.
                close(transaction.id, .abandoned)
            }
        }
        if !work.doubts.isEmpty {
            blockUntilResolved(nil, reason: work.doubts.joined(separator: "; "))
        }
        refreshService(showScreen: true)
    }

    private mutating func close(_ transaction: TransactionID, _ outcome: TransactionClosed.Outcome, detail: String? = nil) {
        journal(.transactionClosed(TransactionClosed(transaction: transaction, outcome: outcome, reference: reference(transaction),
                                                     detail: detail ?? "resolved after a restart")))
    }

    private mutating func closeUnresolved(_ transaction: TransactionID, reason: String) {
        close(transaction, .suspect, detail: reason)
        blockUntilResolved(transaction, reason: reason)
        emit(.printer(.print(ReceiptComposer.problemSlip(configuration, reference: reference(transaction), day: now.today))))
    }

    /// Steps in order: journaled outcomes count as they are; the first step without one is settled from
    /// the devices' reports (or unknown); later steps were never commanded.
    private mutating func resolveSteps(_ steps: [DispenseStep], known: [String: (Money, DispenseResult)],
                                       acceptances: [String: UInt8], recyclerBefore: ChangePlan?, _ work: inout RecoveryWork,
                                       record: (DispenseStep, Money, DispenseResult) -> EngineRecord) -> (paid: Money, unknown: Bool) {
        var paid = Money.zero
        for step in steps {
            if let outcome = known[step.id] {
                paid += outcome.0
                if outcome.1 == .unknown { return (paid, true) }
                continue
            }
            let (stepPaid, result) = evidence(for: step, accepted: acceptances[step.id], recyclerBefore: recyclerBefore, &work)
            journal(record(step, stepPaid, result))
            context.inventory.paid(step, paid: stepPaid, plan: ChangePlan(counts: [:]))
            return (paid + stepPaid, result == .unknown)
        }
        return (paid, false)
    }

    private func evidence(for step: DispenseStep, accepted: UInt8?, recyclerBefore: ChangePlan?,
                          _ work: inout RecoveryWork) -> (Money, DispenseResult) {
        switch step.device {
        case .noteRecycler:
            guard !work.noteDispensedAtPowerUp,
                  let index = work.notes.firstIndex(where: { $0.requested == step.amount })
                    ?? work.notes.firstIndex(where: { $0.requested == nil && $0.paid <= step.amount })
            else {
                // No report survived (a power cut loses the device's event buffer): the recycler's levels do.
                guard let before = recyclerBefore, let now = work.recyclerNow,
                      let paid = Self.paidFromRecycler(before: before.counts, now: now), paid <= step.amount
                else { return (.zero, .unknown) }
                return (paid, paid == step.amount ? .complete : paid.isZero ? .refused : .interrupted)
            }
            let found = work.notes.remove(at: index)
            return (found.paid, found.paid == step.amount ? .complete : .interrupted)
        case .hopper(let coin):
            // A power-down report from the hopper settles it; otherwise its event counter and last counts.
            if let index = work.coins[coin]?.firstIndex(where: { $0.paid + $0.unpaid == step.count }),
               let found = work.coins[coin]?.remove(at: index), found.paid >= 0, found.paid <= step.count {
                return (coin.value * Int64(found.paid), found.paid == step.count ? .complete : .interrupted)
            }
            guard let status = work.hopperStatus[coin] else { return (.zero, .unknown) }
            switch HopperStepVerdict.judge(accepted: accepted, before: work.journaledCounters[coin], now: status) {
            case .notExecuted:
                return (.zero, .refused)
            case .executed(let paid, let unpaid) where paid + unpaid == step.count && paid >= 0:
                return (coin.value * Int64(paid), paid == step.count ? .complete : .interrupted)
            case .executed, .unknown:
                return (.zero, .unknown)
            }
        }
    }

    /// What left the recycler between two exact readings; nil when any denomination grew (something else
    /// moved notes, so the difference proves nothing).
    static func paidFromRecycler(before: [Denomination: Int], now: [Denomination: Int]) -> Money? {
        var paid = Money.zero
        for note in Set(before.keys).union(now.keys) {
            let drop = (before[note] ?? 0) - (now[note] ?? 0)
            guard drop >= 0 else { return nil }
            paid += note.value * Int64(drop)
        }
        return paid
    }

    private mutating func recoverPayment(_ open: OpenTransaction, _ work: inout RecoveryWork) {
        let id = open.id
        var returned = Money.zero
        var change = Money.zero
        var unknown = false
        for run in open.runs {
            let known = run.outcomes.mapValues { ($0.paid, $0.result) }
            let result = resolveSteps(run.planned.steps, known: known, acceptances: open.hopperAcceptances,
                                      recyclerBefore: run.planned.recyclerBefore, &work) { step, paid, outcome in
                .changeDispensed(ChangeDispensed(transaction: id, step: step.id, requested: step.amount, paid: paid, result: outcome))
            }
            returned += result.paid
            if run.planned.purpose == .change { change += result.paid }
            unknown = unknown || result.unknown
        }
        if let request = open.cardRequest, open.cardOutcome == nil {
            journal(.cardOutcome(CardOutcome(transaction: id, reference: request.reference, result: .unknown,
                                             amount: request.amount, terminalReceipt: nil, traceNumber: nil, maskedPAN: nil,
                                             detail: "restart during the card payment")))
            unknown = true
        }
        if open.cardOutcome?.result == .unknown { unknown = true }
        if let note = open.acceptingNote {
            // The note being stacked must have been reported at power-up; otherwise nobody knows where it is.
            if let index = work.notesCleared.firstIndex(where: { $0 == note || $0 == nil }) {
                work.notesCleared.remove(at: index)
            } else {
                journal(.deviceReport(DeviceReport(device: "note validator", detail: "\(note) note being stacked at the restart: fate unknown",
                                                   transaction: id)))
                unknown = true
            }
        }
        guard !unknown else { return closeUnresolved(id, reason: "outcome unknown after a restart") }
        if open.receipt != nil { return close(id, .completed) }

        let cardApproved = open.cardOutcome?.result == .approved
        let net = open.credited - returned - open.owed
        if let method = open.method, let payment = open.payment, net >= method.cashDue,
           method.cardDue.isZero || cardApproved {
            // Paid in full before the restart: the payment stands; change not given is owed.
            let unsettled = net - method.cashDue
            oweAfterRestart(id, unsettled, reason: "change not given before a restart")
            let card = cardApproved ? method.cardDue : .zero
            recoverReceipt(id, payment: payment, amount: method.amount, cash: method.cashDue, card: card,
                           change: change, owed: open.owed + max(.zero, unsettled))
        } else if cardApproved {
            closeUnresolved(id, reason: "card charged but the payment was incomplete at a restart")
        } else {
            oweAfterRestart(id, net, reason: "payment interrupted by a restart")
            if net.isPositive || open.owed.isPositive {
                emit(.printer(.print(ReceiptComposer.refundSlip(configuration, reference: reference(id),
                                                                owed: open.owed + max(.zero, net), day: now.today))))
            }
            close(id, open.credited.isPositive ? .cancelled : .abandoned)
        }
    }

    private mutating func oweAfterRestart(_ id: TransactionID, _ amount: Money, reason: String) {
        guard amount.isPositive else { return }
        journal(.refundOwed(RefundOwed(transaction: id, amount: amount, reason: reason, reference: reference(id))))
    }

    private mutating func recoverReceipt(_ id: TransactionID, payment: PaymentStarted, amount: Money, cash: Money,
                                         card: Money, change: Money, owed: Money) {
        guard let number = try? ReceiptSeries(kiosk: configuration.kiosk).next(after: context.lastReceipt, year: now.year) else {
            return closeUnresolved(id, reason: "no receipt number for a payment completed before a restart")
        }
        let receipt = ReceiptIssued(
            transaction: id, number: number, kind: .payment, description: payment.target.description,
            variableSymbol: payment.target.variableSymbol, amount: amount, cash: cash, card: card,
            rounding: cash + card - amount, change: change, owed: owed, day: now.today)
        journal(.receiptIssued(receipt))
        close(id, .completed)
        context.lastReceipt = number
        emit(.printer(.print(ReceiptComposer.receipt(configuration, receipt, reference: reference(id), slipLines: []))))
    }

    private mutating func recoverPayout(_ open: OpenTransaction, _ intent: PayoutIntent, _ work: inout RecoveryWork) {
        let id = open.id
        if let settled = open.settled {
            // Settled before the restart; only the closing records are missing.
            context.update(intent.voucher)
            switch settled.event {
            case .markSuspect: return closeUnresolved(id, reason: "voucher \(settled.voucherID) suspect")
            case .release: return close(id, .abandoned)
            case .recordPaid: return close(id, settled.state.status == .paid ? .completed : .partiallyCompleted)
            }
        }
        let known = open.payoutOutcomes.mapValues { ($0.paid, $0.result) }
        let result = resolveSteps(intent.steps, known: known, acceptances: open.hopperAcceptances,
                                  recyclerBefore: intent.recyclerBefore, &work) { step, paid, outcome in
            .payoutOutcome(PayoutOutcome(transaction: id, step: step.id, requested: step.amount, paid: paid, result: outcome))
        }
        let voucher = intent.voucher
        let (event, settled, voucherEvent) = Self.settlement(paid: result.paid, target: intent.rounding.rounded,
                                                             unknown: result.unknown, remaining: voucher.remaining)
        guard let after = try? voucher.applying(voucherEvent) else {
            return closeUnresolved(id, reason: "voucher \(voucher.id) refused \(voucherEvent.name.rawValue) after a restart")
        }
        journal(.voucherSettled(VoucherSettled(transaction: id, voucherID: voucher.id, event: event, amount: settled,
                                               state: VoucherState(after))))
        context.update(after)
        switch event {
        case .markSuspect:
            closeUnresolved(id, reason: "payout of voucher \(voucher.id) in doubt after a restart; devices confirmed \(result.paid)")
        case .release:
            close(id, .abandoned)
        case .recordPaid:
            issuePayoutReceipt(VoucherSession(transaction: id, voucher: after, step: .checkingPIN), settled: settled,
                               cash: result.paid, complete: after.status == .paid)
        }
    }
}
