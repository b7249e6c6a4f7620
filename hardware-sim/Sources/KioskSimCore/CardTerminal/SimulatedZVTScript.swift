import DeviceProtocols
import TownCore

/// The simulated terminal's last transaction, as repeat receipt (06 20) reports it.
struct SimulatedStoredTransaction: Equatable, Sendable {
    var information: ZVTStatusInformation
    var slipLines: [String]
}

/// A booking the script makes when it reaches it: the point of no return of a transaction.
enum SimulatedBooking: Equatable, Sendable {
    case charge(CardLedgerEntry, SimulatedStoredTransaction)
    case decline(SimulatedStoredTransaction)
    case reversal(CardLedgerEntry, SimulatedStoredTransaction)
    case closeDay
}

/// The terminal's side of one command: answers sent in order, each message waiting for the ECR's
/// acknowledgement like a real terminal does, pauses for the cardholder, and the booking in between.
struct SimulatedZVTScript: Equatable, Sendable {
    enum Step: Equatable, Sendable {
        /// `80 00 00` / `84 xx`: sent without waiting for anything back.
        case reply(ZVTAcknowledgement)
        /// A terminal message; the script waits for the ECR's acknowledgement before going on.
        case send(ZVTMessage)
        case pause(Duration)
        case book(SimulatedBooking)
    }

    enum Output: Equatable, Sendable {
        case message(ZVTMessage)
        case booking(SimulatedBooking)
    }

    private(set) var steps: [Step]
    private var pauseEndsAt: Duration?
    private(set) var awaitingAcknowledgementSince: Duration?

    init(_ steps: [Step]) { self.steps = steps }

    var isFinished: Bool { steps.isEmpty && awaitingAcknowledgementSince == nil }
    var isAwaitingAcknowledgement: Bool { awaitingAcknowledgementSince != nil }
    /// Until the booking has run, an abort from the ECR still cancels the transaction.
    var canBeCancelled: Bool {
        steps.contains { step in
            if case .book = step { return true }
            return false
        }
    }

    mutating func acknowledged() {
        awaitingAcknowledgementSince = nil
    }

    /// Runs every step that is due at `now`, stopping at an unacknowledged message or an unfinished pause.
    mutating func advance(at now: Duration) -> [Output] {
        var outputs: [Output] = []
        while awaitingAcknowledgementSince == nil, let step = steps.first {
            switch step {
            case .reply(let acknowledgement):
                outputs.append(.message(.acknowledgement(acknowledgement)))
            case .send(let message):
                outputs.append(.message(message))
                awaitingAcknowledgementSince = now
            case .pause(let duration):
                let end = pauseEndsAt ?? now + duration
                guard now >= end else {
                    pauseEndsAt = end
                    return outputs
                }
                pauseEndsAt = nil
            case .book(let booking):
                outputs.append(.booking(booking))
            }
            steps.removeFirst()
        }
        return outputs
    }
}
