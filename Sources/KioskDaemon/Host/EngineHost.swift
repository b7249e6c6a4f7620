import Devices
import Engine
import Failpoints
import Journal
import Logging
import TownCore

/// The single owner of the engine and the journal. Feeds inputs one at a time and executes each action
/// batch strictly in order: a journal record is durable before the next action runs; a failed append
/// drops the rest of the batch and halts the engine (fail closed). Executing a batch never suspends, so
/// actor reentrancy cannot interleave two batches.
public actor EngineHost {
    private let configuration: EngineConfiguration
    private var engine: KioskEngine
    /// Records journaled while a technician's command runs (for the control API's answer); nil otherwise, so
    /// nothing accumulates.
    private var journaledByCommand: [EngineRecord]?
    private let journal: any JournalStore
    private let devices: any DeviceGateway
    private let clock: any HostClock
    private let broadcaster: UIBroadcaster
    private let metrics: DaemonMetrics?
    private let logger: Logger

    private var verifiers: [VoucherID: PinVerifier] = [:]
    /// Each running timer's deadline on the host's monotonic clock; one alarm is set to the earliest.
    private var deadlines: [TimerID: Duration] = [:]
    private var alarm: (any HostAlarm)?
    private var screen: UIScreen?
    private var deviceStates = DeviceStateBook()
    private var journalHead: Int64 = 0
    private var journalProblem: String?
    private var started = false
    /// Asks the town server for unbound vouchers; without one every claim is refused.
    private var claimer: (any VoucherClaimer)?

    public init(configuration: EngineConfiguration, journal: sending any JournalStore, devices: any DeviceGateway,
                clock: any HostClock = SystemHostClock(), broadcaster: UIBroadcaster = UIBroadcaster(),
                metrics: DaemonMetrics? = nil, logger: Logger = Logger(label: "kioskd.engine")) {
        self.configuration = configuration
        self.journal = journal
        self.devices = devices
        self.clock = clock
        self.broadcaster = broadcaster
        self.metrics = metrics
        self.logger = logger
        engine = KioskEngine(configuration: configuration, at: EngineTime(monotonic: clock.elapsed(), today: clock.today()))
    }

    public func useClaimer(_ claimer: any VoucherClaimer) { self.claimer = claimer }

    private var now: EngineTime { EngineTime(monotonic: clock.elapsed(), today: clock.today()) }

    // MARK: Start and stop

    /// Verifies the chain, replays the journal, loads `data`, boots the engine and only then starts the
    /// drivers, so their power-up reports reach an engine that knows what was open. On a broken chain or
    /// an unreadable journal the kiosk stays out of service with the defect as the reason.
    public func start(data: [DataUpdate]) {
        guard !started else { return }
        started = true
        do {
            let summary = try journal.verifyChain()
            journalHead = summary.lastSequence
            metrics?.journalHead(summary.lastSequence)
            var records: [JournalRecord] = []
            try journal.replay { records.append($0) }
            engine = try KioskEngine.recovering(from: records, configuration: configuration, at: now)
        } catch {
            journalProblem = "journal cannot be trusted: \(error)"
            logger.critical("refusing to serve", metadata: ["journal.error": "\(error)"])
            startDevices()
            _ = failClosed(journalProblem ?? "journal cannot be trusted")
            return
        }
        for update in data { _ = feed(.data(update)) }
        _ = feed(.boot)
        startDevices()
        logger.info("engine booted", metadata: ["journal.head": "\(journalHead)", "engine.phase": "\(engine.status.phase)"])
    }

    private func startDevices() {
        devices.start { [weak self] input in await self?.deliver(input) }
    }

    /// For an error nothing else handled: devices disabled, coin bus stopped, engine halted.
    public func failClosed(reason: String) {
        _ = failClosed(reason)
    }

    /// Stops timers and drivers and ends the UI streams.
    public func stop() {
        deadlines = [:]
        alarm?.silence()
        devices.stop()
        broadcaster.finishAll()
    }

    // MARK: Inputs

    /// Feeds one input and returns the UI events its batch produced (for the HTTP answer).
    @discardableResult
    public func submit(_ input: EngineInput) -> [UIEvent] {
        guard started else { return [] }
        return feed(input)
    }

    private func deliver(_ input: EngineInput) { _ = feed(input) }

    /// A technician's command from the control socket: refused with the engine's reason, or carried out,
    /// answering with the records it journaled.
    public func technician(_ command: TechnicianCommand) -> Result<[EngineRecord], TechnicianRefusal> {
        guard started else { return .failure(TechnicianRefusal(reason: "kioskd is still starting")) }
        if let reason = engine.refusal(of: command) { return .failure(TechnicianRefusal(reason: reason)) }
        journaledByCommand = []
        defer { journaledByCommand = nil }
        _ = feed(.technician(command))
        return .success(journaledByCommand ?? [])
    }

    private func feed(_ input: EngineInput) -> [UIEvent] {
        deviceStates.observe(input)
        metrics?.observe(input)
        if case .data(.vouchers(let list)) = input {
            verifiers = Dictionary(list.map { ($0.id, $0.pinVerifier) }, uniquingKeysWith: { first, _ in first })
        }
        let actions = engine.handle(input, at: now)
        return execute(actions)
    }

    // MARK: Executing a batch

    private func execute(_ actions: [EngineAction]) -> [UIEvent] {
        var shown: [UIEvent] = []
        for action in actions {
            do {
                try Failpoints.hit(Self.failpointName(action))
            } catch {
                shown += failClosed("\(error)")
                return shown
            }
            switch action {
            case .journal(let record):
                do {
                    journalHead = try journal.appendDurably(type: record.type, payload: try record.payload())
                    journaledByCommand?.append(record)
                    metrics?.recorded(record, head: journalHead)
                } catch {
                    logger.critical("journal append failed; failing closed",
                                    metadata: ["journal.type": "\(record.type)", "journal.error": "\(error)"])
                    journalProblem = "journal append failed: \(error)"
                    shown += failClosed("\(error)")
                    return shown
                }
            case .noteValidator(let command): devices.send(.noteValidator(command))
            case .coinBus(let command): devices.send(.coinBus(command))
            case .printer(let command): devices.send(.printer(command))
            case .cardTerminal(let command): devices.send(.cardTerminal(command))
            case .checkPIN(let voucherID, let pin): checkPIN(voucherID, pin)
            case .claimVoucher(let voucherID): claim(voucherID)
            case .ui(let event):
                if case .screen(let next) = event { screen = next }
                broadcaster.publish(event)
                shown.append(event)
            case .startTimer(let id, let duration): startTimer(id, duration)
            case .cancelTimer(let id): deadlines.removeValue(forKey: id)
            }
        }
        return shown
    }

    /// Devices first (they must stop even if the engine is already halted), then the engine halts.
    private func failClosed(_ reason: String) -> [UIEvent] {
        devices.send(.noteValidator(.disable))
        devices.send(.coinBus(.emergencyStop))
        metrics?.failedClosed()
        return feed(.journalFailed(reason: reason))
    }

    private func startTimer(_ id: TimerID, _ duration: Duration) {
        deadlines[id] = clock.elapsed() + duration
        setAlarm()
    }

    /// Sets the alarm to the earliest deadline. A cancelled timer's deadline is simply gone; an alarm that rings
    /// with nothing due just sets itself again.
    private func setAlarm() {
        guard let earliest = deadlines.values.min() else {
            alarm?.silence()
            return
        }
        if alarm == nil {
            alarm = clock.makeAlarm { [weak self] in
                Task { await self?.alarmRang() }
            }
        }
        alarm?.ring(after: max(.zero, earliest - clock.elapsed()))
    }

    /// Fires every due timer, earliest first; each firing may start or cancel others, so the next is chosen afresh.
    private func alarmRang() {
        while let due = deadlines.filter({ $0.value <= clock.elapsed() }).min(by: { ($0.value, "\($0.key)") < ($1.value, "\($1.key)") }) {
            deadlines.removeValue(forKey: due.key)
            _ = feed(.timerFired(due.key))
        }
        setAlarm()
    }

    /// Runs the KDF on a detached task; the answer comes back as an ordinary input. The PIN is never logged.
    private func checkPIN(_ voucherID: VoucherID, _ pin: EnteredPIN) {
        let verifier = verifiers[voucherID]
        let logger = logger
        Task.detached(priority: .userInitiated) { [weak self] in
            var matches = false
            if let verifier {
                do { matches = try PinChecker.matches(pin, verifier: verifier) } catch {
                    logger.error("cannot check the voucher's PIN", metadata: ["voucher.id": "\(voucherID)", "pin.error": "\(error)"])
                }
            } else {
                logger.error("no PIN verifier for voucher", metadata: ["voucher.id": "\(voucherID)"])
            }
            await self?.pinChecked(voucherID, matches: matches)
        }
    }

    private func claim(_ voucherID: VoucherID) {
        let claimer = claimer
        Task { [weak self] in
            let granted = await claimer?.claim(voucherID) ?? false
            await self?.claimAnswered(voucherID, granted: granted)
        }
    }

    private func claimAnswered(_ voucherID: VoucherID, granted: Bool) {
        _ = feed(.voucherClaimed(voucherID: voucherID, granted: granted))
    }

    private func pinChecked(_ voucherID: VoucherID, matches: Bool) { _ = feed(.pinChecked(voucherID: voucherID, matches: matches)) }

    // MARK: Views

    public func snapshot() -> HostSnapshot {
        let status = engine.status
        var reasons: [String] = []
        if let reason = status.outOfServiceReason { reasons.append(reason) }
        if let journalProblem, !reasons.contains(where: { $0.contains(journalProblem) }) { reasons.append(journalProblem) }
        return HostSnapshot(status: status, screen: screen, fees: engine.fees, cashUnits: engine.cashUnitLevels,
                            suspects: engine.suspects, kiosk: configuration.kiosk, devices: deviceStates.states,
                            outOfServiceReasons: reasons, journalHead: journalHead, journalProblem: journalProblem)
    }

    /// Answers as soon as the actor is free: the watchdog's proof that the engine loop is not stuck.
    public func ping() -> Bool { true }

    // MARK: Failpoints

    public static func failpointName(_ action: EngineAction) -> String { "engine.before." + action.label }

    /// Every `engine.before.<label>` failpoint the host can hit, for the crash test to walk.
    public static let failpoints: [String] = {
        let others = ["note_validator", "coin_bus", "printer", "card_terminal", "check_pin", "ui", "start_timer", "cancel_timer"]
        return (EngineRecord.recordTypes.map { "journal." + $0 } + others).map { "engine.before." + $0 }
    }()
}

/// What the control API and the touchscreen see of the host.
public struct HostSnapshot: Sendable {
    public var status: EngineStatus
    public var screen: UIScreen?
    public var fees: FeeCatalog?
    public var cashUnits: [CashUnitLevel]
    /// Suspect transactions awaiting a technician, with the journaled reason.
    public var suspects: [TransactionID: String]
    /// This kiosk's code, for reference numbers (`K01-T000012`).
    public var kiosk: KioskCode
    /// Last known condition per device (`nv200`, `cctalk`, `printer`, `card_terminal`).
    public var devices: [String: String]
    public var outOfServiceReasons: [String]
    /// Sequence of the newest durable journal record.
    public var journalHead: Int64
    public var journalProblem: String?
}

/// Why the engine would not carry out a technician's command (answered as 409 or 404).
public struct TechnicianRefusal: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
