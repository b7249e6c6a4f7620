import DeviceIO
import DeviceProtocols
import TownCore

/// The NV200 note validator and its SMART Payout on one SSP/eSSP link, as a pure `DriverMachine`.
///
/// Money rules it keeps (reliability.md P2, P3, P8, P9, P24):
/// - READ with a channel is escrow (`.noteEscrowed`), never money; `.noteCredited` comes only from CREDIT,
///   once: polls are POLL WITH ACK, events are acknowledged only after they were emitted, and a batch the
///   device repeats because an acknowledgement was lost is recognised and not emitted again.
/// - Everything after the key exchange is encrypted, so a late or injected reply (older eCOUNT) is never
///   taken as an answer; payout commands cannot be framed in plaintext at all (`NV200Link.send`).
/// - A command without a reply is resent byte for byte (same sequence bit, same eCOUNT), which the device
///   answers from its stored reply without executing again. A payout is never sent a second time: when
///   the resends fail the driver re-synchronises and asks the device (its poll events) how it ended.
public struct NV200Driver: DriverMachine {
    public typealias Command = NoteValidatorCommand
    public typealias Event = NoteValidatorEvent

    /// How to open the port: 9600 baud, 8 data bits, no parity, 2 stop bits.
    public static let serialPortSettings = SerialPortSettings.ssp

    enum Phase: Hashable, Sendable {
        case initialising(NV200InitStep)
        case running
    }

    /// The driver's view of the note in escrow.
    enum Escrow: Hashable, Sendable {
        case none
        /// Waiting for the engine; HOLD keeps it (a POLL would stack it).
        case held(Denomination?)
        /// The engine said accept: the next POLL stacks it.
        case accepting(Denomination?)
        /// The engine said return: REJECT queued or sent.
        case returning(Denomination?)
        /// The device said no note is in escrow any more; its events will say where it went.
        case unconfirmed(Denomination?)

        var note: Denomination? {
            switch self {
            case .none: nil
            case .held(let note), .accepting(let note), .returning(let note), .unconfirmed(let note): note
            }
        }
    }

    struct PayoutOrder: Hashable, Sendable {
        let id: String
        let amount: Money
    }

    enum Payout: Hashable, Sendable {
        case none
        /// Accepted from the engine, PAYOUT AMOUNT not yet written.
        case queued(PayoutOrder)
        /// PAYOUT AMOUNT written, no reply yet.
        case awaitingReply(PayoutOrder)
        /// The device accepted it and is paying.
        case dispensing(PayoutOrder, paid: Money)
        /// The command may have run but the link failed; the first poll after re-initialisation decides.
        /// `keyNotSet`: the device answered KEY NOT SET, i.e. it had no key and did not execute it.
        case inDoubt(PayoutOrder, knownPaid: Money, since: DriverTime, keyNotSet: Bool)
    }

    enum Operation: Hashable, Sendable {
        case inhibits, enable, disable, reject, payout, levels, smartEmpty
        case route(Denomination, toRecycler: Bool)
    }

    let configuration: NV200Configuration
    var random: any RandomNumberGenerator & Sendable
    var link: NV200Link
    var phase: Phase = .initialising(.sync)
    var retryAt: DriverTime?
    var dataset: NV200Dataset?
    var negotiatedVersion: UInt8?
    var keyExchange: ESSPKeyExchange?
    var keyExchangeFailures = 0
    var lastInitFault: NoteValidatorFault?
    var linkDownReported = false
    var firstPollSinceInit = false
    var reinitAfterAck = false
    var pendingAck = false
    /// A batch was emitted and the host has not yet said it is journaled (`acknowledgeWhenJournaled`).
    var awaitingHostAck = false
    /// Events emitted from the last poll whose EVENT ACK was not confirmed: the device repeats them.
    var unackedBatch: [SSPPollEvent]?
    var previousFaultCodes: Set<UInt8> = []
    var pollDecodeFailures = 0
    var nextPollAt: DriverTime = .zero
    var nextHoldAt: DriverTime = .zero
    var escrow: Escrow = .none
    var payout: Payout = .none
    /// The last payout reported as unknown, so a late device report can name it.
    var unknownPayout: PayoutOrder?
    var operations: [Operation] = []
    var desiredAccepting: Set<Denomination> = []
    var desiredEnabled = true
    let creditSession: UInt64
    var creditSequence: UInt64 = 0
    var bezel: Money?

    /// `random` supplies the key exchange (generator, modulus, secret exponent), eSSP packing bytes and
    /// the credit-key session number: the system generator in production, a seeded one in tests.
    public init(configuration: NV200Configuration = NV200Configuration(),
                random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) throws(SSPFrameError) {
        self.configuration = configuration
        self.random = random
        link = try NV200Link(address: configuration.address)
        creditSession = self.random.next()
    }

