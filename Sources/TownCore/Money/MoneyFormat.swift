/// Czech presentation of money: `1 234,50 Kč`, and a strict parser for what people and files type.
extension Money: CustomStringConvertible {
    /// Czech format with a space between thousands, a decimal comma and the `Kč` suffix.
    public var description: String { czechString() }

    /// `1 234,50 Kč`; whole amounts still show `,00` so columns line up on receipts.
    public func czechString(withCurrency: Bool = true) -> String {
        let negative = halere < 0
        let magnitude = halere.magnitude
        let crowns = magnitude / 100
        let cents = magnitude % 100
        var text = Money.groupThousands(String(crowns)) + "," + (cents < 10 ? "0" : "") + String(cents)
        if negative { text = "-" + text }
        return withCurrency ? text + " Kč" : text
    }

    /// Dot-decimal form with exactly two decimals (`480.50`), as SPAYD and bank formats want.
    public var decimalString: String {
        let magnitude = halere.magnitude
        let cents = magnitude % 100
        return (halere < 0 ? "-" : "") + String(magnitude / 100) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    static func groupThousands(_ digits: String) -> String {
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return groups.joined(separator: " ")
    }
}

public struct MoneyParseError: Error, Equatable, CustomStringConvertible {
    public let input: String
    public let reason: String
    public var description: String {
        "cannot read \"\(input)\" as an amount: \(reason); expected e.g. 1234, 1 234,50 or 1 234,50 Kč"
    }
}

extension Money {
    /// Parses Czech-formatted amounts strictly: optional minus, digits (optionally grouped by single spaces
    /// in threes), an optional decimal comma with exactly two digits, an optional ` Kč` suffix.
    /// Anything else — dots, stray characters, three decimals — is refused rather than guessed.
    public static func parseCzech(_ input: String) throws(MoneyParseError) -> Money {
        func fail(_ reason: String) -> MoneyParseError { MoneyParseError(input: input, reason: reason) }
        var text = Substring(input)
        for suffix in [" Kč", "\u{00A0}Kč", "Kč"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        var negative = false
        if text.first == "-" { negative = true; text = text.dropFirst() }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw fail("more than one decimal comma") }
        let integerPart = parts[0]
        guard !integerPart.isEmpty else { throw fail("no digits before the decimal comma") }
        let groups = integerPart.split(omittingEmptySubsequences: false, whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
        if groups.count > 1 {
            guard groups[0].count >= 1, groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw fail("thousands must be grouped in threes")
            }
        }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw fail("only digits are allowed") }
        guard digits.count <= 15, let crowns = Int64(digits) else { throw fail("amount too large") }
        var cents: Int64 = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard decimals.count == 2, decimals.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(decimals) else {
                throw fail("exactly two digits must follow the decimal comma")
            }
            cents = value
        }
        let total: Int64 = crowns * 100 + cents
        return Money(halere: negative ? 0 - total : total)
    }
}
