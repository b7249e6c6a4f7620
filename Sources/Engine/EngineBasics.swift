import TownCore

/// Time as the engine sees it, passed in with every input so the engine never reads a clock.
public struct EngineTime: Hashable, Sendable {
    /// Elapsed time on a monotonic clock since boot: timers and ordering.
    public var monotonic: Duration
    /// The calendar day in Europe/Prague: receipt year and voucher expiry.
    public var today: DayDate

    public init(monotonic: Duration, today: DayDate) {
        self.monotonic = monotonic
        self.today = today
    }

    public var year: Int { today.year }
}

/// One citizen transaction (a payment, a voucher payout, or money found without one). Numbers grow by one
/// per transaction and continue from the journal after a restart, so they never repeat on a kiosk.
public struct TransactionID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let number: Int

    public init(number: Int) { self.number = number }

    public static func < (a: TransactionID, b: TransactionID) -> Bool { a.number < b.number }

    /// `T000042`.
    public var description: String {
        let digits = String(number)
        return "T" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    public init(from decoder: any Decoder) throws {
        number = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}

/// What a timer is for.
public enum TimerKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The citizen did nothing for a while: the transaction is cancelled, money given back.
    case inactivity
    /// The result screen has been shown long enough: back to the welcome screen.
    case finishedScreen
    /// Devices had time to report what happened before the restart: resolve what is still open.
    case recoveryDeadline
}

/// Names one started timer. The generation makes a late firing of a cancelled timer harmless.
public struct TimerID: Hashable, Sendable, CustomStringConvertible {
    public let kind: TimerKind
    public let generation: Int

    public init(kind: TimerKind, generation: Int) {
        self.kind = kind
        self.generation = generation
    }

    public var description: String { "\(kind.rawValue)#\(generation)" }
}

/// A PIN as typed by the citizen. Only the executor's KDF ever reads `digits`; printing the value shows
/// nothing, so a logged action or input cannot leak it.
public struct EnteredPIN: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let digits: String

    public init(_ digits: String) { self.digits = digits }

    public var description: String { "PIN(redacted)" }
    public var debugDescription: String { description }
}

/// Settings of one kiosk's engine; the shell builds it from the validated config file.
public struct EngineConfiguration: Sendable {
    public var kiosk: KioskCode
    /// First receipt line: the office (účetní jednotka) and its IČ.
    public var officeName: String
    public var officeID: String
    /// Notes and coins the kiosk takes at all.
    public var acceptedNotes: Set<Denomination>
    public var acceptedCoins: Set<Denomination>
    /// Note denominations routed to the recycler (payable as change); the rest go to the cashbox.
    public var recycledNotes: Set<Denomination>
    /// Coins the acceptor routes into their hopper (payable as change); the rest go to the coin cashbox.
    public var recycledCoins: Set<Denomination>
    public var inactivityTimeout: Duration
    public var finishedScreenTimeout: Duration
    /// How long after boot devices may take to report what happened to an interrupted transaction.
    public var recoveryDeadline: Duration
    /// Out of service when the change the kiosk holds is worth less than this (zero: never for this reason).
    public var minimumChangeValue: Money
    /// Vouchers bound to no kiosk: refused, or claimed online from the town server before the PIN is checked,
    /// so two kiosks can never both pay one.
    public var unboundVouchers: UnboundVoucherPolicy = .refuse

    public init(
        kiosk: KioskCode, officeName: String, officeID: String,
        acceptedNotes: Set<Denomination> = Set(Denomination.notes),
        acceptedCoins: Set<Denomination> = Set(Denomination.coins),
        recycledNotes: Set<Denomination> = [.note100, .note200, .note500],
        recycledCoins: Set<Denomination> = [],
        inactivityTimeout: Duration = .seconds(60), finishedScreenTimeout: Duration = .seconds(20),
        recoveryDeadline: Duration = .seconds(15), minimumChangeValue: Money = .zero
    ) {
        self.kiosk = kiosk
        self.officeName = officeName
        self.officeID = officeID
        self.acceptedNotes = acceptedNotes
        self.acceptedCoins = acceptedCoins
        self.recycledNotes = recycledNotes
        self.recycledCoins = recycledCoins
        self.inactivityTimeout = inactivityTimeout
        self.finishedScreenTimeout = finishedScreenTimeout
        self.recoveryDeadline = recoveryDeadline
        self.minimumChangeValue = minimumChangeValue
    }

    /// What the citizen and the cashier quote: `K01-T000042`.
    public func reference(_ transaction: TransactionID) -> String {
        kiosk.value + "-" + transaction.description
    }
}

public enum UnboundVoucherPolicy: String, Sendable, Hashable {
    case refuse
    case claimOnline = "claim_online"
}