    // MARK: DriverMachine

    public mutating func start(at now: DriverTime) -> [Event] {
        if let fresh = try? NV200Link(address: configuration.address) { link = fresh }
        return beginInit(at: now)
    }

    public mutating func handle(_ command: Command, at now: DriverTime) -> [Event] {
        let running = phase == .running
        switch command {
        case .enable(let accepted):
            desiredEnabled = true
            desiredAccepting = accepted
            if running { queueAcceptance([.inhibits, .enable]) }
        case .disable:
            desiredEnabled = false
            if running { queueAcceptance([.disable]) }
        case .accept:
            if case .held(let note) = escrow {
                escrow = .accepting(note)
                nextPollAt = now
            }
        case .returnNote:
            if case .held(let note) = escrow {
                escrow = .returning(note)
                operations.insert(.reject, at: 0)
            }
        case .payout(let id, let amount):
            return requestPayout(PayoutOrder(id: id, amount: amount))
        case .emptyToCashbox:
            operations.append(.smartEmpty)
        case .refreshLevels:
            if !operations.contains(.levels) { operations.append(.levels) }
        case .setRouting(let note, let toRecycler):
            operations.removeAll { if case .route(note, _) = $0 { true } else { false } }
            operations.append(.route(note, toRecycler: toRecycler))
        case .acknowledgeEvents:
            if awaitingHostAck {
                awaitingHostAck = false
                pendingAck = true
            }
        }
        return []
    }

    public mutating func nextStep(at now: DriverTime) -> DriverStep {
        if link.exchange != nil { link.markResendDue() }
        if let bytes = link.resendIfDue() { return .exchange(frame: bytes, timeout: configuration.replyTimeout) }
        if let retryAt, now < retryAt { return .idle(retryAt - now) }
        retryAt = nil
        switch phase {
        case .initialising(let step): return initStep(step)
        case .running: return runningStep(at: now)
        }
    }

    public mutating func received(_ bytes: [UInt8], at now: DriverTime) -> DriverReaction<Event> {
        switch link.receive(bytes) {
        case .incomplete:
            return DriverReaction(replyComplete: false)
        case .corrupt:
            return DriverReaction(events: replyFailed(at: now, reason: "reply failed its CRC") + verdictIfOverdue(at: now),
                                  replyComplete: true)
        case .reply(let request, let content):
            return DriverReaction(events: handleReply(request, content, at: now) + verdictIfOverdue(at: now),
                                  replyComplete: true)
        }
    }

    public mutating func timedOut(at now: DriverTime) -> [Event] {
        link.timedOut()
        return replyFailed(at: now, reason: "no reply within \(configuration.replyTimeout)") + verdictIfOverdue(at: now)
    }

    public mutating func transportLost(_ reason: String, at now: DriverTime) -> [Event] {
        linkLost(at: now, reason: reason) + verdictIfOverdue(at: now)
    }

    // MARK: Steps

    private mutating func runningStep(at now: DriverTime) -> DriverStep {
        if pendingAck { return encrypted(.eventAck, for: .eventAck) }
        while let operation = operations.first {
            operations.removeFirst()
            if let step = operationStep(operation) { return step }
        }
        if case .held = escrow {
            if now >= nextHoldAt { return encrypted(.hold, for: .hold) }
            return .idle(nextHoldAt - now)
        }
        // No poll until the host journaled the last batch: the device would not move on anyway.
        if awaitingHostAck { return .idle(configuration.pollInterval) }
        if now >= nextPollAt { return encrypted(.pollWithAck, for: .poll) }
        return .idle(nextPollAt - now)
    }

    private mutating func operationStep(_ operation: Operation) -> DriverStep? {
        switch operation {
        case .inhibits:
            return encrypted(.setChannelInhibits(enabledChannels: acceptanceMask), for: .inhibits)
        case .enable:
            return encrypted(.enable, for: .enable)
        case .disable:
            return encrypted(.disable, for: .disable)
        case .reject:
            return encrypted(.rejectBanknote, for: .reject)
        case .payout:
            guard case .queued(let order) = payout, let value = UInt32(exactly: order.amount.halere) else { return nil }
            guard let step = encryptedIfPossible(.payoutAmount(.czk(value), .real), for: .payout) else {
                // No key: nothing was written. Keep the payout queued and re-initialise first.
                operations.insert(.payout, at: 0)
                return restartFromSync()
            }
            payout = .awaitingReply(order)
            return step
        case .levels:
            return encrypted(.getAllLevels, for: .levels)
        case .smartEmpty:
            return encrypted(.smartEmpty, for: .smartEmpty)
        case .route(let note, let toRecycler):
            guard let value = UInt32(exactly: note.value.halere) else { return nil }
            return encrypted(.setDenominationRoute(toRecycler ? .payout : .cashbox, .czk(value)),
                             for: .route(note, toRecycler: toRecycler))
        }
    }

