/// Items that entered a cash unit since its last exchange, by how they came in (XFS4IoT `in` counts).
public struct CashUnitInCounts: Hashable, Sendable, Codable {
    /// Accepted from the citizen (or loaded by the cashier outside an exchange).
    public internal(set) var deposited: Int = 0
    /// Presented to the citizen, not taken, and pulled back into this unit.
    public internal(set) var retracted: Int = 0
    /// Diverted into this unit as suspect or unwanted (reject area, cashbox).
    public internal(set) var rejected: Int = 0

    public init() {}

    /// All items that came in; `CashUnit` keeps `initialCount` plus this representable, so it cannot overflow.
    public var total: Int { deposited + retracted + rejected }

    var buckets: [Int] { [deposited, retracted, rejected] }
}

/// Items that left a cash unit since its last exchange, by where they are now (XFS4IoT `out` counts).
///
/// The buckets are disjoint: an item sits in exactly one of them, so their sum is everything that left.
/// `dispensed` holds items whose outcome is still open; resolving it moves them to `presented`,
/// `rejected` or `unknown`, never counting an item twice.
public struct CashUnitOutCounts: Hashable, Sendable, Codable {
    /// Left the unit towards the citizen (transport, stacker, hopper exit), outcome not yet recorded.
    public internal(set) var dispensed: Int = 0
    /// Known to have reached the citizen's access (tray, note bezel).
    public internal(set) var presented: Int = 0
    /// Left the unit but were diverted to a reject area instead of the citizen.
    public internal(set) var rejected: Int = 0
    /// Left the unit and nobody knows where they went (power loss mid-payout, manual jam clearing).
    public internal(set) var unknown: Int = 0

    public init() {}

    /// All items that left; bounded by `initialCount` plus what came in, so it cannot overflow.
    public var total: Int { dispensed + presented + rejected + unknown }

    var buckets: [Int] { [dispensed, presented, rejected, unknown] }
}

/// Why a cash unit refused an operation. The unit is left exactly as it was.
public enum CashUnitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A quantity (or initial count) below zero.
    case negativeQuantity(unit: String, found: Int)
    /// Taking more items out of the unit than it holds.
    case insufficientCount(unit: String, requested: Int, available: Int)
    /// Resolving more dispensed items than are awaiting an outcome.
    case insufficientDispensed(unit: String, requested: Int, awaiting: Int)
    /// An exchange while items are still dispensed with an open outcome would erase them from the ledger.
    case dispenseOutcomePending(unit: String, awaiting: Int)
    /// A counter would exceed `Int.max`.
    case counterOverflow(unit: String)

    public var description: String {
        switch self {
        case let .negativeQuantity(unit, found):
            "cash unit \(unit): expected a quantity of zero or more, found \(found)"
        case let .insufficientCount(unit, requested, available):
            "cash unit \(unit): expected at most \(available) items to take out, found a request for \(requested)"
        case let .insufficientDispensed(unit, requested, awaiting):
            "cash unit \(unit): expected at most \(awaiting) dispensed items awaiting an outcome, found \(requested)"
        case let .dispenseOutcomePending(unit, awaiting):
            "cash unit \(unit): expected no dispensed items awaiting an outcome before an exchange, found \(awaiting)"
        case let .counterOverflow(unit):
            "cash unit \(unit): expected counters to stay within \(Int.max), found an overflow"
        }
    }
}
