/// Why a report could not be built from the journal.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A record of a type the reports read did not decode.
    case malformedRecord(type: String, expected: String, found: String)
    /// A sum left the range of 64-bit haléře: the journal holds absurd amounts.
    case amountOverflow(String)
    /// `--from` after `--to`, or a range too long to be a report.
    case invalidRange(expected: String, found: String)

    public var description: String {
        switch self {
        case let .malformedRecord(type, expected, found):
            "journal record \(type): expected \(expected), found \(found)"
        case let .amountOverflow(what):
            "amounts in the journal do not fit 64-bit haléře (\(what))"
        case let .invalidRange(expected, found):
            "expected \(expected), found \(found)"
        }
    }
}

import TownCore

/// A count and a sum of money; additions refuse to overflow instead of trapping.
public struct Tally: Hashable, Sendable, Codable {
    public private(set) var count: Int = 0
    public private(set) var amount: Money = .zero

    public init() {}

    public init(count: Int, amount: Money) {
        self.count = count
        self.amount = amount
    }

    /// Adds one item of `money`.
    public mutating func add(_ money: Money) throws(ReportError) {
        try add(money, items: 1)
    }

    /// Adds `money` counting `items` items (0 to add money without counting an item).
    public mutating func add(_ money: Money, items: Int) throws(ReportError) {
        let (sum, overflow) = amount.halere.addingReportingOverflow(money.halere)
        guard !overflow else { throw .amountOverflow("\(amount.halere) + \(money.halere)") }
        amount = Money(halere: sum)
        count += items
    }

    public mutating func add(_ other: Tally) throws(ReportError) {
        try add(other.amount, items: other.count)
    }
}

extension Money {
    /// `self + other`, refusing to overflow (amounts come from the journal).
    public func adding(_ other: Money) throws(ReportError) -> Money {
        let (sum, overflow) = halere.addingReportingOverflow(other.halere)
        guard !overflow else { throw .amountOverflow("\(halere) + \(other.halere)") }
        return Money(halere: sum)
    }
}
