import DeviceProtocols
import TownCore

/// What each conversation's ending means, and what the driver does next.
extension ZVTTerminalDriver {
    mutating func finish(_ conversation: ZVTConversation, _ ending: ZVTConversationEnding,
                         at now: DriverTime) -> [CardTerminalEvent] {
        if case .lost = ending { staleDataPossible = true }
        // Anything still buffered was not part of this answer.
        if decoder.bufferedByteCount > 0 { staleDataPossible = true }
        state = .idle
        var events: [CardTerminalEvent]
        switch conversation.purpose {
        case .registration: events = finishRegistration(ending, at: now)
        case .baselineProbe: events = finishProbe(conversation, ending)
        case .payment(let request): events = finishPayment(conversation, request, ending, at: now)
        case .recoveryEnquiry(let recovery): events = finishRecoveryEnquiry(recovery, ending, at: now)
        case .recoveryReceipt(let recovery): events = finishRecoveryReceipt(conversation, recovery, ending, at: now)
        case .reversal(let receiptNumber): events = finishReversal(conversation, receiptNumber, ending)
        case .endOfDay: events = finishEndOfDay(conversation, ending)
        case .status: events = [.status(Self.terminalStatus(after: ending))]
        }
        if connected && state == .idle && !announcedReady {
            announcedReady = true
            connectionFaultReported = false
            events.append(.ready)
        }
        return events
    }

    // MARK: - Registration

    private mutating func finishRegistration(_ ending: ZVTConversationEnding, at now: DriverTime) -> [CardTerminalEvent] {
        let problem: String
        switch ending {
        case .completed:
            if let recovery = unresolvedPayment {
                state = .talking(ZVTConversation(purpose: .recoveryEnquiry(recovery), frame: frames.statusEnquiry))
            } else if baseline == .unknown && !probeRefused {
                state = .talking(ZVTConversation(purpose: .baselineProbe, frame: frames.repeatReceipt))
            }
            return []
        case .refused(let code): problem = "terminal refused registration: \(code)"
        case .aborted(let abort): problem = "terminal aborted registration: \(abort.resultCode.map { "\($0)" } ?? "no code")"
        case .lost(let cause): problem = "registration unanswered: \(cause)"
        }
        state = .waiting(until: now + config.retryDelay, then: .registration)
        var events: [CardTerminalEvent] = [.fault(.registrationFailed(problem))]
        events += failQueued(because: "card terminal registration failed")
        if let recovery = unresolvedPayment, now >= recovery.giveUpAt {
            events += giveUp(recovery, reason: "\(recovery.cause); terminal would not register until the recovery deadline")
        }
        return events
    }

    private mutating func finishProbe(_ conversation: ZVTConversation, _ ending: ZVTConversationEnding) -> [CardTerminalEvent] {
        switch ending {
        case .completed:
            if let information = conversation.statusInformation {
                if let trace = information.traceNumber { baseline = .trace(trace) }
            } else {
                baseline = .noTransactions
            }
        case .refused, .aborted:
            probeRefused = true
        case .lost:
            break
        }
        return []
    }

    // MARK: - Payment

    private mutating func finishPayment(_ conversation: ZVTConversation, _ request: CardPaymentRequest,
                                        _ ending: ZVTConversationEnding, at now: DriverTime) -> [CardTerminalEvent] {
        let decision = conversation.statusInformation.flatMap(ZVTCardMapping.decision)
        switch ending {
        case .completed:
            if let decision { return settle(conversation, request, decision) }
            return beginRecovery(request, cause: "completion without a usable payment result", at: now)
        case .aborted(let abort):
            if case .declined? = decision, let decision { return settle(conversation, request, decision) }
            if decision == .approved {
                return beginRecovery(request, cause: "terminal reported approval, then aborted", at: now)
            }
            guard let code = abort.resultCode, code != .success, code.category != .unknown else {
                return beginRecovery(request, cause: "terminal aborted with an unclassified result", at: now)
            }
            return settle(conversation, request, .declined(ZVTCardMapping.failure(for: code)))
        case .refused(let code):
            // The terminal did not accept the command: nothing started, nothing charged.
            return [.declined(CardPaymentDecline(reference: request.reference, amount: request.amount,
                                                 failure: ZVTCardMapping.failure(for: code)))]
        case .lost(let cause):
            // A status information already acknowledged is final, even if the rest went missing.
            if let decision { return settle(conversation, request, decision) }
            return beginRecovery(request, cause: cause, at: now)
        }
    }