    /// Only the newest acceptance matters (the inhibit mask is computed when it is sent): an engine that changes
    /// its mind faster than the device answers must not grow a backlog.
    private mutating func queueAcceptance(_ steps: [Operation]) {
        operations.removeAll { $0 == .inhibits || $0 == .enable || $0 == .disable }
        operations += steps
    }

    var acceptanceMask: UInt16 { dataset?.inhibitMask(accepting: desiredAccepting) ?? 0 }

    mutating func plaintext(_ command: SSPCommand, for request: NV200Request) -> DriverStep {
        guard let bytes = link.send(command, for: request, encrypted: false, packing: []) else { return restartFromSync() }
        return .exchange(frame: bytes, timeout: configuration.replyTimeout)
    }

    mutating func encrypted(_ command: SSPCommand, for request: NV200Request) -> DriverStep {
        encryptedIfPossible(command, for: request) ?? restartFromSync()
    }

    private mutating func encryptedIfPossible(_ command: SSPCommand, for request: NV200Request) -> DriverStep? {
        let packingCount = ESSPCipher.packingCount(forDataCount: command.encoded().count)
        let packing = (0..<packingCount).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        guard let bytes = link.send(command, for: request, encrypted: true, packing: packing) else { return nil }
        return .exchange(frame: bytes, timeout: configuration.replyTimeout)
    }

    /// Defensive: a command could not be framed (no key). Start over with SYNC; nothing was written.
    private mutating func restartFromSync() -> DriverStep {
        phase = .initialising(.sync)
        return .exchange(frame: link.sync(), timeout: configuration.replyTimeout)
    }

    // MARK: Link failures

    /// (Re)initialisation starts: nothing queued is sent into an unknown device state, and anything that
    /// may have reached the device is in doubt until its events say otherwise.
    mutating func beginInit(at now: DriverTime) -> [Event] {
        phase = .initialising(.sync)
        retryAt = nil
        keyExchange = nil
        keyExchangeFailures = 0
        pendingAck = false
        awaitingHostAck = false
        reinitAfterAck = false
        firstPollSinceInit = false
        // Init applies the engine's wanted acceptance itself.
        operations.removeAll { $0 == .inhibits || $0 == .enable || $0 == .disable }
        switch payout {
        case .queued(let order):
            payout = .none
            operations.removeAll { $0 == .payout }
            return [.payoutRefused(payoutID: order.id, reason: .notReady)]
        case .awaitingReply(let order):
            payout = .inDoubt(order, knownPaid: .zero, since: now, keyNotSet: false)
        case .dispensing(let order, let paid):
            payout = .inDoubt(order, knownPaid: paid, since: now, keyNotSet: false)
        case .none, .inDoubt:
            break
        }
        return []
    }

    mutating func linkLost(at now: DriverTime, reason: String) -> [Event] {
        link.abandon()
        var events: [Event] = []
        if !linkDownReported {
            linkDownReported = true
            events.append(.fault(.linkLost(reason)))
        }
        return events + beginInit(at: now)
    }

    /// A reply did not come or was corrupt: resend the identical bytes, or give the link up.
    private mutating func replyFailed(at now: DriverTime, reason: String) -> [Event] {
        guard let current = link.exchange else { return [] }
        if current.request == .initStep(.sync) {
            // SYNC is harmless to repeat; keep trying at the resync pace.
            link.abandon()
            retryAt = now + configuration.resyncInterval
            guard !linkDownReported else { return [] }
            linkDownReported = true
            return [.fault(.linkLost(reason))]
        }
        if current.sendCount <= configuration.maxResends {
            link.markResendDue()
            return []
        }
        return linkLost(at: now, reason: reason)
    }

    /// A payout left in doubt while the device stays unreachable becomes unknown after the verdict delay.
    private mutating func verdictIfOverdue(at now: DriverTime) -> [Event] {
        guard phase != .running, case .inDoubt(let order, let paid, let since, _) = payout,
              now - since >= configuration.payoutVerdictDelay else { return [] }
        payout = .none
        unknownPayout = order
        return [.payoutOutcomeUnknown(payoutID: order.id, knownPaid: paid)]
    }

    private mutating func requestPayout(_ order: PayoutOrder) -> [Event] {
        let amount = order.amount
        guard amount.isPositive, amount.isWholeCrowns, amount.halere <= Int64(UInt32.max) else {
            return [.payoutRefused(payoutID: order.id, reason: .invalidAmount)]
        }
        guard payout == .none else { return [.payoutRefused(payoutID: order.id, reason: .busy)] }
        guard phase == .running, link.hasKey else { return [.payoutRefused(payoutID: order.id, reason: .notReady)] }
        payout = .queued(order)
        operations.append(.payout)
        return []
    }
}
