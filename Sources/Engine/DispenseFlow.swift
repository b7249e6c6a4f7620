import Devices
import TownCore

/// Cash going out (change, refunds, voucher payouts), one device command at a time: intent journaled
/// before the first command, each outcome journaled exactly as the device reported it.
extension KioskEngine {
    static func command(for step: DispenseStep) -> EngineAction {
        switch step.device {
        case .noteRecycler: .noteValidator(.payout(payoutID: step.id, amount: step.amount))
        case .hopper(let coin): .coinBus(.dispense(payoutID: step.id, denomination: coin, count: step.count))
        }
    }

    /// Plans and starts handing back `amount` of a payment (change or refund). What the inventory cannot
    /// pay exactly is paid as far as possible and the rest journaled as owed when the run ends.
    mutating func startDispense(_ session: PaymentSession, purpose: CashOutPurpose, amount: Money) {
        var session = session
        let plan = context.inventory.bestPlan(for: amount)
        session.runs += 1
        let tag = purpose == .change ? "ch" : "rf"
        let steps = CashInventory.steps(for: plan, prefix: "\(reference(session.transaction))-\(tag)\(session.runs)")
        journal(.changePlanned(ChangePlanned(transaction: session.transaction, purpose: purpose, amount: amount,
                                             plan: plan, steps: steps, recyclerBefore: context.inventory.confirmedRecycler)))
        let run = DispenseRun(purpose: purpose, amount: amount, plan: plan, steps: steps)
        show(purpose == .change ? .givingChange(amount: amount) : .givingBack(amount: amount))
        session.step = .dispensing(run)
        guard let first = run.current else { return paymentRunFinished(session, run) }
        emit(Self.command(for: first))
        state = .payment(session)
    }

    /// A dispense step ended. Unmatched ids (a late report) are journaled for the technician.
    mutating func dispenseOutcome(id: String, paid: Money, result: DispenseResult) {
        switch state {
        case .payment(var session):
            guard case .dispensing(var run) = session.step, let step = run.current, step.id == id else { break }
            journal(.changeDispensed(ChangeDispensed(transaction: session.transaction, step: id, requested: step.amount,
                                                     paid: paid, result: result)))
            record(&run, step: step, paid: paid, result: result)
            session.returned += paid
            if run.purpose == .change { session.changeGiven += paid }
            if result == .unknown { session.inDoubt = true }
            session.step = .dispensing(run)
            guard let next = run.current else { return paymentRunFinished(session, run) }
            emit(Self.command(for: next))
            state = .payment(session)
            return
        case .voucher(var session):
            guard case .payingOut(var run, let rounding) = session.step, let step = run.current, step.id == id else { break }
            journal(.payoutOutcome(PayoutOutcome(transaction: session.transaction, step: id, requested: step.amount,
                                                 paid: paid, result: result)))
            record(&run, step: step, paid: paid, result: result)
            session.step = .payingOut(run, rounding: rounding)
            guard let next = run.current else { return voucherRunFinished(session, run, rounding: rounding) }
            emit(Self.command(for: next))
            state = .voucher(session)
            return
        case .starting, .recovering, .idle, .halted:
            break
        }
        journal(.deviceReport(DeviceReport(device: "dispense", detail: "outcome for payout \(id) matches no running step: "
                                           + "paid \(paid), \(result.rawValue)", transaction: nil)))
    }

    private mutating func record(_ run: inout DispenseRun, step: DispenseStep, paid: Money, result: DispenseResult) {
        context.inventory.paid(step, paid: paid, plan: run.plan)
        run.paid += paid
        if result == .unknown { run.unknown = true }
        run.next += 1
    }

    mutating func paymentRunFinished(_ session: PaymentSession, _ run: DispenseRun) {
        var session = session
        if run.unknown { session.inDoubt = true }
        let shortfall = run.amount - run.paid
        if !run.unknown && shortfall.isPositive {
            journal(.refundOwed(RefundOwed(transaction: session.transaction, amount: shortfall,
                                           reason: run.purpose == .change ? "change could not be given" : "refund could not be paid",
                                           reference: reference(session.transaction))))
            session.owed += shortfall
        }
        switch run.purpose {
        case .change: afterCashPart(session)
        case .refund, .voucher: closeCancelled(session)
        }
    }

    // MARK: Device outcomes mapped to dispense results

    /// How a recycler payout ended, as the driver reported it.
    enum NotePayoutEnd {
        case finished(paid: Money)
        case interrupted(paid: Money)
        case refused
        case unknown(knownPaid: Money)
    }

    /// How a hopper payout ended, in coins, as the driver reported it.
    enum CoinDispenseEnd {
        case finished(paid: Int)
        case interrupted(paid: Int)
        case refused
        case unknown(knownPaid: Int)
    }

    mutating func notePayoutEnded(_ id: String, _ end: NotePayoutEnd, report: String) {
        guard let step = currentStep(id) else { return unmatchedDispense("note validator", report) }
        switch end {
        case .finished(let paid): dispenseOutcome(id: id, paid: paid, result: paid == step.amount ? .complete : .interrupted)
        case .interrupted(let paid): dispenseOutcome(id: id, paid: paid, result: .interrupted)
        case .refused: dispenseOutcome(id: id, paid: .zero, result: .refused)
        case .unknown(let knownPaid): dispenseOutcome(id: id, paid: knownPaid, result: .unknown)
        }
    }

    mutating func coinDispenseEnded(_ id: String, _ end: CoinDispenseEnd, report: String) {
        guard let step = currentStep(id), case .hopper(let coin) = step.device else {
            return unmatchedDispense("coin bus", report)
        }
        // Device counts are 0…255; anything else is not a count and pays nothing.
        func value(_ coins: Int) -> Money { (0...255).contains(coins) ? coin.value * Int64(coins) : .zero }
        switch end {
        case .finished(let paid): dispenseOutcome(id: id, paid: value(paid), result: paid == step.count ? .complete : .interrupted)
        case .interrupted(let paid): dispenseOutcome(id: id, paid: value(paid), result: .interrupted)
        case .refused: dispenseOutcome(id: id, paid: .zero, result: .refused)
        case .unknown(let knownPaid): dispenseOutcome(id: id, paid: value(knownPaid), result: .unknown)
        }
    }

    /// A payout report for no running step (late, or from before a restart): for the technician.
    private mutating func unmatchedDispense(_ device: String, _ report: String) {
        journal(.deviceReport(DeviceReport(device: device, detail: "unmatched payout report: \(report)", transaction: nil)))
    }

    private func currentStep(_ id: String) -> DispenseStep? {
        switch state {
        case .payment(let session):
            if case .dispensing(let run) = session.step, let step = run.current, step.id == id { return step }
        case .voucher(let session):
            if case .payingOut(let run, _) = session.step, let step = run.current, step.id == id { return step }
        case .starting, .recovering, .idle, .halted:
            break
        }
        return nil
    }

}