    private mutating func settle(_ conversation: ZVTConversation, _ request: CardPaymentRequest,
                                 _ decision: ZVTCardMapping.PaymentDecision) -> [CardTerminalEvent] {
        if let trace = conversation.statusInformation?.traceNumber { baseline = .trace(trace) }
        switch decision {
        case .approved:
            guard let information = conversation.statusInformation else { return [] }
            return [.approved(ZVTCardMapping.paymentResult(information, for: request, slip: conversation.slip,
                                                           recovered: false, encoding: config.textEncoding))]
        case .declined(let failure):
            return [.declined(CardPaymentDecline(reference: request.reference, amount: request.amount, failure: failure))]
        }
    }

    /// Never resend the authorization: ask the terminal what became of it.
    private mutating func beginRecovery(_ request: CardPaymentRequest, cause: String,
                                        at now: DriverTime) -> [CardTerminalEvent] {
        let recovery = ZVTPaymentRecovery(payment: request, baseline: baseline,
                                       giveUpAt: now + config.recoveryDeadline, cause: cause)
        unresolvedPayment = recovery
        state = .talking(ZVTConversation(purpose: .recoveryEnquiry(recovery), frame: frames.statusEnquiry))
        return [.inProgress(CardProgress(prompt: .pleaseWait, text: "Checking the payment with the card terminal"))]
    }

    // MARK: - Recovery

    private mutating func finishRecoveryEnquiry(_ recovery: ZVTPaymentRecovery, _ ending: ZVTConversationEnding,
                                                at now: DriverTime) -> [CardTerminalEvent] {
        switch ending {
        case .completed(let completion):
            if let status = completion.terminalStatus, Self.busyTerminalStatuses.contains(status) {
                return retryRecovery(recovery, because: "stayed busy", at: now)
            }
        case .refused(let code) where code.category == .busy:
            return retryRecovery(recovery, because: "stayed busy", at: now)
        case .refused, .aborted:
            break  // its state is unclear, but the repeat receipt may still answer
        case .lost(let cause):
            return retryRecovery(recovery, because: "did not answer (\(cause))", at: now)
        }
        state = .talking(ZVTConversation(purpose: .recoveryReceipt(recovery), frame: frames.repeatReceipt))
        return []
    }

    private mutating func finishRecoveryReceipt(_ conversation: ZVTConversation, _ recovery: ZVTPaymentRecovery,
                                                _ ending: ZVTConversationEnding, at now: DriverTime) -> [CardTerminalEvent] {
        switch ending {
        case .completed:
            break
        case .refused(let code) where code.category == .busy:
            return retryRecovery(recovery, because: "stayed busy", at: now)
        case .aborted(let abort) where abort.resultCode?.category == .busy:
            return retryRecovery(recovery, because: "stayed busy", at: now)
        case .refused(let code):
            return giveUp(recovery, reason: "\(recovery.cause); terminal cannot repeat its last receipt (\(code))")
        case .aborted(let abort):
            let code = abort.resultCode.map { "\($0)" } ?? "no code"
            return giveUp(recovery, reason: "\(recovery.cause); terminal cannot repeat its last receipt (\(code))")
        case .lost(let cause):
            return retryRecovery(recovery, because: "did not answer (\(cause))", at: now)
        }
        guard let information = conversation.statusInformation else {
            return giveUp(recovery, reason: "\(recovery.cause); terminal repeated its last receipt without transaction data")
        }
        let request = recovery.payment
        let candidate = ZVTCardMapping.paymentResult(information, for: request, slip: conversation.slip,
                                                     recovered: true, encoding: config.textEncoding)
        if let trace = information.traceNumber, baseline.isOlder(than: trace) != false { baseline = .trace(trace) }
        let traceText = information.traceNumber.map { String($0) } ?? "none"
        switch recovery.baseline.isOlder(than: information.traceNumber) {
        case nil:
            return giveUp(recovery, reason: "\(recovery.cause); cannot tell whether the terminal's last transaction "
                          + "(trace \(traceText)) is this payment", lastTransaction: candidate)
        case false?:
            unresolvedPayment = nil
            let failure = CardFailure(reason: .notBooked, message: "\(recovery.cause); the terminal's last transaction "
                                      + "(trace \(traceText)) predates this payment, so it was not booked")
            return [.declined(CardPaymentDecline(reference: request.reference, amount: request.amount, failure: failure))]
        case true?:
            guard information.amount == request.amount.halere else {
                let booked = information.amount.map { "\($0)" } ?? "no amount"
                return giveUp(recovery, reason: "\(recovery.cause); the terminal's newest transaction is for \(booked) "
                              + "haléřů, not \(request.amount.halere)", lastTransaction: candidate)
            }
            switch ZVTCardMapping.decision(for: information) {
            case .approved?:
                unresolvedPayment = nil
                return [.approved(candidate)]
            case .declined(let failure)?:
                unresolvedPayment = nil
                return [.declined(CardPaymentDecline(reference: request.reference, amount: request.amount, failure: failure))]
            case nil:
                return giveUp(recovery, reason: "\(recovery.cause); the terminal's record of this payment has no clear "
                              + "result", lastTransaction: candidate)
            }
        }
    }

