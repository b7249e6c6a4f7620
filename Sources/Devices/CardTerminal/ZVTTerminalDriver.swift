import DeviceProtocols
import TownCore

/// The card terminal driver: a pure ZVT (ECR side) state machine over TCP.
///
/// Registers at every (re)connection, then runs engine commands one at a time: sends the command,
/// acknowledges every terminal message, and waits for completion (06 0F) or abort (06 1E) under T3/T4.
///
/// Money rule: an authorization is sent once, ever. When its answer is lost (timeout, garbage, dropped
/// connection), the driver asks the terminal instead — status enquiry (05 01) until it is not busy, then
/// repeat receipt (06 20) for its last transaction — and reports `approved` or `declined` only when that
/// answer is unambiguous; otherwise `outcomeUnknown`, for a technician.
public struct ZVTTerminalDriver: DriverMachine {
    public typealias Command = CardTerminalCommand
    public typealias Event = CardTerminalEvent

    /// What the driver is doing on the wire.
    enum State: Equatable, Sendable {
        /// No transport (before `start`, after `transportLost`).
        case disconnected
        /// Registered; runs the next queued command.
        case idle
        /// Pausing before trying again.
        case waiting(until: DriverTime, then: RetryTarget)
        case talking(ZVTConversation)
        /// Bytes that are not ZVT arrived: discard everything until the line is quiet, then end the
        /// conversation as lost (ZVT over TCP has no resynchronisation marker).
        case resynchronising(quietUntil: DriverTime, ZVTConversation, reason: String)
    }

    enum RetryTarget: Equatable, Sendable {
        case registration
        case recoveryEnquiry(ZVTPaymentRecovery)
    }

    /// Terminal-status bytes (status enquiry completion) that mean "busy, ask again later".
    static let busyTerminalStatuses: Set<UInt8> = [ZVTResultCode.pleaseWait.rawValue, 0xDC]

    let config: ZVTTerminalConfiguration
    let frames: ZVTTerminalFrames
    var state = State.disconnected
    var decoder = ZVTAPDUStreamDecoder()
    /// Commands accepted but not started, already encoded.
    var queue: [ZVTConversation] = []
    /// Acknowledgements owed to the terminal; sent before anything else.
    var outbox: [[UInt8]] = []
    var baseline = ZVTTraceBaseline.unknown
    /// The terminal refused repeat receipt once; the probe is not tried again.
    var probeRefused = false
    /// A payment whose outcome the terminal has not yet told; survives reconnections.
    var unresolvedPayment: ZVTPaymentRecovery?
    /// Set after a conversation was given up: late messages from it may still be in the stream, so until
    /// the terminal acknowledges a new command, nothing it says counts as an answer.
    var staleDataPossible = false
    var connected = false
    var announcedReady = false
    var connectionFaultReported = false

    /// Throws only when the configuration cannot be encoded (e.g. an out-of-range password).
    public init(configuration: ZVTTerminalConfiguration = ZVTTerminalConfiguration()) throws(ZVTCodecError) {
        self.config = configuration
        self.frames = try ZVTTerminalFrames(configuration)
    }

    public mutating func start(at now: DriverTime) -> [CardTerminalEvent] {
        decoder.reset()
        outbox.removeAll()
        staleDataPossible = false
        connected = true
        announcedReady = false
        state = .talking(ZVTConversation(purpose: .registration, frame: frames.registration))
        return []
    }

    public mutating func handle(_ command: CardTerminalCommand, at now: DriverTime) -> [CardTerminalEvent] {
        switch command {
        case .pay(let amount, let reference):
            let request = CardPaymentRequest(amount: amount, reference: reference)
            func decline(_ reason: CardFailure.Reason, _ message: String) -> [CardTerminalEvent] {
                [.declined(CardPaymentDecline(reference: reference, amount: amount,
                                              failure: CardFailure(reason: reason, message: message)))]
            }
            guard amount.isPositive, amount.halere <= ZVTBCD.maximumAmount else {
                return decline(.invalidRequest, "amount must be 1...\(ZVTBCD.maximumAmount) haléřů, got \(amount.halere)")
            }
            guard acceptsCommands else { return decline(.terminalUnavailable, "card terminal not connected") }
            do {
                queue.append(ZVTConversation(purpose: .payment(request), frame: try frames.authorization(amount)))
            } catch {
                return decline(.invalidRequest, error.description)
            }
        case .reverse(let receiptNumber):
            func fail(_ reason: CardFailure.Reason, _ message: String) -> [CardTerminalEvent] {
                [.reversalFailed(receiptNumber: receiptNumber, CardFailure(reason: reason, message: message))]
            }
            guard acceptsCommands else { return fail(.terminalUnavailable, "card terminal not connected") }
            do {
                let frame = try frames.reversal(receiptNumber: receiptNumber)
                queue.append(ZVTConversation(purpose: .reversal(receiptNumber: receiptNumber), frame: frame))
            } catch {
                return fail(.invalidRequest, error.description)
            }
        case .endOfDay:
            guard acceptsCommands else {
                return [.endOfDayFailed(CardFailure(reason: .terminalUnavailable, message: "card terminal not connected"))]
            }
            queue.append(ZVTConversation(purpose: .endOfDay, frame: frames.endOfDay))
        case .status:
            guard acceptsCommands else { return [.status(.unreachable(reason: "card terminal not connected"))] }
            queue.append(ZVTConversation(purpose: .status, frame: frames.statusEnquiry))
        case .abort:
            return requestAbort()
        }
        return []
    }

