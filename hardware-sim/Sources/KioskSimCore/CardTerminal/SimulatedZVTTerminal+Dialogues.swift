import DeviceProtocols
import TownCore

/// The scripts a real terminal runs for each ECR command (Portalum TerminalSimulator's order: `80 00 00`,
/// intermediate status, status information, print lines, completion).
extension SimulatedZVTTerminal {
    static let repeatReceiptCommand = ZVTCommandCode(0x06, 0x20)
    static let softwareVersion = Array("SIM-ZVT 1.0".utf8)
    static let cardName = Array("VISA".utf8)
    static let visaCardType: UInt8 = 0x0A
    static let waitingForHost = ZVTIntermediateStatusCode(rawValue: 0x04)
    static let watchPINPad = ZVTIntermediateStatusCode(rawValue: 0x01)
    static let readyStatus: UInt8 = 0x00
    static let maximumIntermediateStatuses = 1_000

    func dialogue(for message: ZVTMessage) -> SimulatedZVTScript? {
        switch message {
        case .registration(let body):
            registered = true
            sendsIntermediateStatus = body.config.contains(.sendIntermediateStatus)
            ecrPrintsReceipts = body.config.contains(.ecrPrintsPaymentReceipts)
            return SimulatedZVTScript([.reply(.positive),
                                       .send(.completion(ZVTCompletion(fields: [.terminalID(terminalID)])))])
        case .authorization(let body):
            return authorization(Money(halere: body.amount))
        case .reversal(let body):
            return reversal(receiptNumber: body.receiptNumber)
        case .endOfDay:
            return endOfDay()
        case .statusEnquiry:
            let status = busy ? ZVTResultCode.pleaseWait.rawValue : Self.readyStatus
            let completion = ZVTCompletion(softwareVersion: Self.softwareVersion, terminalStatus: status)
            return SimulatedZVTScript([.reply(.positive), .send(.completion(completion))])
        case .unmodelled(let apdu) where apdu.command == Self.repeatReceiptCommand:
            return repeatReceipt()
        case .logOff:
            return SimulatedZVTScript([.reply(.positive)])
        case .diagnosis, .resetTerminal:
            return SimulatedZVTScript([.reply(.positive), .send(.completion(ZVTCompletion()))])
        case .abortCommand, .acknowledgement, .intermediateStatus, .statusInformation, .printLine, .printTextBlock,
             .completion, .terminalAbort, .unmodelled:
            return SimulatedZVTScript([.reply(.functionNotPossible)])
        }
    }

    private func authorization(_ amount: Money) -> SimulatedZVTScript? {
        let outcome = nextOutcomes.isEmpty ? SimulatedCardOutcome.approve : nextOutcomes.removeFirst()
        if outcome == .neverAnswer { return nil }
        var steps: [SimulatedZVTScript.Step] = [.reply(.positive)]
        steps += customerAtTheTerminal()
        let trace = takeTraceNumber()
        switch outcome {
        case .approve, .lostCompletion:
            let receipt = takeReceiptNumber()
            let information = ZVTStatusInformation(fields: [
                .resultCode(.success), .amount(amount.halere), .traceNumber(trace), .cardNumber(cardNumber),
                .terminalID(terminalID), .currency(.czk), .receiptNumber(receipt), .cardType(Self.visaCardType),
                .cardName(Self.cardName),
            ])
            let slip = paymentSlip(amount: amount, trace: trace, receipt: receipt, verdict: "APPROVED")
            let entry = CardLedgerEntry(kind: .charge, amount: amount, receiptNumber: receipt, traceNumber: trace)
            steps.append(.book(.charge(entry, SimulatedStoredTransaction(information: information, slipLines: slip))))
            if outcome == .lostCompletion { return SimulatedZVTScript(steps) }
            steps.append(.send(.statusInformation(information)))
            steps += printed(slip)
            steps.append(.send(.completion(ZVTCompletion())))
        case .decline(let code):
            let result = ZVTResultCode(rawValue: code)
            let information = ZVTStatusInformation(fields: [
                .resultCode(result), .amount(amount.halere), .traceNumber(trace), .terminalID(terminalID),
                .currency(.czk),
            ])
            let slip = paymentSlip(amount: amount, trace: trace, receipt: nil, verdict: "DECLINED")
            steps.append(.book(.decline(SimulatedStoredTransaction(information: information, slipLines: slip))))
            steps.append(.send(.statusInformation(information)))
            steps.append(.send(.terminalAbort(ZVTTerminalAbort(resultCode: result))))
        case .customerCancels:
            steps.append(.send(.terminalAbort(ZVTTerminalAbort(resultCode: .abortedByTimeoutOrUser))))
        case .neverAnswer:
            return nil
        }
        return SimulatedZVTScript(steps)
    }

