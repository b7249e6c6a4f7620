/// An amount of Czech crowns held as integer haléře (1 Kč = 100 haléřů).
///
/// Money never passes through floating point: arithmetic traps on overflow rather than wrapping,
/// and conversion to text and back is exact.
public struct Money: Hashable, Comparable, Sendable, Codable {
    public let halere: Int64

    public init(halere: Int64) { self.halere = halere }
    public init(crowns: Int64) { self.halere = crowns * 100 }

    public static let zero = Money(halere: 0)

    public var isZero: Bool { halere == 0 }
    public var isNegative: Bool { halere < 0 }
    public var isPositive: Bool { halere > 0 }
    /// True when the amount is a whole number of crowns (what cash can represent).
    public var isWholeCrowns: Bool { halere % 100 == 0 }
    /// Whole crowns, truncated toward zero; use `CashRounding` when a cash total must be rounded.
    public var wholeCrowns: Int64 { halere / 100 }

    public static func < (a: Money, b: Money) -> Bool { a.halere < b.halere }
    public static func + (a: Money, b: Money) -> Money { Money(halere: a.halere + b.halere) }
    public static func - (a: Money, b: Money) -> Money { Money(halere: a.halere - b.halere) }
    public static func * (a: Money, n: Int64) -> Money { Money(halere: a.halere * n) }
    public static func * (n: Int64, a: Money) -> Money { Money(halere: a.halere * n) }
    public static prefix func - (a: Money) -> Money { Money(halere: -a.halere) }
    public static func += (a: inout Money, b: Money) { a = a + b }
    public static func -= (a: inout Money, b: Money) { a = a - b }

    // Codable as a bare integer of haléře, the unit every API and file uses.
    public init(from decoder: any Decoder) throws {
        halere = try decoder.singleValueContainer().decode(Int64.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(halere)
    }
}

extension Sequence where Element == Money {
    public func sum() -> Money { reduce(.zero, +) }
}
