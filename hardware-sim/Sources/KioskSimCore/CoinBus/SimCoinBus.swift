import DeviceProtocols
import TownCore

/// The simulated ccTalk coin bus: a coin acceptor and one hopper per fitted denomination answering at
/// their addresses with the production codec, echoing the host's bytes when the bus is single-wire.
/// Coins move in the shared `PhysicalWorld`: customer → hopper (or coin cashbox) when accepted,
/// hopper → payout tray when paid.
public final class SimCoinBus: SimulatedDevice {
    public let name = "cctalk"
    public let configuration: SimCoinBusConfiguration
    public let world: PhysicalWorld
    private let acceptor: SimCoinAcceptor
    private let hoppers: [SimCoinHopper]
    private var decoder: CCTalkStreamDecoder
    private var lastByteAt: Duration = .zero

    /// Bytes of an unfinished frame are dropped after this silence (protocols.md §1.2).
    static let interByteTimeout: Duration = .milliseconds(50)

    public init(configuration: SimCoinBusConfiguration, world: PhysicalWorld) {
        self.configuration = configuration
        self.world = world
        acceptor = SimCoinAcceptor(address: configuration.acceptorAddress, positions: configuration.coinPositions)
        hoppers = configuration.hoppers.sorted { $0.key < $1.key }.map {
            SimCoinHopper(address: $0.key, denomination: $0.value, coinInterval: configuration.coinInterval,
                          lowLevelTrigger: configuration.lowLevelTrigger, highLevelTrigger: configuration.highLevelTrigger)
        }
        decoder = CCTalkStreamDecoder(checksumMode: configuration.checksum, stripsEcho: false)
    }

    // MARK: SimulatedDevice

    public func receive(_ bytes: [UInt8], at now: Duration) -> [UInt8] {
        if decoder.pendingByteCount > 0, now - lastByteAt > Self.interByteTimeout { _ = decoder.flushPartialInput() }
        lastByteAt = now
        var output = configuration.echoesHostBytes ? bytes : []
        for case let .frame(frame) in decoder.receive(bytes) {
            output += reply(to: frame, at: now)
        }
        return output
    }

    public func tick(at now: Duration) -> [UInt8] {
        for hopper in hoppers { hopper.tick(at: now, world: world) }
        return []
    }

    /// The whole bus loses power: the acceptor forgets its buffer and inhibits, hoppers save their payout.
    public func powerCycle() {
        acceptor.powerCycle()
        for hopper in hoppers { hopper.powerCycle() }
        _ = decoder.flushPartialInput()
    }

    public func describe(_ bytes: [UInt8], fromHost: Bool) -> String {
        var scratch = CCTalkStreamDecoder(checksumMode: configuration.checksum, stripsEcho: false)
        let lines = scratch.receive(bytes).map { event -> String in
            guard case let .frame(frame) = event else { return "(not a frame)" }
            if frame.destination != CCTalkAddress.host, let command = try? CCTalkCommand(frame: frame) {
                return "\(frame.destination) ← \(frame.source): \(command)"
            }
            return frame.description
        }
        return lines.joined(separator: "; ")
    }

    public func status() -> [String: String] {
        var status: [String: String] = [
            "acceptor.event_counter": String(acceptor.buffer.eventCounter),
            "acceptor.acceptance": acceptor.acceptanceEnabled ? "enabled" : "master_inhibited",
            "acceptor.enabled_positions": acceptor.inhibitMask.enabledPositions.map(String.init).joined(separator: ","),
            "echo": String(configuration.echoesHostBytes),
        ]
        for hopper in hoppers { hopper.status(into: &status) }
        return status
    }

    // MARK: Customer and technician actions (the control API calls these)

