import Journal
import TownCore

/// The cash units a technician refills or empties, named as the control API names them.
public enum CashUnitName: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case recycler, cashbox, hopper
    case coinCashbox = "coin_cashbox"

    public static func < (a: CashUnitName, b: CashUnitName) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .recycler: 0
        case .cashbox: 1
        case .hopper: 2
        case .coinCashbox: 3
        }
    }

    /// Which pieces the unit holds: notes (recycler, cashbox) or coins (hoppers, coin cashbox).
    public var holds: Denomination.Kind {
        switch self {
        case .recycler, .cashbox: .note
        case .hopper, .coinCashbox: .coin
        }
    }
}

public enum PieceCountError: Error, Equatable, Sendable, CustomStringConvertible {
    case negative(Denomination, Int)
    case overflow(String)

    public var description: String {
        switch self {
        case .negative(let piece, let count): "expected a piece count of 0 or more, found \(count) × \(piece)"
        case .overflow(let detail): "the total of \(detail) does not fit"
        }
    }
}

/// Pieces per denomination, written `{"20000": 10}` (haléře → pieces) in records and the control API.
public struct PieceCounts: Hashable, Sendable, Codable {
    public private(set) var pieces: [Denomination: Int]

    public init(_ pieces: [Denomination: Int]) throws(PieceCountError) {
        for (denomination, count) in pieces where count < 0 { throw .negative(denomination, count) }
        self.pieces = pieces.filter { $0.value != 0 }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: Int].self)
        var pieces: [Denomination: Int] = [:]
        for (key, count) in raw {
            guard let halere = Int64(key), let denomination = try? Denomination(value: Money(halere: halere)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "expected a denomination in haléře (e.g. 20000), found \(key)"))
            }
            pieces[denomination] = count
        }
        try self.init(pieces)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: pieces.map { (String($0.key.value.halere), $0.value) }))
    }

    /// Σ pieces × face value, refusing a total that does not fit.
    public func amount() throws(PieceCountError) -> Money {
        var total: Int64 = 0
        for (denomination, count) in pieces {
            let (value, overflow) = denomination.value.halere.multipliedReportingOverflow(by: Int64(count))
            let (sum, sumOverflow) = total.addingReportingOverflow(value)
            guard !overflow, !sumOverflow else { throw .overflow("\(count) × \(denomination)") }
            total = sum
        }
        return Money(halere: total)
    }

    /// Smallest denomination first.
    public var sorted: [(denomination: Denomination, pieces: Int)] {
        pieces.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// `cash.refilled`: float a technician put into the recycler or the hoppers.
public struct CashRefilled: JournalEntry, Hashable {
    public static let recordType = "cash.refilled"
    public var technician: String
    public var unit: CashUnitName
    public var pieces: PieceCounts
    public var amount: Money
}

/// `cash.collected`: a unit emptied; what the kiosk's counters expected against what the cashier counted.
public struct CashCollected: JournalEntry, Hashable {
    public static let recordType = "cash.collected"
    public var technician: String
    public var unit: CashUnitName
    public var expected: PieceCounts
    public var counted: PieceCounts
    public var expectedAmount: Money
    public var countedAmount: Money
    /// counted − expected: negative when money is missing.
    public var difference: Money

    enum CodingKeys: String, CodingKey {
        case technician, unit, expected, counted, difference
        case expectedAmount = "expected_amount"
        case countedAmount = "counted_amount"
    }
}

/// `suspect.resolved`: a technician reconciled an in-doubt transaction.
public struct SuspectResolved: JournalEntry, Hashable {
    public static let recordType = "suspect.resolved"
    public var transaction: TransactionID
    public var technician: String
    public var reason: String
    /// Haléře the technician established were handed out or taken in, when they could tell.
    public var paid: Money?
}
