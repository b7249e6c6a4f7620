import DeviceProtocols
import TownCore

/// The whole ccTalk coin bus as one pure driver: it owns the line, so the acceptor's polling and every
/// hopper's payout share one exchange at a time. Nodes say what they want to send; the bus picks the most
/// urgent due request, sends it, and routes the reply (or its absence) back to the node that asked.
public struct CCTalkBusDriver: DriverMachine {
    public typealias Command = CoinBusCommand
    public typealias Event = CoinBusEvent

    private enum Target: Equatable {
        case acceptor
        case hopper(index: Int)
        case levels
    }

    private struct InFlight {
        var target: Target
        var address: UInt8
        var command: CCTalkCommand
    }

    public let configuration: CoinBusConfiguration
    private let checksum: CCTalkChecksumMode
    private var decoder: CCTalkStreamDecoder
    private var acceptor: CoinAcceptorNode
    private var hoppers: [HopperNode]
    private var levelSurvey: LevelSurvey?
    private var inFlight: InFlight?
    private var announcedReady = false
    private var usedPayoutIDs: Set<String> = []

    public init(configuration: CoinBusConfiguration) {
        self.configuration = configuration
        checksum = configuration.checksum == .crc16 ? .crc16 : .simple8
        decoder = CCTalkStreamDecoder(checksumMode: checksum, stripsEcho: configuration.busEchoesHostBytes)
        acceptor = CoinAcceptorNode(configuration: configuration)
        let timing = HopperNode.Timing(
            payoutPollInterval: configuration.payoutPollInterval,
            offlineRetryInterval: configuration.offlineRetryInterval,
            attempts: configuration.attemptsBeforeNotResponding,
            payoutStatusAttempts: configuration.payoutStatusAttempts)
        hoppers = configuration.hoppers.sorted { $0.key < $1.key }.map {
            HopperNode(address: $0.key, denomination: $0.value, timing: timing)
        }
    }

    /// The acceptor's event counter as last seen; the engine journals it with each credit anyway.
    public var lastAcceptorEventCounter: UInt8? { acceptor.lastEventCounter }

    public mutating func start(at now: DriverTime) -> [CoinBusEvent] {
        decoder = CCTalkStreamDecoder(checksumMode: checksum, stripsEcho: configuration.busEchoesHostBytes)
        inFlight = nil
        announcedReady = false
        acceptor.restart(at: now)
        for index in hoppers.indices { hoppers[index].restart(at: now) }
        levelSurvey = makeSurvey()
        return []
    }

    public mutating func handle(_ command: CoinBusCommand, at now: DriverTime) -> [CoinBusEvent] {
        switch command {
        case let .enableCoins(coins):
            if coins.isEmpty { acceptor.disable() } else { acceptor.enable(coins, at: now) }
            return []
        case .disableCoins:
            acceptor.disable()
            return []
        case let .dispense(payoutID, denomination, count):
            return startDispense(payoutID: payoutID, denomination: denomination, count: count, at: now)
        case .emergencyStop:
            acceptor.disable()
            return hoppers.indices.flatMap { hoppers[$0].emergencyStop(at: now) }
        case .refreshLevels:
            levelSurvey = makeSurvey()
            return []
        }
    }

    public mutating func nextStep(at now: DriverTime) -> DriverStep {
        if let stale = inFlight {
            // The runner always reports an exchange's end; this only guards against a lost one.
            _ = deliverMiss(to: stale, at: now)
        }
        let candidates = requests()
        let due = candidates.filter { $0.request.notBefore <= now }
        guard let chosen = due.min(by: { $0.request.precedes($1.request) }) else {
            let wake = candidates.map(\.request.notBefore).min()
            return .idle(wake.map { max(.zero, $0 - now) } ?? .seconds(1))
        }
        let frame = chosen.request.command.frame(to: chosen.address)
        guard let bytes = try? frame.encoded(checksum: checksum) else {
            // Unreachable for the commands this driver builds; idle briefly rather than trap.
            return .idle(configuration.replyTimeout)
        }
        if case let .hopper(index) = chosen.target { hoppers[index].willSend(chosen.request.command) }
        inFlight = InFlight(target: chosen.target, address: chosen.address, command: chosen.request.command)
        decoder.willSend(bytes)
        return .exchange(frame: bytes, timeout: configuration.replyTimeout)
    }

