import TownCore

/// One booking the simulated terminal made: the card ground truth the tests compare the kiosk against.
public struct CardLedgerEntry: Equatable, Sendable, Codable {
    public enum Kind: String, Equatable, Sendable, Codable {
        case charge
        case reversal
    }

    public var kind: Kind
    public var amount: Money
    public var receiptNumber: UInt16
    public var traceNumber: UInt32
    /// For a reversal: the receipt number of the charge it cancels.
    public var reversedReceiptNumber: UInt16?

    public init(kind: Kind, amount: Money, receiptNumber: UInt16, traceNumber: UInt32,
                reversedReceiptNumber: UInt16? = nil) {
        self.kind = kind
        self.amount = amount
        self.receiptNumber = receiptNumber
        self.traceNumber = traceNumber
        self.reversedReceiptNumber = reversedReceiptNumber
    }
}

/// Every charge and reversal, in booking order. Survives power cycles, like a terminal's journal.
public struct CardLedger: Equatable, Sendable, Codable {
    public private(set) var entries: [CardLedgerEntry] = []
    /// Index into `entries` where the current settlement period (since the last end-of-day) starts.
    public private(set) var periodStart = 0

    public init() {}

    public var charges: [CardLedgerEntry] { entries.filter { $0.kind == .charge } }
    public var reversals: [CardLedgerEntry] { entries.filter { $0.kind == .reversal } }
    /// What customers' cards are down by, all periods together.
    public var netCharged: Money { Self.net(entries) }
    /// Turnover since the last end-of-day.
    public var periodTotal: Money { Self.net(entries[periodStart...]) }

    public func charge(receiptNumber: UInt16) -> CardLedgerEntry? {
        entries.first { $0.kind == .charge && $0.receiptNumber == receiptNumber }
    }

    public func isReversed(receiptNumber: UInt16) -> Bool {
        entries.contains { $0.kind == .reversal && $0.reversedReceiptNumber == receiptNumber }
    }

    mutating func book(_ entry: CardLedgerEntry) {
        entries.append(entry)
    }

    mutating func closePeriod() {
        periodStart = entries.count
    }

    private static func net<Entries: Sequence>(_ entries: Entries) -> Money where Entries.Element == CardLedgerEntry {
        entries.reduce(Money.zero) { total, entry in
            entry.kind == .charge ? total + entry.amount : total - entry.amount
        }
    }
}