    /// Insert card, then the PIN pad for `cardholderTime` with a status every `intermediateStatusInterval`
    /// (at most `maximumIntermediateStatuses` of them, whatever the control API set), then "waiting for host".
    private func customerAtTheTerminal() -> [SimulatedZVTScript.Step] {
        func status(_ code: ZVTIntermediateStatusCode) -> [SimulatedZVTScript.Step] {
            sendsIntermediateStatus ? [.send(.intermediateStatus(ZVTIntermediateStatus(status: code, timeoutSeconds: 60)))] : []
        }
        var steps = status(.insertCard)
        var remaining = cardholderTime
        let interval = max(intermediateStatusInterval, .milliseconds(10))
        var emitted = 0
        while remaining > interval && emitted < Self.maximumIntermediateStatuses {
            steps.append(.pause(interval))
            steps += status(Self.watchPINPad)
            remaining -= interval
            emitted += 1
        }
        steps.append(.pause(max(.zero, remaining)))
        return steps + status(Self.waitingForHost)
    }

    private func reversal(receiptNumber: UInt16) -> SimulatedZVTScript {
        guard let charge = ledger.charge(receiptNumber: receiptNumber) else {
            return SimulatedZVTScript([.reply(.positive), .send(.terminalAbort(ZVTTerminalAbort(resultCode: .reversalNotPossible)))])
        }
        guard !ledger.isReversed(receiptNumber: receiptNumber) else {
            return SimulatedZVTScript([.reply(.positive), .send(.terminalAbort(ZVTTerminalAbort(resultCode: .alreadyReversed)))])
        }
        let trace = takeTraceNumber()
        let receipt = takeReceiptNumber()
        let information = ZVTStatusInformation(fields: [
            .resultCode(.success), .amount(charge.amount.halere), .traceNumber(trace), .originalTraceNumber(charge.traceNumber),
            .terminalID(terminalID), .currency(.czk), .receiptNumber(receipt),
        ])
        let slip = paymentSlip(amount: charge.amount, trace: trace, receipt: receipt, verdict: "REVERSAL")
        let entry = CardLedgerEntry(kind: .reversal, amount: charge.amount, receiptNumber: receipt, traceNumber: trace,
                                    reversedReceiptNumber: receiptNumber)
        let stored = SimulatedStoredTransaction(information: information, slipLines: slip)
        return SimulatedZVTScript([.reply(.positive), .book(.reversal(entry, stored)), .send(.statusInformation(information))]
                                  + printed(slip) + [.send(.completion(ZVTCompletion()))])
    }

    private func endOfDay() -> SimulatedZVTScript {
        let total = ledger.periodTotal
        let information = ZVTStatusInformation(fields: [
            .resultCode(.success), .amount(max(0, total.halere)), .terminalID(terminalID), .currency(.czk),
        ])
        let lines = ["END OF DAY", "TERMINAL \(terminalID)", "TOTAL CZK \(total.decimalString)"].map { Array($0.utf8) }
        let block = ZVTPrintTextBlock(receiptType: 3, lines: lines)
        var steps: [SimulatedZVTScript.Step] = [.reply(.positive), .book(.closeDay), .send(.statusInformation(information))]
        if ecrPrintsReceipts { steps.append(.send(.printTextBlock(block))) }
        return SimulatedZVTScript(steps + [.send(.completion(ZVTCompletion()))])
    }

    /// The last booking again, marked as a copy; with nothing booked yet, just the completion.
    private func repeatReceipt() -> SimulatedZVTScript {
        guard let last = lastTransaction else {
            return SimulatedZVTScript([.reply(.positive), .send(.completion(ZVTCompletion()))])
        }
        return SimulatedZVTScript([.reply(.positive), .send(.statusInformation(last.information))]
                                  + printed(["** DUPLICATE **"] + last.slipLines) + [.send(.completion(ZVTCompletion()))])
    }

    private func paymentSlip(amount: Money, trace: UInt32, receipt: UInt16?, verdict: String) -> [String] {
        [
            "TOWN HALL KIOSK",
            "TERMINAL \(terminalID)",
            "VISA \(cardNumber.maskedText)",
            "AMOUNT CZK \(amount.decimalString)",
            "TRACE \(trace)" + (receipt.map { " RECEIPT \($0)" } ?? ""),
            verdict,
        ]
    }

    /// Print lines (06 D1) when the ECR prints receipts; the last one carries the "last line" attribute.
    private func printed(_ lines: [String]) -> [SimulatedZVTScript.Step] {
        guard ecrPrintsReceipts else { return [] }
        return lines.enumerated().map { index, line in
            let attribute: UInt8 = index == lines.count - 1 ? 0x81 : 0x00
            return .send(.printLine(ZVTPrintLine(attribute: attribute, text: Array(line.utf8))))
        }
    }

    private func takeTraceNumber() -> UInt32 {
        defer { nextTraceNumber = nextTraceNumber % (ZVTTraceNumbers.modulus - 1) + 1 }
        return nextTraceNumber
    }

    private func takeReceiptNumber() -> UInt16 {
        defer { nextReceiptNumber = nextReceiptNumber % 9_999 + 1 }
        return nextReceiptNumber
    }
}
