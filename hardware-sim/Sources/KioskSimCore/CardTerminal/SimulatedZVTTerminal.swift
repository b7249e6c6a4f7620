import DeviceProtocols
import Foundation
import TownCore

/// What the next authorization will do. Consumed one per authorization; with none queued, it approves.
public enum SimulatedCardOutcome: Equatable, Sendable {
    case approve
    /// The card or issuer refuses with this ZVT result code (e.g. 0x71 credit not sufficient).
    case decline(code: UInt8)
    /// The customer presses cancel (or the terminal's card timeout runs out): abort 6C, nothing booked.
    case customerCancels
    /// The terminal swallows the authorization: no acknowledgement, nothing booked, silence.
    case neverAnswer
    /// The card is charged, then the status information and completion are lost: the ECR hears nothing
    /// more and must find out through status enquiry and repeat receipt (reliability P26).
    case lostCompletion
}

/// A ZVT payment terminal (PT side) on TCP, speaking through the same codec as the driver.
///
/// Its ground truth is `ledger`: every charge and reversal it booked. Faults are properties the control
/// API sets: `nextOutcomes`, `cardholderTime` (a slow cardholder), `busy`. Wire faults (dropped or
/// corrupted replies) come from `SimDeviceHost`.
public final class SimulatedZVTTerminal: SimulatedDevice {
    public let name = "zvt"
    public let terminalID: UInt32
    /// The test card the simulated customer presents; only its masked form ever leaves the terminal.
    public let cardNumber: ZVTCardNumber

    public private(set) var ledger = CardLedger()
    /// Every command the ECR sent, in order (acknowledgements not included): tests count authorizations.
    public private(set) var receivedCommands: [ZVTCommandCode] = []
    public internal(set) var registered = false
    public var nextOutcomes: [SimulatedCardOutcome] = []
    /// How long the customer takes between "insert card" and the authorization.
    public var cardholderTime: Duration = .milliseconds(200)
    /// While the customer is busy, an intermediate status this often (each restarts the ECR's T4).
    public var intermediateStatusInterval: Duration = .seconds(5)
    /// Busy with something of its own (e.g. a software update): commands get `84 9C`, status enquiry
    /// reports terminal status 9C.
    public var busy = false
    /// How long an unacknowledged message is waited for before the terminal gives the dialogue up.
    public var acknowledgementPatience: Duration = .seconds(5)

    var decoder = ZVTAPDUStreamDecoder()
    var script: SimulatedZVTScript?
    var lastTransaction: SimulatedStoredTransaction?
    var sendsIntermediateStatus = true
    var ecrPrintsReceipts = true
    var nextTraceNumber: UInt32
    var nextReceiptNumber: UInt16

    public init(terminalID: UInt32 = 52_800_123, firstTraceNumber: UInt32 = 1, firstReceiptNumber: UInt16 = 1,
                cardDigits: [UInt8] = [4, 7, 6, 1, 7, 3, 9, 0, 0, 1, 0, 1, 0, 1, 1, 9]) throws(ZVTCodecError) {
        self.terminalID = terminalID
        self.cardNumber = try ZVTCardNumber(digits: cardDigits.map { Optional($0) })
        self.nextTraceNumber = max(1, firstTraceNumber % ZVTTraceNumbers.modulus)
        self.nextReceiptNumber = max(1, firstReceiptNumber % 10_000)
    }

    /// The receipt number of the last booking, as repeat receipt would report it.
    public var lastReceiptNumber: UInt16? { lastTransaction?.information.receiptNumber }
    public var transactionInProgress: Bool { script.map { !$0.isFinished } ?? false }

    public func receive(_ bytes: [UInt8], at now: Duration) -> [UInt8] {
        decoder.append(bytes)
        var output: [UInt8] = []
        while true {
            do {
                guard let apdu = try decoder.next() else { break }
                output += respond(to: try ZVTMessage(apdu: apdu), at: now)
            } catch {
                // Garbage from the ECR: the stream's framing is gone, start afresh.
                decoder.reset()
                output += Self.encode(.acknowledgement(.negative(.protocolError)))
                break
            }
        }
        return output + advance(at: now)
    }

    public func tick(at now: Duration) -> [UInt8] {
        advance(at: now)
    }

    /// The terminal's journal (ledger, last transaction, numbering) is non-volatile; the dialogue is not.
    public func powerCycle() {
        decoder.reset()
        script = nil
        registered = false
    }

