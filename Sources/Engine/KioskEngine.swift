import Devices
import Journal
import TownCore

/// The kiosk's transaction engine: a pure state machine. Inputs (citizen commands, device events, effect
/// results, timers, data) go in with the current time; actions (journal records, device commands, UI
/// events, timers) come out, to be executed in order by the shell. No I/O, no clocks.
public struct KioskEngine: Sendable {
    public let configuration: EngineConfiguration
    var state: Phase = .starting
    var context: EngineContext
    /// Set at the start of every `handle`.
    var now: EngineTime
    /// Actions of the input being handled, in order.
    var output: [EngineAction] = []

    /// An engine continuing from a replayed journal (nil: a fresh kiosk).
    public init(configuration: EngineConfiguration, replay: JournalReplay? = nil, at time: EngineTime) {
        let replay = replay ?? JournalReplay(recycledNotes: configuration.recycledNotes, recycledCoins: configuration.recycledCoins)
        self.configuration = configuration
        now = time
        context = EngineContext(replay: replay)
    }

    /// Replays `records` (in journal order) and returns the engine that must resolve what they left open.
    public static func recovering(from records: some Sequence<JournalRecord>, configuration: EngineConfiguration,
                                  at time: EngineTime) throws -> KioskEngine {
        var replay = JournalReplay(recycledNotes: configuration.recycledNotes, recycledCoins: configuration.recycledCoins)
        for record in records { try replay.apply(record) }
        return KioskEngine(configuration: configuration, replay: replay, at: time)
    }

    /// Handles one input and returns the actions to execute, in order.
    public mutating func handle(_ input: EngineInput, at time: EngineTime) -> [EngineAction] {
        now = time
        output = []
        if case .halted = state {
            // Fail closed: nothing is journaled or commanded until a restart.
            return []
        }
        switch input {
        case .boot: boot()
        case .citizen(let command): citizen(command)
        case .noteValidator(let event): noteValidatorEvent(event)
        case .coinBus(let event): coinBusEvent(event)
        case .printer(let event): printerEvent(event)
        case .cardTerminal(let event): cardTerminalEvent(event)
        case .pinChecked(let voucherID, let matches): pinChecked(voucherID, matches: matches)
        case .voucherClaimed(let voucherID, let granted): voucherClaimed(voucherID, granted: granted)
        case .timerFired(let id): timerFired(id)
        case .data(let update): dataUpdate(update)
        case .technician(let command): technician(command)
        case .journalFailed(let reason): failClosed(reason)
        }
        let actions = output
        output = []
        return actions
    }

    // MARK: Emitting

    mutating func emit(_ action: EngineAction) { output.append(action) }
    mutating func journal(_ record: EngineRecord) {
        context.ledger.apply(record)
        output.append(.journal(record))
    }
    mutating func show(_ screen: UIScreen) { output.append(.ui(.screen(screen))) }
    mutating func notify(_ notice: UINotice) { output.append(.ui(.notice(notice))) }

    mutating func startTimer(_ kind: TimerKind, _ duration: Duration) {
        let ids = context.timers.start(kind)
        if let previous = ids.cancel { emit(.cancelTimer(previous)) }
        emit(.startTimer(ids.start, duration))
    }

    mutating func cancelTimer(_ kind: TimerKind) {
        if let id = context.timers.cancel(kind) { emit(.cancelTimer(id)) }
    }

    mutating func allocateTransaction() -> TransactionID {
        let id = TransactionID(number: context.nextTransaction)
        context.nextTransaction += 1
        return id
    }

    func reference(_ transaction: TransactionID) -> String { configuration.reference(transaction) }

    // MARK: Boot, timers, fail-closed

    mutating func boot() {
        guard case .starting = state else { return }
        // Whatever the devices were doing before, nothing is accepted until a flow enables it.
        emit(.noteValidator(.enable(accepting: [])))
        emit(.coinBus(.disableCoins))
        let open = context.replayedOpen
        context.replayedOpen = []
        guard open.isEmpty else {
            startRecovery(open)
            return
        }
        state = .idle
        refreshService(showScreen: true)
    }

    mutating func timerFired(_ id: TimerID) {
        guard context.timers.fired(id) else { return }
        switch id.kind {
        case .inactivity: inactivityExpired()
        case .finishedScreen:
            if case .idle = state { refreshService(showScreen: true) }
        case .recoveryDeadline:
            if case .recovering(let work) = state { finishRecovery(work) }
        }
    }

    /// P14/P28: the journal cannot record money any more, so no money may move.
    mutating func failClosed(_ reason: String) {
        var transaction: TransactionID?
        var charging = false
        switch state {
        case .payment(let session):
            transaction = session.transaction
            if case .charging = session.step { charging = true }
        case .voucher(let session): transaction = session.transaction
        case .starting, .recovering, .idle, .halted: break
        }
        state = .halted(reason: reason)
        emit(.noteValidator(.disable))
        emit(.coinBus(.emergencyStop))
        if charging { emit(.cardTerminal(.abort)) }
        show(.outOfService(reference: transaction.map(reference)))
    }

    // MARK: Data and technicians

    mutating func dataUpdate(_ update: DataUpdate) {
        switch update {
        case .obligations(let obligations): context.loadObligations(obligations)
        case .fees(let catalog): context.fees = catalog
        case .vouchers(let vouchers): context.loadVouchers(vouchers)
        case .cashUnits(let units): loadCashUnits(units)
        case .voucherListStale(let stale): context.vouchersStale = stale
        }
        if case .idle = state { refreshService(showScreen: false) }
    }

    mutating func technician(_ command: TechnicianCommand) {
        switch command {
        case .putOutOfService(let reason):
            context.sticky = ServiceBlock(cause: .technician, reason: reason, reference: nil)
        case .putInService(let technician):
            guard context.sticky != nil || context.announced != nil else { break }
            context.sticky = nil
            context.announced = nil
            journal(.inService(KioskInService(technician: technician)))
        case .refill(let unit, let pieces, let technician):
            refill(unit, pieces, technician: technician)
        case .collect(let unit, let counted, let technician):
            collect(unit, counted: counted, technician: technician)
        case .resolveSuspect(let transaction, let technician, let reason, let paid):
            resolveSuspect(transaction, technician: technician, reason: reason, paid: paid)
        }
        switch state {
        case .idle: refreshService(showScreen: true)
        case .starting, .recovering, .payment, .voucher, .halted: break
        }
    }
}