    private mutating func retryRecovery(_ recovery: ZVTPaymentRecovery, because why: String,
                                        at now: DriverTime) -> [CardTerminalEvent] {
        guard now + config.retryDelay < recovery.giveUpAt else {
            return giveUp(recovery, reason: "\(recovery.cause); terminal \(why) until the recovery deadline")
        }
        state = .waiting(until: now + config.retryDelay, then: .recoveryEnquiry(recovery))
        return []
    }

    mutating func giveUp(_ recovery: ZVTPaymentRecovery, reason: String,
                         lastTransaction: CardPaymentResult? = nil) -> [CardTerminalEvent] {
        unresolvedPayment = nil
        return [.outcomeUnknown(CardPaymentUnknown(reference: recovery.payment.reference, amount: recovery.payment.amount,
                                                   reason: reason, lastTerminalTransaction: lastTransaction))]
    }

    // MARK: - Reversal, end of day, status

    private mutating func finishReversal(_ conversation: ZVTConversation, _ receiptNumber: UInt16,
                                         _ ending: ZVTConversationEnding) -> [CardTerminalEvent] {
        let information = conversation.statusInformation
        switch ending {
        case .completed:
            if let code = information?.resultCode, code != .success {
                return [.reversalFailed(receiptNumber: receiptNumber, ZVTCardMapping.failure(for: code))]
            }
            if let trace = information?.traceNumber { baseline = .trace(trace) }
            return [.reversed(CardReversalResult(receiptNumber: receiptNumber,
                                                 amount: information?.amount.map { Money(halere: $0) },
                                                 traceNumber: information?.traceNumber,
                                                 slipLines: conversation.slip.customerLines))]
        case .aborted(let abort):
            return [.reversalFailed(receiptNumber: receiptNumber, ZVTCardMapping.failure(for: abort.resultCode))]
        case .refused(let code):
            return [.reversalFailed(receiptNumber: receiptNumber, ZVTCardMapping.failure(for: code))]
        case .lost(let cause):
            return [.reversalOutcomeUnknown(receiptNumber: receiptNumber, reason: cause)]
        }
    }

    private func finishEndOfDay(_ conversation: ZVTConversation, _ ending: ZVTConversationEnding) -> [CardTerminalEvent] {
        switch ending {
        case .completed:
            let total = conversation.statusInformation?.amount.map { Money(halere: $0) }
            return [.endOfDayDone(CardEndOfDayTotals(total: total, slipLines: conversation.slip.allLines))]
        case .aborted(let abort):
            return [.endOfDayFailed(ZVTCardMapping.failure(for: abort.resultCode))]
        case .refused(let code):
            return [.endOfDayFailed(ZVTCardMapping.failure(for: code))]
        case .lost(let cause):
            return [.endOfDayFailed(CardFailure(reason: .noResponse, message: cause))]
        }
    }

    static func terminalStatus(after ending: ZVTConversationEnding) -> CardTerminalStatus {
        switch ending {
        case .completed(let completion):
            guard let status = completion.terminalStatus, status != 0x00 else {
                return .ready(softwareVersion: completion.softwareVersion.map { ZVTText.decode($0, as: .latin1) })
            }
            return busyTerminalStatuses.contains(status) ? .busy : .notReady(code: status)
        case .refused(let code):
            return code.category == .busy ? .busy : .notReady(code: code.rawValue)
        case .aborted(let abort):
            return .notReady(code: abort.resultCode?.rawValue ?? ZVTResultCode.systemError.rawValue)
        case .lost(let cause):
            return .unreachable(reason: cause)
        }
    }

    /// Queued commands that can no longer run get their failure event now, not never.
    mutating func failQueued(because reason: String) -> [CardTerminalEvent] {
        let failure = CardFailure(reason: .terminalUnavailable, message: reason)
        let events: [CardTerminalEvent] = queue.compactMap { conversation in
            switch conversation.purpose {
            case .payment(let request):
                return .declined(CardPaymentDecline(reference: request.reference, amount: request.amount, failure: failure))
            case .reversal(let receiptNumber):
                return .reversalFailed(receiptNumber: receiptNumber, failure)
            case .endOfDay:
                return .endOfDayFailed(failure)
            case .status:
                return .status(.unreachable(reason: reason))
            case .registration, .baselineProbe, .recoveryEnquiry, .recoveryReceipt:
                return nil
            }
        }
        queue.removeAll()
        return events
    }
}
