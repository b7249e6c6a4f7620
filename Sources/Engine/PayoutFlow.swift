import Devices
import TownCore

/// Voucher payouts (flow 5): the PIN attempt is journaled before the check (P22); the reservation and
/// the planned mix are journaled before the first dispense (P6); what is paid is what the devices
/// report (P8); an unknown outcome makes the voucher SUSPECT (P7).
extension KioskEngine {
    mutating func startVoucherPayout(_ idText: String, pin: EnteredPIN) {
        let trimmed = idText.filter { $0 != " " && $0 != "-" }.uppercased()
        guard let id = try? VoucherID(trimmed), let voucher = context.vouchers[id] else {
            return notify(.error(.unknownVoucher))
        }
        guard voucher.status.acceptsPinAttempts, voucher.boundKiosk == nil || voucher.boundKiosk == configuration.kiosk,
              voucher.boundKiosk != nil || configuration.unboundVouchers == .claimOnline else {
            return notify(.error(.voucherNotPayable))
        }
        // An outdated list may miss a cancellation or a payment made elsewhere.
        guard !context.vouchersStale else { return notify(.error(.cannotPayOutNow)) }
        guard now.today <= voucher.expiry else { return notify(.error(.voucherExpired)) }
        guard !voucher.isPinLocked else { return notify(.error(.voucherLocked)) }
        // Refuse before spending a PIN attempt when the kiosk could not pay the amount anyway.
        let rounded = CashRounding(cashTotal: voucher.remaining).rounded
        guard rounded.isPositive, context.inventory.exactPlan(for: rounded) != nil else {
            return notify(.error(.cannotPayOutNow))
        }
        guard (try? voucher.applying(.pinAttemptStarted)) != nil else { return notify(.error(.voucherLocked)) }
        let transaction = allocateTransaction()
        cancelTimer(.finishedScreen)
        if voucher.boundKiosk == nil && !context.claimedVouchers.contains(id) {
            emit(.claimVoucher(id))
            show(.checkingPIN)
            state = .voucher(VoucherSession(transaction: transaction, voucher: voucher, step: .claiming(pin)))
            return
        }
        beginPinCheck(voucher, pin: pin, transaction: transaction)
    }

    /// The town server answered the claim: granted, the PIN check goes ahead; refused, nothing happened.
    mutating func voucherClaimed(_ id: VoucherID, granted: Bool) {
        guard case .voucher(let session) = state, case .claiming(let pin) = session.step, session.voucher.id == id else { return }
        guard granted else {
            state = .idle
            notify(.error(.voucherNotPayable))
            return refreshService(showScreen: true)
        }
        context.claimedVouchers.insert(id)
        beginPinCheck(session.voucher, pin: pin, transaction: session.transaction)
    }

    /// Journals the attempt before the PIN is checked (P22): a crash or power cut still counts it.
    private mutating func beginPinCheck(_ voucher: PayoutVoucher, pin: EnteredPIN, transaction: TransactionID) {
        let id = voucher.id
        guard let attempt = try? voucher.applying(.pinAttemptStarted) else {
            state = .idle
            return notify(.error(.voucherLocked))
        }
        journal(.pinAttempt(VoucherPinAttempt(transaction: transaction, voucherID: id, step: .started,
                                              state: VoucherState(attempt))))
        context.update(attempt)
        emit(.checkPIN(voucherID: id, pin: pin))
        show(.checkingPIN)
        state = .voucher(VoucherSession(transaction: transaction, voucher: attempt, step: .checkingPIN))
    }

    mutating func pinChecked(_ id: VoucherID, matches: Bool) {
        guard case .voucher(var session) = state, case .checkingPIN = session.step, session.voucher.id == id else { return }
        let step: VoucherPinAttempt.Step = matches ? .succeeded : .failed
        guard let checked = try? session.voucher.applying(matches ? .pinAttemptSucceeded : .pinAttemptFailed) else {
            return closeVoucher(session, outcome: .abandoned, screen: .notice(.error(.voucherNotPayable)))
        }
        journal(.pinAttempt(VoucherPinAttempt(transaction: session.transaction, voucherID: id, step: step,
                                              state: VoucherState(checked))))
        context.update(checked)
        session.voucher = checked
        guard matches else {
            let left = PayoutVoucher.maximumPinAttempts - checked.failedPinAttempts
            let error: UIError = checked.isPinLocked ? .voucherLocked : .wrongPIN(attemptsLeft: left)
            return closeVoucher(session, outcome: .abandoned, screen: .notice(.error(error)), detail: "wrong PIN")
        }
        guard let reserved = try? checked.applying(.reservePayout(kiosk: configuration.kiosk, today: now.today)) else {
            return closeVoucher(session, outcome: .abandoned, screen: .notice(.error(.voucherNotPayable)))
        }
        let rounding = CashRounding(cashTotal: reserved.remaining)
        guard let plan = context.inventory.exactPlan(for: rounding.rounded), !plan.isEmpty else {
            return closeVoucher(session, outcome: .abandoned, screen: .notice(.error(.cannotPayOutNow)),
                                detail: "no exact payout mix after the PIN check")
        }
        let steps = CashInventory.steps(for: plan, prefix: reference(session.transaction) + "-v")
        journal(.payoutIntent(PayoutIntent(transaction: session.transaction, voucher: reserved, rounding: rounding,
                                           plan: plan, steps: steps, recyclerBefore: context.inventory.confirmedRecycler)))
        context.update(reserved)
        session.voucher = reserved
        let run = DispenseRun(purpose: .voucher, amount: rounding.rounded, plan: plan, steps: steps)
        show(.payingOut(amount: rounding.rounded))
        session.step = .payingOut(run, rounding: rounding)
        if let first = run.current { emit(Self.command(for: first)) }
        state = .voucher(session)
    }

