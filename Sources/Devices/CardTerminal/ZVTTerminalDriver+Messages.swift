import DeviceProtocols

/// What the driver does with each message the terminal sends during a conversation.
extension ZVTTerminalDriver {
    mutating func absorb(_ message: ZVTMessage, at now: DriverTime) -> [CardTerminalEvent] {
        guard case .talking(var conversation) = state else {
            // Outside a conversation nothing counts as an answer; keep the terminal's dialogue moving.
            if message.isTerminalMessage { outbox.append(frames.acknowledgement) }
            if case .unmodelled = message { outbox.append(frames.functionNotPossible) }
            return []
        }
        switch message {
        case .acknowledgement(let acknowledgement):
            // In awaitingCompletion this is the terminal acknowledging our abort: nothing to do.
            guard case .awaitingAcknowledgement = conversation.stage else { return [] }
            staleDataPossible = false
            if acknowledgement.isPositive || acknowledgement.isChangeAmount {
                conversation.stage = .awaitingCompletion(until: now + config.completionTimeout)
                state = .talking(conversation)
                return []
            }
            guard case .negative(let code) = acknowledgement else { return [] }
            return finish(conversation, .refused(code), at: now)
        case .intermediateStatus, .statusInformation, .printLine, .printTextBlock, .completion, .terminalAbort:
            outbox.append(frames.acknowledgement)
            switch conversation.stage {
            case .unsent:
                // Arrived before this command was even sent: it belongs to an earlier conversation.
                staleDataPossible = true
                return []
            case .awaitingAcknowledgement where staleDataPossible:
                // Left over from a conversation given up on; acknowledged, never taken as this one's answer.
                return []
            case .awaitingAcknowledgement, .awaitingCompletion:
                break
            }
            // Every terminal message restarts T4; a terminal that skips 80 00 00 acknowledges implicitly.
            conversation.stage = .awaitingCompletion(until: now + config.completionTimeout)
            return take(message, into: conversation, at: now)
        case .registration, .authorization, .statusEnquiry, .reversal, .endOfDay, .abortCommand, .logOff, .diagnosis,
             .resetTerminal, .unmodelled:
            // ECR commands coming from the terminal, or something this codec does not model.
            outbox.append(frames.functionNotPossible)
            return []
        }
    }

    private mutating func take(_ message: ZVTMessage, into conversation: ZVTConversation,
                               at now: DriverTime) -> [CardTerminalEvent] {
        var conversation = conversation
        var events: [CardTerminalEvent] = []
        let slipWasClean = !conversation.slip.maskedACardNumber
        switch message {
        case .intermediateStatus(let status):
            if conversation.isPayment {
                events.append(.inProgress(ZVTCardMapping.progress(for: status, encoding: config.textEncoding)))
            }
        case .statusInformation(let information):
            conversation.statusInformation = information
            if let exposure = ZVTCardMapping.cardDataExposure(in: information) {
                events.append(.fault(.cardDataExposed(exposure)))
            }
        case .printLine(let line):
            conversation.slip.add(line, encoding: config.textEncoding)
        case .printTextBlock(let block):
            conversation.slip.add(block, encoding: config.textEncoding)
        case .completion(let completion):
            return finish(conversation, .completed(completion), at: now)
        case .terminalAbort(let abort):
            return finish(conversation, .aborted(abort), at: now)
        case .acknowledgement, .registration, .authorization, .statusEnquiry, .reversal, .endOfDay, .abortCommand,
             .logOff, .diagnosis, .resetTerminal, .unmodelled:
            break
        }
        if slipWasClean && conversation.slip.maskedACardNumber {
            events.append(.fault(.cardDataExposed("slip text carried a full card number; masked before use")))
        }
        state = .talking(conversation)
        return events
    }
}

extension ZVTMessage {
    /// Messages the terminal sends that the ECR must acknowledge.
    var isTerminalMessage: Bool {
        switch self {
        case .intermediateStatus, .statusInformation, .printLine, .printTextBlock, .completion, .terminalAbort:
            return true
        case .acknowledgement, .registration, .authorization, .statusEnquiry, .reversal, .endOfDay, .abortCommand,
             .logOff, .diagnosis, .resetTerminal, .unmodelled:
            return false
        }
    }
}

extension ZVTAcknowledgement {
    var isChangeAmount: Bool {
        if case .changeAmount = self { return true }
        return false
    }
}