    public mutating func received(_ bytes: [UInt8], at now: DriverTime) -> DriverReaction<CoinBusEvent> {
        let decoded = decoder.receive(bytes)
        guard let exchange = inFlight else { return DriverReaction(replyComplete: true) }
        for case let .frame(frame) in decoded {
            // Frames for other nodes (an echo we were not told about) and replies that do not fit the
            // command (a late answer to an earlier one) are skipped; the real reply may still follow.
            guard frame.destination == CCTalkAddress.host, frame.source == exchange.address,
                  let response = try? exchange.command.parseReply(frame) else { continue }
            inFlight = nil
            var events = deliver(response, to: exchange, at: now)
            events += readyIfStarted()
            return DriverReaction(events: events, replyComplete: true)
        }
        return DriverReaction(replyComplete: false)
    }

    public mutating func timedOut(at now: DriverTime) -> [CoinBusEvent] {
        _ = decoder.flushPartialInput()
        guard let exchange = inFlight else { return [] }
        inFlight = nil
        return deliverMiss(to: exchange, at: now) + readyIfStarted()
    }

    public mutating func transportLost(_ reason: String, at now: DriverTime) -> [CoinBusEvent] {
        _ = decoder.flushPartialInput()
        guard let exchange = inFlight else { return [] }
        inFlight = nil
        // Whether the frame left the host is unknown: a dispense is handled like a lost reply.
        return deliverMiss(to: exchange, at: now)
    }

    private func requests() -> [(target: Target, address: UInt8, request: BusRequest)] {
        var result: [(target: Target, address: UInt8, request: BusRequest)] = []
        if let request = acceptor.nextRequest() { result.append((.acceptor, acceptor.address, request)) }
        for (index, hopper) in hoppers.enumerated() {
            if let request = hopper.nextRequest() { result.append((.hopper(index: index), hopper.address, request)) }
        }
        if let survey = levelSurvey, let address = survey.address, let request = survey.nextRequest() {
            result.append((.levels, address, request))
        }
        return result
    }

    private mutating func deliver(_ response: CCTalkResponse, to exchange: InFlight, at now: DriverTime) -> [CoinBusEvent] {
        switch exchange.target {
        case .acceptor:
            return acceptor.replied(response, to: exchange.command, at: now)
        case let .hopper(index):
            return hoppers[index].replied(response, to: exchange.command, at: now)
        case .levels:
            return surveyed { $0.replied(response) }
        }
    }

    private mutating func deliverMiss(to exchange: InFlight, at now: DriverTime) -> [CoinBusEvent] {
        switch exchange.target {
        case .acceptor:
            return acceptor.missed(exchange.command, at: now)
        case let .hopper(index):
            return hoppers[index].missed(exchange.command, at: now)
        case .levels:
            return surveyed { $0.missed() }
        }
    }

    private mutating func surveyed(_ body: (inout LevelSurvey) -> [CoinBusEvent]) -> [CoinBusEvent] {
        guard var survey = levelSurvey else { return [] }
        let events = body(&survey)
        levelSurvey = survey.isComplete ? nil : survey
        return events
    }

    private mutating func startDispense(
        payoutID: String, denomination: Denomination, count: Int, at now: DriverTime
    ) -> [CoinBusEvent] {
        guard !usedPayoutIDs.contains(payoutID) else {
            return [.dispenseRefused(payoutID: payoutID, reason: .duplicatePayoutID)]
        }
        guard let index = hoppers.firstIndex(where: { $0.denomination == denomination }) else {
            return [.dispenseRefused(payoutID: payoutID, reason: .noHopperForDenomination)]
        }
        guard (1...255).contains(count) else {
            return [.dispenseRefused(payoutID: payoutID, reason: .invalidCount)]
        }
        usedPayoutIDs.insert(payoutID)
        return hoppers[index].startDispense(payoutID: payoutID, count: UInt8(count), at: now)
    }

    private func makeSurvey() -> LevelSurvey? {
        guard !hoppers.isEmpty else { return nil }
        return LevelSurvey(hoppers: hoppers.map { ($0.address, $0.denomination) },
                           maximumAttempts: configuration.attemptsBeforeNotResponding)
    }

    private mutating func readyIfStarted() -> [CoinBusEvent] {
        guard !announcedReady, acceptor.startupFinished, hoppers.allSatisfy(\.startupFinished) else { return [] }
        announcedReady = true
        return [.ready]
    }
}