    mutating func voucherRunFinished(_ session: VoucherSession, _ run: DispenseRun, rounding: CashRounding) {
        var session = session
        let ref = reference(session.transaction)
        let (event, settled, voucherEvent) = Self.settlement(paid: run.paid, target: run.amount, unknown: run.unknown,
                                                             remaining: session.voucher.remaining)
        guard let after = try? session.voucher.applying(voucherEvent) else {
            return closeVoucherSuspect(session, reason: "voucher \(session.voucher.id) refused \(voucherEvent.name.rawValue)")
        }
        journal(.voucherSettled(VoucherSettled(transaction: session.transaction, voucherID: after.id, event: event,
                                               amount: settled, state: VoucherState(after))))
        context.update(after)
        session.voucher = after
        switch event {
        case .markSuspect:
            closeVoucherSuspect(session, reason: "payout outcome unknown; devices confirmed \(run.paid)")
        case .release:
            closeVoucher(session, outcome: .abandoned, screen: .notice(.error(.cannotPayOutNowTryLater(reference: ref))))
        case .recordPaid:
            issuePayoutReceipt(session, settled: settled, cash: run.paid, complete: after.status == .paid)
        }
    }

    /// How a payout run settles the voucher: unknown → SUSPECT with what the devices confirmed; the rounded
    /// target paid → the exact remainder; less → what was paid; nothing → released.
    static func settlement(paid: Money, target: Money, unknown: Bool, remaining: Money)
        -> (VoucherSettled.Event, Money, VoucherEvent) {
        if unknown {
            let known = min(paid, remaining)
            return (.markSuspect, known, .markSuspect(knownPaid: known))
        }
        if paid >= target { return (.recordPaid, remaining, .recordPaid(remaining)) }
        if paid.isPositive {
            let part = min(paid, remaining)
            return (.recordPaid, part, .recordPaid(part))
        }
        return (.release, .zero, .release)
    }

    mutating func issuePayoutReceipt(_ session: VoucherSession, settled: Money, cash: Money, complete: Bool) {
        let ref = reference(session.transaction)
        let number: ReceiptNumber
        do throws(ReceiptSeriesError) {
            number = try ReceiptSeries(kiosk: configuration.kiosk).next(after: context.lastReceipt, year: now.year)
        } catch {
            return closeVoucherSuspect(session, reason: "no receipt number: \(error)")
        }
        let receipt = ReceiptIssued(
            transaction: session.transaction, number: number, kind: .payout,
            description: "Výplata poukazu \(session.voucher.id) – \(session.voucher.payeeName)", variableSymbol: nil,
            amount: settled, cash: cash, card: .zero, rounding: cash - settled, change: .zero, owed: .zero, day: now.today)
        journal(.receiptIssued(receipt))
        context.lastReceipt = number
        closeVoucher(session, outcome: complete ? .completed : .partiallyCompleted,
                     screen: .screen(.payoutDone(PayoutDone(receipt: number.description, paid: cash,
                                                            remainingOnVoucher: session.voucher.remaining, reference: ref))),
                     printing: ReceiptComposer.receipt(configuration, receipt, reference: ref, slipLines: []))
    }

    mutating func closeVoucher(_ session: VoucherSession, outcome: TransactionClosed.Outcome, screen: UIEvent,
                               printing job: PrintJob? = nil, detail: String? = nil) {
        journal(.transactionClosed(TransactionClosed(transaction: session.transaction, outcome: outcome,
                                                     reference: reference(session.transaction), detail: detail)))
        if let job { emit(.printer(.print(job))) }
        emit(.ui(screen))
        returnToIdle()
        if case .notice = screen { refreshService(showScreen: true) }
    }

    private mutating func closeVoucherSuspect(_ session: VoucherSession, reason: String) {
        let ref = reference(session.transaction)
        blockUntilResolved(session.transaction, reason: reason)
        closeVoucher(session, outcome: .suspect, screen: .screen(.problem(reference: ref)),
                     printing: ReceiptComposer.problemSlip(configuration, reference: ref, day: now.today), detail: reason)
    }
}
