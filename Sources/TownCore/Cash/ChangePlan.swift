/// How many pieces of each denomination to pay out; produced by `ChangePlanner`.
public struct ChangePlan: Hashable, Sendable {
    /// Pieces per denomination; only denominations actually used appear, each with a positive count.
    public let counts: [Denomination: Int]

    /// Keeps only positive counts, so two plans paying the same pieces compare equal.
    public init(counts: [Denomination: Int]) {
        self.counts = counts.filter { $0.value > 0 }
    }

    /// For the planner, which only ever inserts positive counts.
    init(positiveCounts: [Denomination: Int]) {
        counts = positiveCounts
    }

    /// Paying nothing.
    public static let empty = ChangePlan(counts: [:])

    public var isEmpty: Bool { counts.isEmpty }

    /// Number of pieces handed out.
    public var pieceCount: Int { counts.values.reduce(0, +) }

    /// Value of the plan.
    public var total: Money {
        counts.reduce(Money.zero) { $0 + $1.key.value * Int64($1.value) }
    }

    /// Pieces of one denomination (zero when unused).
    public subscript(denomination: Denomination) -> Int { counts[denomination] ?? 0 }
}

extension ChangePlan: Codable {
    /// Encoded as `{"<haléře>": pieces}`; decoding refuses zero or negative piece counts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let counts = try container.decode([Denomination: Int].self)
        if let bad = counts.first(where: { $0.value <= 0 }) {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "change plan: expected a positive piece count for \(bad.key), found \(bad.value)")
        }
        self.init(counts: counts)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(counts)
    }
}

/// Input the change planner refuses outright (as opposed to an amount it merely cannot pay: that is `nil`).
public enum ChangePlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cash can only pay whole crowns; round the total with `CashRounding` first.
    case notWholeCrowns(Money)
    case negativeAmount(Money)
    /// An inventory count below zero.
    case negativeCount(Denomination, Int)
    /// A reserve ("keep at least") below zero.
    case negativeReserve(Denomination, Int)

    public var description: String {
        switch self {
        case let .notWholeCrowns(amount):
            "change: expected an amount in whole crowns, found \(amount)"
        case let .negativeAmount(amount):
            "change: expected an amount of zero or more, found \(amount)"
        case let .negativeCount(denomination, count):
            "change: expected a count of zero or more for \(denomination), found \(count)"
        case let .negativeReserve(denomination, count):
            "change: expected a reserve of zero or more for \(denomination), found \(count)"
        }
    }
}
