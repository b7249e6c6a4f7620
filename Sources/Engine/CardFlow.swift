import Devices
import TownCore

/// Card payments (flows 2 and 3). The driver guarantees one outcome per `.pay` and never sends an
/// authorization twice; the engine never sends a second `.pay` for an outcome it does not know (P26).
extension KioskEngine {
    mutating func chargeCard(_ session: PaymentSession) {
        var session = session
        session.cardAttempts += 1
        let cardReference = reference(session.transaction) + "-C\(session.cardAttempts)"
        journal(.cardRequested(CardRequested(transaction: session.transaction, reference: cardReference,
                                             amount: session.cardDue)))
        emit(.cardTerminal(.pay(amount: session.cardDue, reference: cardReference)))
        cancelTimer(.inactivity)
        show(.cardPayment(amount: session.cardDue))
        session.step = .charging(reference: cardReference, cancelRequested: false)
        state = .payment(session)
    }

    mutating func cardTerminalEvent(_ event: CardTerminalEvent) {
        switch event {
        case .ready:
            context.devices.cardTerminal = .ready
            if case .idle = state { refreshService(showScreen: true) }
        case .status(let status):
            switch status {
            case .ready: context.devices.cardTerminal = .ready
            case .busy, .notReady: break
            case .unreachable(let reason): context.devices.cardTerminal = .faulty(reason)
            }
        case .fault(let fault):
            context.devices.cardTerminal = .faulty("\(fault)")
            if case .cardDataExposed(let detail) = fault {
                journal(.deviceReport(DeviceReport(device: "card terminal", detail: "card data exposed: \(detail)",
                                                   transaction: nil)))
            }
        case .inProgress(let progress):
            notify(.cardPrompt(progress.text))
        case .approved(let result):
            cardApproved(result)
        case .declined(let decline):
            cardDeclined(decline)
        case .outcomeUnknown(let unknown):
            cardUnknown(unknown)
        case .reversed, .reversalFailed, .reversalOutcomeUnknown, .endOfDayDone, .endOfDayFailed:
            break
        }
    }

    /// The open charge with this card reference, if any.
    private func charging(_ cardReference: String) -> (PaymentSession, cancelRequested: Bool)? {
        guard case .payment(let session) = state, case .charging(let open, let cancelRequested) = session.step,
              open == cardReference else { return nil }
        return (session, cancelRequested)
    }

    private mutating func unmatchedCardOutcome(_ detail: String) {
        journal(.deviceReport(DeviceReport(device: "card terminal", detail: "outcome for no open charge: \(detail)",
                                           transaction: nil)))
    }

    mutating func cardApproved(_ result: CardPaymentResult) {
        guard let session = charging(result.reference)?.0 else {
            return unmatchedCardOutcome("approved \(result.amount) for \(result.reference)")
        }
        var paid = session
        let matches = result.amount == session.cardDue
        journal(.cardOutcome(CardOutcome(
            transaction: session.transaction, reference: result.reference, result: .approved, amount: result.amount,
            terminalReceipt: result.receiptNumber, traceNumber: result.traceNumber, maskedPAN: result.maskedPAN,
            detail: matches ? (result.cardName ?? "approved") : "booked \(result.amount), requested \(session.cardDue)")))
        paid.cardPaid = result
        // A booked amount other than the one requested is for a technician, never silently accepted.
        if !matches { paid.inDoubt = true }
        // Approved even if the citizen pressed cancel: the card is charged, so the payment completes.
        completePayment(paid, slipLines: result.slipLines)
    }

    mutating func cardDeclined(_ decline: CardPaymentDecline) {
        guard let open = charging(decline.reference) else {
            return unmatchedCardOutcome("declined \(decline.amount) for \(decline.reference)")
        }
        let session = open.0
        var next = session
        journal(.cardOutcome(CardOutcome(
            transaction: session.transaction, reference: decline.reference, result: .declined, amount: decline.amount,
            terminalReceipt: nil, traceNumber: nil, maskedPAN: nil, detail: decline.failure.message)))
        next.step = .choosingMethod
        if open.cancelRequested {
            return cancelPayment(next, reason: "cancelled by the citizen during the card payment")
        }
        notify(.cardDeclined)
        startTimer(.inactivity, configuration.inactivityTimeout)
        showSummary(next)
        state = .payment(next)
    }

    /// The card may have been charged: journal UNKNOWN, never charge again, hand the citizen a reference.
    mutating func cardUnknown(_ unknown: CardPaymentUnknown) {
        guard let session = charging(unknown.reference)?.0 else {
            return unmatchedCardOutcome("unknown \(unknown.amount) for \(unknown.reference)")
        }
        journal(.cardOutcome(CardOutcome(
            transaction: session.transaction, reference: unknown.reference, result: .unknown, amount: unknown.amount,
            terminalReceipt: unknown.lastTerminalTransaction?.receiptNumber,
            traceNumber: unknown.lastTerminalTransaction?.traceNumber,
            maskedPAN: unknown.lastTerminalTransaction?.maskedPAN, detail: unknown.reason)))
        closeSuspect(session, reason: "card outcome unknown (\(unknown.reason))")
    }
}