    public mutating func nextStep(at now: DriverTime) -> DriverStep {
        if !outbox.isEmpty { return .send(outbox.removeFirst()) }
        switch state {
        case .disconnected:
            return .idle(config.idleWake)
        case .idle:
            guard !queue.isEmpty else { return .idle(config.idleWake) }
            state = .talking(queue.removeFirst())
            return nextStep(at: now)
        case .waiting(let until, let target):
            guard now >= until else { return .idle(until - now) }
            switch target {
            case .registration:
                state = .talking(ZVTConversation(purpose: .registration, frame: frames.registration))
            case .recoveryEnquiry(let recovery):
                state = .talking(ZVTConversation(purpose: .recoveryEnquiry(recovery), frame: frames.statusEnquiry))
            }
            return nextStep(at: now)
        case .talking(var conversation):
            switch conversation.stage {
            case .unsent:
                let until = now + config.acknowledgementTimeout
                conversation.stage = .awaitingAcknowledgement(until: until)
                state = .talking(conversation)
                return .exchange(frame: conversation.frame, timeout: slice(until: until, now: now))
            case .awaitingAcknowledgement(let until):
                return .receive(timeout: slice(until: until, now: now))
            case .awaitingCompletion(let until):
                if conversation.abort == .requested {
                    conversation.abort = .sent
                    state = .talking(conversation)
                    return .send(frames.abort)
                }
                return .receive(timeout: slice(until: until, now: now))
            }
        case .resynchronising(let quietUntil, _, _):
            return .receive(timeout: slice(until: quietUntil, now: now))
        }
    }

    public mutating func received(_ bytes: [UInt8], at now: DriverTime) -> DriverReaction<CardTerminalEvent> {
        if case .resynchronising(_, let conversation, let reason) = state {
            state = .resynchronising(quietUntil: now + config.resynchronisationQuietPeriod, conversation, reason: reason)
            return DriverReaction(replyComplete: false)
        }
        decoder.append(bytes)
        var events: [CardTerminalEvent] = []
        var absorbedAny = false
        while true {
            let message: ZVTMessage
            do {
                guard let apdu = try decoder.next() else { break }
                message = try ZVTMessage(apdu: apdu)
            } catch {
                return DriverReaction(events: events + garbled(error.description, at: now), replyComplete: true)
            }
            absorbedAny = true
            events += absorb(message, at: now)
        }
        return DriverReaction(events: events, replyComplete: absorbedAny)
    }

    public mutating func timedOut(at now: DriverTime) -> [CardTerminalEvent] {
        switch state {
        case .talking(let conversation):
            let until: DriverTime
            let what: String
            switch conversation.stage {
            case .unsent: return []
            case .awaitingAcknowledgement(let deadline):
                (until, what) = (deadline, "no acknowledgement within \(config.acknowledgementTimeout)")
            case .awaitingCompletion(let deadline):
                (until, what) = (deadline, "terminal silent for \(config.completionTimeout)")
            }
            guard now >= until else { return [] }
            if decoder.bufferedByteCount > 0 {
                // Half an answer: its tail may still come, so let the line go quiet before anything new.
                decoder.reset()
                state = .resynchronising(quietUntil: now + config.resynchronisationQuietPeriod, conversation,
                                         reason: what + " (answer cut off)")
                return []
            }
            return finish(conversation, .lost(what), at: now)
        case .resynchronising(let quietUntil, let conversation, let reason):
            guard now >= quietUntil else { return [] }
            decoder.reset()
            return finish(conversation, .lost(reason), at: now)
        case .disconnected, .idle, .waiting:
            return []
        }
    }

    public mutating func transportLost(_ reason: String, at now: DriverTime) -> [CardTerminalEvent] {
        decoder.reset()
        outbox.removeAll()
        connected = false
        var events: [CardTerminalEvent] = []
        if !connectionFaultReported {
            connectionFaultReported = true
            events.append(.fault(.connectionLost(reason)))
        }
        switch state {
        case .talking(let conversation), .resynchronising(_, let conversation, _):
            events += finish(conversation, .lost("connection lost: \(reason)"), at: now)
        case .disconnected, .idle, .waiting:
            break
        }
        events += failQueued(because: "card terminal connection lost")
        if let recovery = unresolvedPayment, now >= recovery.giveUpAt {
            events += giveUp(recovery, reason: "\(recovery.cause); terminal unreachable until the recovery deadline")
        }
        state = .disconnected
        announcedReady = false
        return events
    }

    // MARK: - Helpers shared by the extensions

    /// Commands are refused (with their failure event) while there is no terminal to send them to.
    var acceptsCommands: Bool {
        switch state {
        case .disconnected, .waiting(_, .registration): return false
        case .idle, .waiting(_, .recoveryEnquiry), .talking, .resynchronising: return true
        }
    }

    func slice(until deadline: DriverTime, now: DriverTime) -> Duration {
        max(.zero, min(deadline - now, config.receiveSlice))
    }

    private mutating func requestAbort() -> [CardTerminalEvent] {
        var events: [CardTerminalEvent] = []
        queue.removeAll { conversation in
            guard case .payment(let request) = conversation.purpose else { return false }
            events.append(.declined(CardPaymentDecline(
                reference: request.reference, amount: request.amount,
                failure: CardFailure(reason: .cancelled, message: "aborted before it reached the terminal"))))
            return true
        }
        if case .talking(var conversation) = state, conversation.isPayment, conversation.abort == .none {
            conversation.abort = .requested
            state = .talking(conversation)
        }
        return events
    }

    /// The stream cannot be trusted any more: drop it, wait for quiet, then give the conversation up.
    private mutating func garbled(_ description: String, at now: DriverTime) -> [CardTerminalEvent] {
        decoder.reset()
        staleDataPossible = true
        if case .talking(let conversation) = state {
            state = .resynchronising(quietUntil: now + config.resynchronisationQuietPeriod, conversation,
                                     reason: "unreadable answer (\(description))")
        }
        return [.fault(.protocolViolation(description))]
    }
}
