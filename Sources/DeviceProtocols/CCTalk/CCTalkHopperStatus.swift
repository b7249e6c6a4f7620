/// Reply to "request hopper status" (166): `[event counter][coins remaining][last paid][last unpaid]`.
/// The counter steps on every accepted dispense command (also when the hopper NAKs it, per Suzo);
/// "remaining" counts down during a payout; after a stop, "unpaid" holds what was not paid
/// (protocols.md §1.7). The host must remember unpaid coins: a normal stop clears them.
public struct CCTalkHopperStatus: Sendable, Hashable {
    public var eventCounter: UInt8
    public var coinsRemaining: UInt8
    public var lastPayoutCoinsPaid: UInt8
    public var lastPayoutCoinsUnpaid: UInt8

    public init(eventCounter: UInt8, coinsRemaining: UInt8, lastPayoutCoinsPaid: UInt8, lastPayoutCoinsUnpaid: UInt8) {
        self.eventCounter = eventCounter
        self.coinsRemaining = coinsRemaining
        self.lastPayoutCoinsPaid = lastPayoutCoinsPaid
        self.lastPayoutCoinsUnpaid = lastPayoutCoinsUnpaid
    }

    public init(replyData data: [UInt8]) throws(CCTalkMessageError) {
        try CCTalkMessageError.requireCount(data, 4...4, subject: "hopper status reply")
        self.init(eventCounter: data[0], coinsRemaining: data[1], lastPayoutCoinsPaid: data[2], lastPayoutCoinsUnpaid: data[3])
    }

    public var replyData: [UInt8] { [eventCounter, coinsRemaining, lastPayoutCoinsPaid, lastPayoutCoinsUnpaid] }

    public var isPayingOut: Bool { coinsRemaining > 0 }
}

/// Reply to "request payout high/low status" (217).
public struct CCTalkPayoutLevelStatus: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Coin level is below the low trigger.
    public static let belowLowLevel = CCTalkPayoutLevelStatus(rawValue: 1 << 0)
    /// Coin level is at or above the high trigger.
    public static let atOrAboveHighLevel = CCTalkPayoutLevelStatus(rawValue: 1 << 1)
    public static let lowLevelSensorFitted = CCTalkPayoutLevelStatus(rawValue: 1 << 4)
    public static let highLevelSensorFitted = CCTalkPayoutLevelStatus(rawValue: 1 << 5)

    /// "Low" only means something when a low-level sensor is fitted.
    public var isLow: Bool { contains([.lowLevelSensorFitted, .belowLowLevel]) }
    public var isHigh: Bool { contains([.highLevelSensorFitted, .atOrAboveHighLevel]) }
}
