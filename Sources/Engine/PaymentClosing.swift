import Devices
import TownCore

/// How a payment ends: completed with a receipt, cancelled with the cash given back (or owed), or in
/// doubt. Every ending journals `transaction.closed`, so recovery knows the transaction is finished.
extension KioskEngine {
    // MARK: Cancel (flow 4)

    mutating func cancelPayment(_ session: PaymentSession, reason: String) {
        var session = session
        switch session.step {
        case .choosingMethod:
            beginRefund(session, reason: reason)
        case .acceptingCash(var intake):
            if case .cancelled = intake.stop { return }
            intake.stop = .cancelled(reason: reason)
            stopAcceptors()
            session.step = .acceptingCash(intake)
            // A note being stacked may still be credited; advanceCash waits for it before refunding.
            advanceCash(session)
        case .dispensing:
            notify(.pleaseWait)
        case .charging(let cardReference, let alreadyRequested):
            guard !alreadyRequested else { return }
            emit(.cardTerminal(.abort))
            session.step = .charging(reference: cardReference, cancelRequested: true)
            state = .payment(session)
        }
    }

    /// Gives back every crown credited and not yet given back; nothing is kept.
    mutating func beginRefund(_ session: PaymentSession, reason: String) {
        var session = session
        session.cancelReason = session.cancelReason ?? reason
        cancelTimer(.inactivity)
        let refund = session.unsettledCash(keeping: .zero)
        if refund.isPositive {
            startDispense(session, purpose: .refund, amount: refund)
        } else {
            closeCancelled(session)
        }
    }

    mutating func closeCancelled(_ session: PaymentSession) {
        guard !session.inDoubt else { return closeSuspect(session, reason: "refund outcome unknown") }
        var session = session
        let ref = reference(session.transaction)
        owe(&session, session.unsettledCash(keeping: .zero), reason: "cash inserted while the payment was being cancelled")
        let moved = session.credited.isPositive
        journal(.transactionClosed(TransactionClosed(transaction: session.transaction, outcome: moved ? .cancelled : .abandoned,
                                                     reference: ref, detail: session.cancelReason)))
        if session.owed.isPositive {
            emit(.printer(.print(ReceiptComposer.refundSlip(configuration, reference: ref, owed: session.owed, day: now.today))))
        }
        show(.cancelled(CancelledSummary(givenBack: session.returned, owed: session.owed, reference: ref)))
        returnToIdle()
    }

    /// Journals `amount` (if positive) as owed to the citizen by the cash desk.
    mutating func owe(_ session: inout PaymentSession, _ amount: Money, reason: String) {
        guard amount.isPositive else { return }
        journal(.refundOwed(RefundOwed(transaction: session.transaction, amount: amount, reason: reason,
                                       reference: reference(session.transaction))))
        session.owed += amount
    }

    // MARK: Completion

    mutating func completePayment(_ session: PaymentSession, slipLines: [String] = []) {
        guard !session.inDoubt else { return closeSuspect(session, reason: "payment outcome in doubt") }
        var session = session
        let ref = reference(session.transaction)
        owe(&session, session.unsettledCash(keeping: session.cashDue), reason: "cash inserted after the payment was complete")
        let card = session.cardPaid == nil ? Money.zero : session.cardDue
        let number: ReceiptNumber
        do throws(ReceiptSeriesError) {
            number = try ReceiptSeries(kiosk: configuration.kiosk).next(after: context.lastReceipt, year: now.year)
        } catch {
            return closeSuspect(session, reason: "no receipt number: \(error)")
        }
        let receipt = ReceiptIssued(
            transaction: session.transaction, number: number, kind: .payment, description: session.target.description,
            variableSymbol: session.target.variableSymbol, amount: session.amount, cash: session.cashDue, card: card,
            rounding: session.rounding, change: session.changeGiven, owed: session.owed, day: now.today)
        journal(.receiptIssued(receipt))
        journal(.transactionClosed(TransactionClosed(transaction: session.transaction, outcome: .completed, reference: ref)))
        context.lastReceipt = number
        if session.target.kind == .obligation, let obligation = context.obligations[session.target.id],
           let updated = try? obligation.applying(payment: session.amount) {
            context.obligations[obligation.id] = updated
        }
        emit(.printer(.print(ReceiptComposer.receipt(configuration, receipt, reference: ref, slipLines: slipLines))))
        show(.paymentDone(PaymentDone(receipt: number.description, paid: session.amount, change: session.changeGiven,
                                      owed: session.owed, reference: ref)))
        returnToIdle()
    }

    /// The outcome is unknown: no automatic retry, no refund guess. The citizen keeps a printed reference
    /// and the kiosk stays out of service until a technician reconciles the transaction (P7).
    mutating func closeSuspect(_ session: PaymentSession, reason: String) {
        let ref = reference(session.transaction)
        journal(.transactionClosed(TransactionClosed(transaction: session.transaction, outcome: .suspect, reference: ref,
                                                     detail: reason)))
        blockUntilResolved(session.transaction, reason: reason)
        emit(.printer(.print(ReceiptComposer.problemSlip(configuration, reference: ref, day: now.today))))
        show(.problem(reference: ref))
        returnToIdle()
    }
}
