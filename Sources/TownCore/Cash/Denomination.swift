/// A piece of Czech legal tender in circulation: coins 1–50 Kč, notes 100–5 000 Kč.
///
/// Cases are declared in ascending value, so the synthesized `Comparable` orders by value.
/// Encoded (and used as a dictionary key) as its value in haléře — the unit `Money` uses everywhere —
/// so `note100` is `10000`. Decoding refuses any value that is not one of the twelve.
public enum Denomination: Hashable, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case coin1, coin2, coin5, coin10, coin20, coin50
    case note100, note200, note500, note1000, note2000, note5000

    /// Whether the piece is a coin (hoppers, coin cashbox) or a banknote (validator, recycler).
    public enum Kind: String, Hashable, Sendable, Codable {
        case coin, note
    }

    /// Every denomination, smallest first.
    public static let all: [Denomination] = allCases
    /// The six coins, smallest first.
    public static let coins: [Denomination] = all.filter { $0.kind == .coin }
    /// The six notes, smallest first.
    public static let notes: [Denomination] = all.filter { $0.kind == .note }

    /// Face value in whole crowns.
    public var crowns: Int64 {
        switch self {
        case .coin1: 1
        case .coin2: 2
        case .coin5: 5
        case .coin10: 10
        case .coin20: 20
        case .coin50: 50
        case .note100: 100
        case .note200: 200
        case .note500: 500
        case .note1000: 1000
        case .note2000: 2000
        case .note5000: 5000
        }
    }

    /// Face value as money.
    public var value: Money { Money(crowns: crowns) }

    public var kind: Kind { crowns < 100 ? .coin : .note }

    /// Position in `all` (0 = 1 Kč … 11 = 5 000 Kč). The values follow a 1-2-5 pattern per power of ten,
    /// so `index / 3` is the decade and `index % 3` picks 1, 2 or 5 — the change planner relies on this.
    var index: Int {
        switch self {
        case .coin1: 0
        case .coin2: 1
        case .coin5: 2
        case .coin10: 3
        case .coin20: 4
        case .coin50: 5
        case .note100: 6
        case .note200: 7
        case .note500: 8
        case .note1000: 9
        case .note2000: 10
        case .note5000: 11
        }
    }

    /// The denomination worth exactly `value`; anything else (3 Kč, 50 haléřů, the withdrawn 20 Kč note…)
    /// is refused.
    public init(value: Money) throws(DenominationError) {
        guard let match = Denomination.all.first(where: { $0.value == value }) else {
            throw DenominationError(found: value)
        }
        self = match
    }

    /// The denomination worth exactly `crowns` whole crowns.
    public init(crowns: Int64) throws(DenominationError) {
        guard let match = Denomination.all.first(where: { $0.crowns == crowns }) else {
            // Build the reported amount without multiplying, which could overflow for absurd input.
            throw DenominationError(found: crowns.magnitude <= 1_000_000_000_000 ? Money(crowns: crowns) : nil)
        }
        self = match
    }

    /// `50 Kč`, `1 000 Kč`.
    public var description: String { Money.groupThousands(String(crowns)) + " Kč" }
}

/// A value that is not Czech legal tender in circulation.
public struct DenominationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The offending value, or nil when it was too large to express as money.
    public let found: Money?

    public init(found: Money?) { self.found = found }

    public var description: String {
        let expected = Denomination.all.map { String($0.crowns) }.joined(separator: ", ")
        return "expected a Czech denomination (\(expected) Kč), found \(found.map(\.description) ?? "an out-of-range amount")"
    }
}

extension Denomination: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let halere = try container.decode(Int64.self)
        do {
            self = try Denomination(value: Money(halere: halere))
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "denomination in haléře: \(error.description)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.halere)
    }
}

/// Lets `[Denomination: Int]` encode as a keyed object (`{"10000": 3}`) rather than a flat array.
extension Denomination: CodingKeyRepresentable {
    public var codingKey: any CodingKey { HalereKey(halere: value.halere) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let halere = Int64(codingKey.stringValue),
              let denomination = try? Denomination(value: Money(halere: halere))
        else { return nil }
        self = denomination
    }

    private struct HalereKey: CodingKey {
        let halere: Int64
        init(halere: Int64) { self.halere = halere }
        init?(stringValue: String) {
            guard let value = Int64(stringValue) else { return nil }
            halere = value
        }
        init?(intValue: Int) { halere = Int64(intValue) }
        var stringValue: String { String(halere) }
        var intValue: Int? { Int(halere) }
    }
}