    public func describe(_ bytes: [UInt8], fromHost: Bool) -> String {
        var decoder = ZVTAPDUStreamDecoder()
        decoder.append(bytes)
        var parts: [String] = []
        while let apdu = try? decoder.next() {
            parts.append((try? ZVTMessage(apdu: apdu)).map(Self.summary) ?? "malformed \(apdu.command)")
        }
        if decoder.bufferedByteCount > 0 { parts.append("\(decoder.bufferedByteCount) byte(s) of a partial APDU") }
        return parts.joined(separator: "; ")
    }

    public func status() -> [String: String] {
        [
            "registered": String(registered),
            "busy": String(busy),
            "transaction_in_progress": String(transactionInProgress),
            "next_outcome": nextOutcomes.first.map { "\($0)" } ?? "approve",
            "cardholder_time": "\(cardholderTime)",
            "charges": String(ledger.charges.count),
            "reversals": String(ledger.reversals.count),
            "net_charged_halere": String(ledger.netCharged.halere),
            "period_total_halere": String(ledger.periodTotal.halere),
            "last_receipt": lastReceiptNumber.map { String($0) } ?? "none",
        ]
    }

    // MARK: - Dialogue

    private func respond(to message: ZVTMessage, at now: Duration) -> [UInt8] {
        switch message {
        case .acknowledgement:
            script?.acknowledged()
            return []
        case .abortCommand:
            receivedCommands.append(.abortCommand)
            if script?.canBeCancelled == true {
                script = SimulatedZVTScript([.send(.terminalAbort(ZVTTerminalAbort(resultCode: .abortedByTimeoutOrUser)))])
            }
            return Self.encode(.acknowledgement(.positive))
        case .intermediateStatus, .statusInformation, .printLine, .printTextBlock, .completion, .terminalAbort:
            // Terminal messages have no business coming from the ECR.
            return Self.encode(.acknowledgement(.functionNotPossible))
        case .registration, .authorization, .statusEnquiry, .reversal, .endOfDay, .logOff, .diagnosis,
             .resetTerminal, .unmodelled:
            guard let command = try? message.apdu().command else { return [] }
            receivedCommands.append(command)
            if let running = script, !running.isFinished {
                // An ECR that sends a new command instead of acknowledging has moved on; otherwise we are busy.
                guard running.isAwaitingAcknowledgement else { return Self.encode(.acknowledgement(.pleaseWait)) }
                script = nil
            }
            if busy, command != .statusEnquiry { return Self.encode(.acknowledgement(.pleaseWait)) }
            script = dialogue(for: message)
            return []
        }
    }

    /// Sends what is due, applies bookings, and drops a dialogue the ECR stopped acknowledging.
    private func advance(at now: Duration) -> [UInt8] {
        guard var running = script else { return [] }
        if let since = running.awaitingAcknowledgementSince, now - since > acknowledgementPatience {
            script = nil
            return []
        }
        var output: [UInt8] = []
        for step in running.advance(at: now) {
            switch step {
            case .message(let message): output += Self.encode(message)
            case .booking(let booking): apply(booking)
            }
        }
        script = running.isFinished ? nil : running
        return output
    }

    private func apply(_ booking: SimulatedBooking) {
        switch booking {
        case .charge(let entry, let stored), .reversal(let entry, let stored):
            ledger.book(entry)
            lastTransaction = stored
        case .decline(let stored):
            lastTransaction = stored
        case .closeDay:
            ledger.closePeriod()
        }
    }

    static func encode(_ message: ZVTMessage) -> [UInt8] {
        // Everything the simulator builds is within the codec's limits; an empty reply would show as silence.
        (try? message.encoded()) ?? []
    }

    static func summary(_ message: ZVTMessage) -> String {
        switch message {
        case .authorization(let body): return "authorization \(Money(halere: body.amount).decimalString)"
        case .statusInformation(let body):
            return "status information result \(body.resultCode.map { "\($0)" } ?? "missing")"
                + (body.amount.map { " amount \(Money(halere: $0).decimalString)" } ?? "")
        case .intermediateStatus(let body): return "\(body.status)"
        case .acknowledgement(let ack): return "acknowledgement \(ack)"
        case .completion: return "completion"
        case .terminalAbort(let body): return "abort \(body.resultCode.map { "\($0)" } ?? "")"
        case .printLine(let line): return "print line \"\(String(decoding: line.text, as: UTF8.self))\""
        case .printTextBlock(let block): return "print text block (\(block.lines.count) lines)"
        case .unmodelled(let apdu): return "command \(apdu.command)"
        default: return "\(message)".components(separatedBy: "(").first ?? "message"
        }
    }
}

enum ZVTTraceNumbers {
    static let modulus: UInt32 = 1_000_000
}
