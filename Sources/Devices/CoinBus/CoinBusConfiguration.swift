import TownCore

/// How one installation's coin bus is wired and timed.
public struct CoinBusConfiguration: Sendable, Hashable {
    public enum Checksum: Sendable, Hashable {
        case simple8
        case crc16
    }

    public var acceptorAddress: UInt8
    /// Hopper bus address → the coin it pays, at most one hopper per denomination.
    public var hoppers: [UInt8: Denomination]
    /// Acceptor coin position (1–16) → denomination, as programmed into the acceptor.
    public var coinPositions: [Int: Denomination]
    /// True on a single-wire bus, where the host's receiver hears its own transmission.
    public var busEchoesHostBytes: Bool
    public var checksum: Checksum
    /// How long to wait for a reply, echo included.
    public var replyTimeout: Duration
    /// Acceptor polling while coins are enabled; the device buffers only five events.
    public var acceptorPollInterval: Duration
    /// Acceptor polling while inhibited: catches late credits and resets at a gentler rate.
    public var inhibitedAcceptorPollInterval: Duration
    /// How often the acceptor's inhibits are read back to catch a reset the event counter cannot show.
    public var acceptorCheckInterval: Duration
    /// Hopper status polling during a payout (Suzo recommends 100 ms).
    public var payoutPollInterval: Duration
    /// Retry of a hopper that did not answer at start-up.
    public var offlineRetryInterval: Duration
    /// Missed replies in a row before a device is reported as not responding.
    public var attemptsBeforeNotResponding: Int
    /// Missed status replies in a row during a payout before its outcome is declared unknown.
    public var payoutStatusAttempts: Int
    /// The acceptor event counter last journalled, so coins credited while the driver was down are
    /// credited now rather than skipped; nil synchronises silently on the first poll.
    public var resumeAcceptorCounter: UInt8?

    /// Positions 1–6 programmed 1, 2, 5, 10, 20, 50 Kč.
    public static let standardCoinPositions: [Int: Denomination] = [
        1: .coin1, 2: .coin2, 3: .coin5, 4: .coin10, 5: .coin20, 6: .coin50,
    ]

    public init(
        acceptorAddress: UInt8 = 2,
        hoppers: [UInt8: Denomination],
        coinPositions: [Int: Denomination] = standardCoinPositions,
        busEchoesHostBytes: Bool = false,
        checksum: Checksum = .simple8,
        replyTimeout: Duration = .milliseconds(200),
        acceptorPollInterval: Duration = .milliseconds(200),
        inhibitedAcceptorPollInterval: Duration = .seconds(1),
        acceptorCheckInterval: Duration = .seconds(2),
        payoutPollInterval: Duration = .milliseconds(100),
        offlineRetryInterval: Duration = .seconds(5),
        attemptsBeforeNotResponding: Int = 3,
        payoutStatusAttempts: Int = 5,
        resumeAcceptorCounter: UInt8? = nil
    ) throws(CoinBusConfigurationError) {
        let reserved: Set<UInt8> = [0, 1]
        guard !reserved.contains(acceptorAddress) else { throw .reservedAddress(acceptorAddress) }
        for (address, denomination) in hoppers {
            guard !reserved.contains(address) else { throw .reservedAddress(address) }
            guard address != acceptorAddress else { throw .addressUsedTwice(address) }
            guard denomination.kind == .coin else { throw .notACoin(denomination) }
        }
        let hopperDenominations = hoppers.values.sorted()
        if let twice = zip(hopperDenominations, hopperDenominations.dropFirst()).first(where: { $0 == $1 }) {
            throw .twoHoppersForOneDenomination(twice.0)
        }
        for (position, denomination) in coinPositions {
            guard (1...16).contains(position) else { throw .coinPositionOutOfRange(position) }
            guard denomination.kind == .coin else { throw .notACoin(denomination) }
        }
        guard attemptsBeforeNotResponding >= 1, payoutStatusAttempts >= 1 else { throw .attemptsBelowOne }
        self.acceptorAddress = acceptorAddress
        self.hoppers = hoppers
        self.coinPositions = coinPositions
        self.busEchoesHostBytes = busEchoesHostBytes
        self.checksum = checksum
        self.replyTimeout = replyTimeout
        self.acceptorPollInterval = acceptorPollInterval
        self.inhibitedAcceptorPollInterval = inhibitedAcceptorPollInterval
        self.acceptorCheckInterval = acceptorCheckInterval
        self.payoutPollInterval = payoutPollInterval
        self.offlineRetryInterval = offlineRetryInterval
        self.attemptsBeforeNotResponding = attemptsBeforeNotResponding
        self.payoutStatusAttempts = payoutStatusAttempts
        self.resumeAcceptorCounter = resumeAcceptorCounter
    }
}

public enum CoinBusConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case reservedAddress(UInt8)
    case addressUsedTwice(UInt8)
    case notACoin(Denomination)
    case twoHoppersForOneDenomination(Denomination)
    case coinPositionOutOfRange(Int)
    case attemptsBelowOne

    public var description: String {
        switch self {
        case let .reservedAddress(address):
            "coin bus address: expected 2–255 (0 is broadcast, 1 the host), found \(address)"
        case let .addressUsedTwice(address):
            "coin bus hoppers: expected addresses distinct from the acceptor's, found \(address) twice"
        case let .notACoin(denomination):
            "coin bus: expected a coin denomination, found \(denomination)"
        case let .twoHoppersForOneDenomination(denomination):
            "coin bus hoppers: expected at most one hopper per denomination, found two for \(denomination)"
        case let .coinPositionOutOfRange(position):
            "coin bus coinPositions: expected positions 1–16, found \(position)"
        case .attemptsBelowOne:
            "coin bus attempts: expected at least 1"
        }
    }
}
