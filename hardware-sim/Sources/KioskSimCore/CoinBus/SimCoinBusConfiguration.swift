import DeviceProtocols
import TownCore

/// How the simulated coin bus is fitted: which hoppers sit at which address, how fast they pay.
public struct SimCoinBusConfiguration: Sendable {
    public var acceptorAddress: UInt8
    /// Hopper address → the coin it holds and pays.
    public var hoppers: [UInt8: Denomination]
    /// Acceptor coin position → denomination, as "programmed" into the acceptor.
    public var coinPositions: [Int: Denomination]
    /// A single-wire bus: every byte the host sends comes back to it before the reply.
    public var echoesHostBytes: Bool
    public var checksum: CCTalkChecksumMode
    /// Time between two coins leaving a hopper.
    public var coinInterval: Duration
    /// Coins a hopper holds before the acceptor's sorter sends further coins to the coin cashbox.
    public var hopperCapacity: Int
    /// Level sensor triggers, in coins.
    public var lowLevelTrigger: Int
    public var highLevelTrigger: Int

    public static let standardCoinPositions: [Int: Denomination] = [
        1: .coin1, 2: .coin2, 3: .coin5, 4: .coin10, 5: .coin20, 6: .coin50,
    ]

    public init(
        acceptorAddress: UInt8 = CCTalkAddress.coinAcceptor,
        hoppers: [UInt8: Denomination],
        coinPositions: [Int: Denomination] = standardCoinPositions,
        echoesHostBytes: Bool = false,
        checksum: CCTalkChecksumMode = .simple8,
        coinInterval: Duration = .milliseconds(100),
        hopperCapacity: Int = 1_000,
        lowLevelTrigger: Int = 20,
        highLevelTrigger: Int = 500
    ) {
        self.acceptorAddress = acceptorAddress
        self.hoppers = hoppers
        self.coinPositions = coinPositions
        self.echoesHostBytes = echoesHostBytes
        self.checksum = checksum
        self.coinInterval = coinInterval
        self.hopperCapacity = hopperCapacity
        self.lowLevelTrigger = lowLevelTrigger
        self.highLevelTrigger = highLevelTrigger
    }
}

/// What happened to a coin the customer inserted.
public enum SimCoinInsertOutcome: Sendable, Hashable {
    /// Accepted and credited; the sorter sent it to its hopper or to the coin cashbox.
    case credited(to: CashLocation)
    /// Not genuine: rejected and handed back.
    case rejected
    /// Genuine but not accepted right now (inhibited): handed back.
    case returnedInhibited
}
