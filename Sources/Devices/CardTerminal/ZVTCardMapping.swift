import DeviceProtocols
import TownCore

/// Protocol facts → engine terms. Nothing ZVT-specific leaves the driver except through here.
enum ZVTCardMapping {
    enum PaymentDecision: Equatable {
        case approved
        case declined(CardFailure)
    }

    /// The payment's outcome according to a status information, or nil when it does not say clearly
    /// (result missing, or a code the codec classes as unknown — codec rule: treat as unknown outcome).
    static func decision(for information: ZVTStatusInformation) -> PaymentDecision? {
        guard let code = information.resultCode else { return nil }
        if code == .success { return .approved }
        if code.category == .unknown { return nil }
        return .declined(failure(for: code))
    }

    static func failure(for code: ZVTResultCode?, fallback: String = "terminal gave no result code") -> CardFailure {
        guard let code else { return CardFailure(reason: .unclassified, message: fallback) }
        let reason: CardFailure.Reason
        switch code.category {
        case .success, .unknown: reason = .unclassified
        case .declined: reason = .declinedByCard
        case .cancelled: reason = .cancelled
        case .busy: reason = .terminalBusy
        case .reversalRejected: reason = code == .alreadyReversed ? .alreadyReversed : .reversalNotPossible
        case .terminalFault: reason = .terminalFault
        case .communicationFault: reason = .communicationFault
        case .protocolError: reason = .notPossible
        }
        return CardFailure(reason: reason, code: code.rawValue, message: code.description)
    }

    static func paymentResult(_ information: ZVTStatusInformation, for request: CardPaymentRequest,
                              slip: ZVTSlipCollector, recovered: Bool, encoding: ZVTTextEncoding) -> CardPaymentResult {
        CardPaymentResult(
            reference: request.reference,
            amount: information.amount.map { Money(halere: $0) } ?? request.amount,
            receiptNumber: information.receiptNumber,
            traceNumber: information.traceNumber,
            terminalID: information.terminalID,
            cardType: information.cardType,
            cardName: information.cardName.map { ZVTText.decode($0, as: encoding) },
            maskedPAN: information.cardNumber?.maskedText,
            slipLines: slip.customerLines,
            recoveredAfterLostResponse: recovered)
    }

    /// Non-nil when the terminal sent card data it should not have (dropped or masked by the codec).
    static func cardDataExposure(in information: ZVTStatusInformation) -> String? {
        var problems: [String] = []
        if !information.redactedBMPs.isEmpty {
            problems.append("card-data BMPs \(information.redactedBMPs.map { hex($0) }.joined(separator: ", ")) dropped")
        }
        if information.cardNumber?.wasMaskedByCodec == true {
            problems.append("card number sent with too many visible digits, masked")
        }
        return problems.isEmpty ? nil : "status information: " + problems.joined(separator: "; ")
    }

    static func progress(for status: ZVTIntermediateStatus, encoding: ZVTTextEncoding) -> CardProgress {
        let prompt: CardProgress.Prompt
        let description: String
        switch status.status.meaning {
        case .insertCard, .customerCardInserted:
            (prompt, description) = (.insertCard, "Insert or tap your card")
        case .watchPINPad, .incorrectPIN:
            (prompt, description) = (.enterPIN, "Follow the instructions on the card terminal")
        case .removeCard:
            (prompt, description) = (.removeCard, "Remove your card")
        case .waitingForHost, .connecting, .online, .sendingPostBookings, .sendingAutoReversal:
            (prompt, description) = (.connecting, "Connecting to your bank")
        case .approvedPleaseFillUp, .approvedTakeGoods:
            (prompt, description) = (.approved, "Payment approved")
        case .declined, .notAccepted, .paymentNotPossible, .creditNotSufficient, .limitNotSufficient,
             .pinTryLimitExceeded:
            (prompt, description) = (.declined, "Payment declined")
        case .cardNotAdmitted, .cardUnknown, .cardExpired, .cardNotReadable, .invalidCard, .cardDataIncorrect:
            (prompt, description) = (.cardProblem, "This card cannot be used")
        case .pleaseWait, .waitingForAmountConfirmation, .selectionInProgress, .processingError, .automaticEndOfDay,
             .balanceDisplay, .systemMalfunction, .serviceMode, .offline, .textInTLV, .undocumented:
            (prompt, description) = (status.status.alsoAsksToRemoveCard ? .removeCard : .pleaseWait, "Please wait")
        }
        let terminalText = status.displayLines.map { ZVTText.decode($0, as: encoding) }.filter { !$0.isEmpty }
        return CardProgress(prompt: prompt, text: terminalText.isEmpty ? description : terminalText.joined(separator: "\n"))
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