    /// The customer drops a coin in. Genuine coins the acceptor accepts move into their hopper, or the coin
    /// cashbox when the hopper is full or not fitted; anything else is handed back.
    @discardableResult
    public func insertCoin(_ denomination: Denomination, genuine: Bool = true) throws -> SimCoinInsertOutcome {
        guard genuine else {
            acceptor.record(CCTalkResultPair(0, CCTalkCoinAcceptorEventCode.rejectCoin.code))
            return .rejected
        }
        guard let position = acceptor.acceptingPosition(for: denomination), let resultA = UInt8(exactly: position) else {
            acceptor.record(CCTalkResultPair(0, CCTalkCoinAcceptorEventCode.inhibitedCoin.code))
            return .returnedInhibited
        }
        let hopperFitted = hoppers.contains { $0.denomination == denomination }
        let toHopper = hopperFitted && world.count(denomination, at: .hopper) < configuration.hopperCapacity
        let destination: CashLocation = toHopper ? .hopper : .coinCashbox
        try world.move(1, denomination, from: .customer, to: destination)
        acceptor.record(CCTalkResultPair(resultA, toHopper ? 1 : 2))
        return .credited(to: destination)
    }

    /// Someone works the acceptor (a coin on a string by default): an error event, no coin.
    public func fraudAttempt(code: CCTalkCoinAcceptorEventCode = .coinGoingBackwards) {
        acceptor.record(CCTalkResultPair(0, code.code))
    }

    /// The customer takes what lies in the payout tray; returns the coins taken.
    @discardableResult
    public func takeTray() throws -> [Denomination: Int] {
        var taken: [Denomination: Int] = [:]
        for denomination in Denomination.coins {
            let count = world.count(denomination, at: .payoutTray)
            guard count > 0 else { continue }
            try world.move(count, denomination, from: .payoutTray, to: .customer)
            taken[denomination] = count
        }
        return taken
    }

    /// A technician fills (or empties) a hopper to `coins`.
    public func fillHopper(_ denomination: Denomination, coins: Int) throws {
        try world.setLevel(coins, denomination, at: .hopper)
    }

    /// The hopper runs dry after `coins` more coins (nil: only when the world's hopper is empty).
    public func setHopperEmptyAfter(_ denomination: Denomination, coins: Int?) {
        hopper(denomination)?.coinsBeforeEmpty = coins
    }

    /// The hopper jams after `coins` more coins and refuses payouts until `clearJam`.
    public func jamHopper(_ denomination: Denomination, afterCoins coins: Int) {
        hopper(denomination)?.coinsBeforeJam = coins
    }

    public func clearJam(_ denomination: Denomination) {
        hopper(denomination)?.clearJam()
    }

    public func powerCycleHopper(_ denomination: Denomination) {
        hopper(denomination)?.powerCycle()
    }

    public func powerCycleAcceptor() {
        acceptor.powerCycle()
    }

    /// Dispense frames the hopper has received (accepted or not): the double-payout witness.
    public func dispenseCommandsReceived(_ denomination: Denomination) -> Int {
        hopper(denomination)?.dispenseCommandsReceived ?? 0
    }

    public func isPaying(_ denomination: Denomination) -> Bool {
        hopper(denomination)?.isPaying ?? false
    }

    public var acceptorEventCounter: UInt8 { acceptor.buffer.eventCounter }

    // MARK: Routing

    private func hopper(_ denomination: Denomination) -> SimCoinHopper? {
        hoppers.first { $0.denomination == denomination }
    }

    private func reply(to frame: CCTalkFrame, at now: Duration) -> [UInt8] {
        let response: CCTalkResponse
        let address = frame.destination
        if address == acceptor.address {
            response = (try? CCTalkCommand(frame: frame)).map { acceptor.respond(to: $0) } ?? .negativeAcknowledged
        } else if let hopper = hoppers.first(where: { $0.address == address }) {
            response = (try? CCTalkCommand(frame: frame)).map { hopper.respond(to: $0, at: now, world: world) }
                ?? .negativeAcknowledged
        } else {
            // Nobody at that address (or a broadcast this simulator does not implement): silence.
            return []
        }
        return (try? response.frame(from: address).encoded(checksum: configuration.checksum)) ?? []
    }
}
