import TownCore

/// What the engine asks of the coin bus (the coin acceptor and the coin hoppers on one ccTalk line).
public enum CoinBusCommand: Sendable, Hashable {
    /// Accept these coins (others are inhibited); an empty set is the same as `disableCoins`.
    case enableCoins(Set<Denomination>)
    /// Inhibit the acceptor. Coins already past the validator are still credited.
    case disableCoins
    /// Pay `count` coins (1–255) of `denomination` from its hopper. `payoutID` must be fresh for every
    /// command: the driver sends at most one dispense frame per payout ID and refuses a reused one.
    case dispense(payoutID: String, denomination: Denomination, count: Int)
    /// Stop every hopper now and inhibit the acceptor.
    case emergencyStop
    /// Read every hopper's high/low level sensors; answered with `.levels`.
    case refreshLevels
}

/// What the coin bus reports. Device-independent: no ccTalk types reach the engine.
public enum CoinBusEvent: Sendable, Hashable {
    /// Start-up finished: the acceptor is inhibited and synchronised, every hopper has been asked.
    case ready
    /// A coin passed the point of no return. Emitted exactly once per device event: `eventKey`
    /// never repeats within one driver's life (journal it; see `CoinEventKey`).
    case coinCredited(Denomination, eventKey: CoinEventKey)
    /// A coin went back to the customer.
    case coinRejected(CoinRejectReason)
    /// The acceptor's event counter fell to 0 (power-up or reset); the driver re-applies the inhibits.
    case acceptorReset
    /// Coins paid so far, as the hopper counts them.
    case dispenseProgress(payoutID: String, paid: Int)
    /// The hopper finished the payout; `paid` and `unpaid` are exactly what it reported.
    case dispenseFinished(payoutID: String, paid: Int, unpaid: Int)
    /// The payout stopped early; `paid` and `unpaid` are exactly what the hopper reported.
    case dispenseInterrupted(payoutID: String, paid: Int, unpaid: Int, reason: DispenseInterruption)
    /// Nothing was paid: the hopper refused or provably never received the dispense command.
    case dispenseRefused(payoutID: String, reason: DispenseRefusal)
    /// The outcome cannot be established (no answer, or the hopper lost its counters). At least
    /// `knownPaid` coins left the hopper; the engine must treat the payout as suspect.
    case dispenseOutcomeUnknown(payoutID: String, knownPaid: Int)
    /// At start-up (or when it came back) a hopper reported that power failed during a payout; the
    /// counts are the ones it saved.
    case hopperPowerUpAfterInterruptedPayout(Denomination, paid: Int, unpaid: Int)
    /// A hopper's status at start-up: its event counter (0 after a power-up) and its last payout's counts.
    /// Journaled, the counter tells after a crash whether a payout in doubt ever reached the hopper.
    case hopperStatusAtStart(Denomination, eventCounter: UInt8, lastPaid: Int, lastUnpaid: Int)
    /// The hopper took the dispense command; its event counter now reads `eventCounter`. Comes before the
    /// payout's final event.
    case dispenseAccepted(payoutID: String, denomination: Denomination, eventCounter: UInt8)
    case levels([Denomination: HopperLevel])
    case fault(CoinBusFault)
    /// A device reported as `.notResponding` answers again.
    case deviceResponding(CoinBusDevice)
}

/// Identifies one credited coin event. `counter` is the acceptor's event counter (1–255); `epoch` counts
/// the counter's wraps and resets seen by this driver, so (`epoch`, `counter`) is unique per driver life.
/// Persist `counter` and pass it back as `CoinBusConfiguration.resumeAcceptorCounter` after a restart.
public struct CoinEventKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: Int
    public let counter: UInt8

    public init(epoch: Int, counter: UInt8) {
        self.epoch = epoch
        self.counter = counter
    }

    public static func < (a: CoinEventKey, b: CoinEventKey) -> Bool {
        (a.epoch, a.counter) < (b.epoch, b.counter)
    }

    public var description: String { "coin-event \(epoch).\(counter)" }
}

public enum CoinRejectReason: Sendable, Hashable {
    /// Validation failed: a counterfeit, a slug or a foreign coin.
    case notRecognised
    /// A coin type the kiosk had not enabled, or acceptance was off.
    case inhibited
    /// The mechanism was not ready or saw several coins at once; `code` is the device's reason.
    case mechanism(code: Int)
}

public enum DispenseInterruption: Sendable, Hashable {
    /// The hopper ran dry (payout timeout).
    case hopperEmpty
    case jam
    /// The kiosk asked for the stop.
    case emergencyStop
    /// Power failed during the payout; the counts are the ones the hopper saved.
    case powerLoss
    /// The hopper saw tampering at its exit.
    case fraudAttempt
    /// The hopper stopped early without saying why.
    case unspecified
}

public enum DispenseRefusal: Sendable, Hashable {
    case noHopperForDenomination
    /// Counts outside 1–255 cannot be sent in one command.
    case invalidCount
    case duplicatePayoutID
    /// This hopper is already paying (the driver's or the hopper's own view).
    case hopperBusy
    case hopperNotResponding
    /// The hopper answered NAK.
    case hopperRefused
    /// The reply was lost and the hopper's event counter proves the command never arrived.
    case notReceived
    /// `emergencyStop` arrived before the dispense command was sent.
    case stopped
}

/// A hopper's level sensors; nil when the sensor is not fitted.
public struct HopperLevel: Sendable, Hashable {
    public var isBelowLowLevel: Bool?
    public var isAtOrAboveHighLevel: Bool?

    public init(isBelowLowLevel: Bool?, isAtOrAboveHighLevel: Bool?) {
        self.isBelowLowLevel = isBelowLowLevel
        self.isAtOrAboveHighLevel = isAtOrAboveHighLevel
    }
}

public enum CoinBusDevice: Sendable, Hashable, CustomStringConvertible {
    case coinAcceptor
    case hopper(Denomination)

    public var description: String {
        switch self {
        case .coinAcceptor: "coin acceptor"
        case let .hopper(denomination): "hopper \(denomination)"
        }
    }
}

public enum CoinBusFault: Sendable, Hashable {
    /// More events happened between two polls than the acceptor buffers; the acceptor is now
    /// inhibited until the engine enables it again.
    case eventsLost(Int)
    /// An acceptor error or fraud code that is not a plain rejection.
    case acceptorAlarm(AcceptorAlarm)
    /// The acceptor credited a coin position the configuration does not map to a denomination.
    case unknownCoinPosition(Int)
    case hopper(Denomination, HopperFault)
    case notResponding(CoinBusDevice)
}

public struct AcceptorAlarm: Sendable, Hashable {
    /// The device's code (ccTalk result B), for the technician.
    public var code: Int
    /// The code's name, e.g. "coinGoingBackwards".
    public var name: String
    /// Codes that indicate manipulation (string, light, sequence attacks).
    public var isFraud: Bool

    public init(code: Int, name: String, isFraud: Bool) {
        self.code = code
        self.name = name
        self.isFraud = isFraud
    }
}

public enum HopperFault: Sendable, Hashable {
    case jammed
    case fraudAttempt
    /// The hopper reports a memory or coil fault it cannot pay with.
    case hardware
}
