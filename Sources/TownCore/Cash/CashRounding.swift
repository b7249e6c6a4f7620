/// A payment total as charged, with the rounding applied to it kept alongside so it can be journaled.
///
/// Zákon 634/1992 Sb. § 3 (ČNB FAQ on the end of the 50-haléř coin): the *total* of a cash payment is
/// rounded to the nearest legal tender, today whole crowns, x,50 going up. Card and transfer payments are
/// charged exactly. Round the transaction total once, never each line.
///
/// Negative totals (cash refunds) round half away from zero, so rounding is symmetric:
/// −12,50 Kč → −13 Kč, exactly the mirror of 12,50 Kč → 13 Kč, and a refund never differs from the
/// payment it reverses. The result is always within 50 haléřů of the original, so it cannot overflow.
public struct CashRounding: Hashable, Sendable {
    /// How the total is settled; only cash is rounded.
    public enum Tender: String, Hashable, Sendable, Codable {
        case cash, card
    }

    /// The exact total before rounding.
    public let original: Money
    /// What is actually charged (or refunded).
    public let rounded: Money
    /// `rounded − original`: positive when the citizen pays more than the exact total. Between −50 and
    /// +50 haléřů for cash, always zero for card.
    public let difference: Money
    public let tender: Tender

    /// Rounds `total` as the tender requires.
    public init(_ total: Money, tender: Tender) {
        original = total
        self.tender = tender
        switch tender {
        case .cash: rounded = CashRounding.nearestCrown(total)
        case .card: rounded = total
        }
        difference = rounded - original
    }

    /// The cash total: nearest whole crown, half away from zero.
    public init(cashTotal: Money) { self.init(cashTotal, tender: .cash) }

    /// The card total: charged exactly, difference zero.
    public init(cardTotal: Money) { self.init(cardTotal, tender: .card) }

    /// Nearest whole crown, halves away from zero. Swift's `/` and `%` truncate toward zero, so the
    /// remainder carries the sign of the amount and each side is handled symmetrically.
    static func nearestCrown(_ amount: Money) -> Money {
        let crowns = amount.halere / 100
        let remainder = amount.halere % 100
        if remainder >= 50 { return Money(crowns: crowns + 1) }
        if remainder <= -50 { return Money(crowns: crowns - 1) }
        return Money(crowns: crowns)
    }
}

extension CashRounding: Codable {
    private enum CodingKeys: String, CodingKey {
        case original, rounded, difference, tender
    }

    /// Recomputes the rounding from `original` and `tender` and refuses a record whose stored figures
    /// disagree, so a tampered or mistyped journal entry cannot slip a different amount through.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let original = try container.decode(Money.self, forKey: .original)
        let tender = try container.decode(Tender.self, forKey: .tender)
        let storedRounded = try container.decode(Money.self, forKey: .rounded)
        let storedDifference = try container.decode(Money.self, forKey: .difference)
        let expected = CashRounding(original, tender: tender)
        guard storedRounded == expected.rounded, storedDifference == expected.difference else {
            throw DecodingError.dataCorruptedError(
                forKey: .rounded, in: container,
                debugDescription: "expected \(tender.rawValue) rounding of \(original.halere) haléřů to give rounded "
                    + "\(expected.rounded.halere) and difference \(expected.difference.halere), found rounded "
                    + "\(storedRounded.halere) and difference \(storedDifference.halere)")
        }
        self = expected
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(original, forKey: .original)
        try container.encode(rounded, forKey: .rounded)
        try container.encode(difference, forKey: .difference)
        try container.encode(tender, forKey: .tender)
    }
}
