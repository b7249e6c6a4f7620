import DeviceProtocols
import TownCore

/// The coin acceptor's side of the bus: keeps the device's inhibits equal to what the engine wants and
/// turns buffered-credit replies into credits, exactly once per device event.
struct CoinAcceptorNode {
    let address: UInt8
    private let positions: [Int: Denomination]
    private let pollInterval: Duration
    private let inhibitedPollInterval: Duration
    private let checkInterval: Duration

    /// Coins the engine wants accepted; empty means inhibited.
    private var wanted: Set<Denomination> = []
    /// What the device is known to have applied; nil after start-up or a reset.
    private var appliedMask: CCTalkInhibitMask?
    private var appliedAcceptance: Bool?
    private var tracker: CCTalkEventTracker
    private var epoch = 0
    private var nextPollAt: DriverTime = .zero
    /// When to read back the inhibits: a reset before the first event leaves the counter at 0, so only
    /// the device's forgotten configuration shows it (protocols.md §1.7 race).
    private var nextCheckAt: DriverTime = .zero
    /// After a missed reply nothing is re-sent before this.
    private var holdOffUntil: DriverTime = .zero
    private var watch: ResponseWatch
    private var hasPolledSinceStart = false

    init(configuration: CoinBusConfiguration) {
        address = configuration.acceptorAddress
        positions = configuration.coinPositions
        pollInterval = configuration.acceptorPollInterval
        inhibitedPollInterval = configuration.inhibitedAcceptorPollInterval
        checkInterval = configuration.acceptorCheckInterval
        tracker = CCTalkEventTracker(lastCounter: configuration.resumeAcceptorCounter)
        watch = ResponseWatch(device: .coinAcceptor, threshold: configuration.attemptsBeforeNotResponding)
    }

    /// Start-up is over once the buffer was read, or the acceptor was reported silent.
    var startupFinished: Bool { hasPolledSinceStart || watch.reportedSilent }

    /// The event counter last seen, for the engine to persist.
    var lastEventCounter: UInt8? { tracker.lastCounter }

    private var wantedMask: CCTalkInhibitMask {
        let enabled = positions.filter { wanted.contains($0.value) }.map(\.key)
        // Positions are validated to 1–16 by the configuration, which a 2-byte mask holds.
        return (try? CCTalkInhibitMask(enabledPositions: enabled)) ?? CCTalkInhibitMask(bytes: [0, 0])
    }

    mutating func restart(at now: DriverTime) {
        appliedMask = nil
        appliedAcceptance = nil
        hasPolledSinceStart = false
        holdOffUntil = now
        nextPollAt = now
        nextCheckAt = now + checkInterval
    }

    mutating func enable(_ coins: Set<Denomination>, at now: DriverTime) {
        wanted = coins
        // Poll at the faster rate straight away rather than after the slow interval runs out.
        nextPollAt = min(nextPollAt, now + pollInterval)
    }

    mutating func disable() { wanted = [] }

    func nextRequest() -> BusRequest? {
        if wanted.isEmpty, appliedAcceptance != false {
            return BusRequest(.modifyMasterInhibit(acceptanceEnabled: false), .urgent, notBefore: holdOffUntil)
        }
        if !wanted.isEmpty {
            if appliedMask != wantedMask {
                return BusRequest(.modifyInhibitStatus(wantedMask), .work, notBefore: holdOffUntil)
            }
            if appliedAcceptance != true {
                return BusRequest(.modifyMasterInhibit(acceptanceEnabled: true), .work, notBefore: holdOffUntil)
            }
        }
        if !hasPolledSinceStart {
            return BusRequest(.readBufferedCredit, .work, notBefore: holdOffUntil)
        }
        let poll = BusRequest(.readBufferedCredit, .poll, notBefore: max(nextPollAt, holdOffUntil))
        let check = BusRequest(
            wanted.isEmpty ? .requestMasterInhibit : .requestInhibitStatus, .poll, notBefore: max(nextCheckAt, holdOffUntil))
        return check.notBefore < poll.notBefore ? check : poll
    }

    mutating func replied(_ response: CCTalkResponse, to command: CCTalkCommand, at now: DriverTime) -> [CoinBusEvent] {
        switch (command, response) {
        case (.readBufferedCredit, .bufferedCredit(let buffer)):
            var events = watch.answered()
            hasPolledSinceStart = true
            nextPollAt = now + (wanted.isEmpty ? inhibitedPollInterval : pollInterval)
            events += absorb(buffer)
            return events
        case (.modifyInhibitStatus(let mask), .acknowledged):
            appliedMask = mask
            return watch.answered()
        case (.modifyMasterInhibit(let enabled), .acknowledged):
            appliedAcceptance = enabled
            return watch.answered()
        case (.requestInhibitStatus, .inhibitStatus(let mask)):
            nextCheckAt = now + checkInterval
            let forgotten = appliedMask.map { Set($0.enabledPositions) != Set(mask.enabledPositions) } ?? false
            return watch.answered() + (forgotten ? configurationLost() : [])
        case (.requestMasterInhibit, .masterInhibit(let enabled)):
            nextCheckAt = now + checkInterval
            let forgotten = appliedAcceptance.map { $0 != enabled } ?? false
            return watch.answered() + (forgotten ? configurationLost() : [])
        default:
            // NAK, BUSY or an answer that does not fit: the same request is retried after a pause.
            return missed(command, at: now)
        }
    }

    mutating func missed(_ command: CCTalkCommand, at now: DriverTime) -> [CoinBusEvent] {
        holdOffUntil = now + pollInterval
        if command == .readBufferedCredit { nextPollAt = now + pollInterval }
        if command == .requestInhibitStatus || command == .requestMasterInhibit { nextCheckAt = now + checkInterval }
        return watch.missed()
    }

    /// The device no longer holds what was applied: it was reset. Re-apply everything.
    private mutating func configurationLost() -> [CoinBusEvent] {
        appliedMask = nil
        appliedAcceptance = nil
        return [.acceptorReset]
    }

    private mutating func absorb(_ buffer: CCTalkBufferedEvents) -> [CoinBusEvent] {
        let previous = tracker.lastCounter
        switch tracker.accept(buffer) {
        case .synchronised, .noNewEvents, .staleReply:
            return []
        case .deviceReset:
            // The device forgot its inhibits (all coins inhibited, master normal): re-apply ours.
            epoch += 1
            return configurationLost()
        case .newEvents(let pairs):
            return report(pairs, after: previous ?? 0)
        case .eventsLost(let lost):
            wanted = []
            var events: [CoinBusEvent] = [.fault(.eventsLost(lost.lostCount))]
            var counter = previous ?? 0
            for _ in 0..<lost.lostCount { counter = step(counter) }
            events += report(lost.visibleEvents, after: counter)
            return events
        }
    }

    /// `pairs` oldest first; the first one carries the counter after `counter`.
    private mutating func report(_ pairs: [CCTalkResultPair], after counter: UInt8) -> [CoinBusEvent] {
        var counter = counter
        var events: [CoinBusEvent] = []
        for pair in pairs {
            counter = step(counter)
            events += CoinAcceptorEventMapping.events(
                for: pair.coinEvent, key: CoinEventKey(epoch: epoch, counter: counter), positions: positions)
        }
        return events
    }

    /// The next event counter; stepping past 255 starts a new epoch so keys stay unique.
    private mutating func step(_ counter: UInt8) -> UInt8 {
        if counter == 255 { epoch += 1 }
        return CCTalkEventCounter.successor(of: counter)
    }
}
