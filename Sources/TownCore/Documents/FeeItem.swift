/// An ad-hoc fee the citizen picks at the kiosk without an assessed obligation (e.g. "Ověření podpisu",
/// "Výpis z katastru"), with its price rule.
public struct FeeItem: Hashable, Sendable, Identifiable {
    /// Catalogue code: 1–20 characters of `A–Z`, `0–9`, `-`, `_` (e.g. `OVERENI-PODPISU`).
    public let code: String
    public let nameCs: String
    public let nameEn: String
    public let pricing: FeePricing

    public var id: String { code }

    public init(code: String, nameCs: String, nameEn: String, pricing: FeePricing) throws(FeeItemError) {
        let bytes = Array(code.utf8)
        guard (1...20).contains(bytes.count), bytes.allSatisfy({
            ASCIIText.isUppercaseLetter($0) || ASCIIText.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }) else { throw .invalidCode(found: ASCIIText.preview(code)) }
        guard !nameCs.isEmpty else { throw .emptyName(code: code, language: "cs") }
        guard !nameEn.isEmpty else { throw .emptyName(code: code, language: "en") }
        switch pricing {
        case .fixed(let amount):
            guard amount.isPositive else { throw .fixedAmountNotPositive(code: code, amount) }
        case .entered(let minimum, let maximum):
            guard minimum.isPositive, minimum <= maximum else {
                throw .invalidRange(code: code, minimum: minimum, maximum: maximum)
            }
        }
        self.code = code
        self.nameCs = nameCs
        self.nameEn = nameEn
        self.pricing = pricing
    }

    /// The amount to charge. For a fixed fee an entered amount, if any, must equal the fixed one.
    /// A ranged fee needs an entered amount within `minimum…maximum` inclusive.
    public func amount(entered: Money?) throws(FeeAmountError) -> Money {
        switch pricing {
        case .fixed(let amount):
            if let entered, entered != amount { throw .differsFromFixed(code: code, fixed: amount, entered: entered) }
            return amount
        case .entered(let minimum, let maximum):
            guard let entered else { throw .amountRequired(code: code, minimum: minimum, maximum: maximum) }
            guard entered >= minimum, entered <= maximum else {
                throw .outOfRange(code: code, minimum: minimum, maximum: maximum, entered: entered)
            }
            return entered
        }
    }
}

/// How a fee's amount is decided.
public enum FeePricing: Hashable, Sendable {
    /// Always this amount.
    case fixed(Money)
    /// The citizen (or clerk's instruction) enters the amount, limited to `minimum…maximum`.
    case entered(minimum: Money, maximum: Money)
}

extension FeePricing: Codable {
    private enum CodingKeys: String, CodingKey { case kind, amount, minimum, maximum }
    private enum Kind: String, Codable { case fixed, entered }

    /// `{"kind":"fixed","amount":5000}` or `{"kind":"entered","minimum":200,"maximum":50000}` (haléře).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .fixed: self = .fixed(try c.decode(Money.self, forKey: .amount))
        case .entered:
            self = .entered(minimum: try c.decode(Money.self, forKey: .minimum), maximum: try c.decode(Money.self, forKey: .maximum))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let amount):
            try c.encode(Kind.fixed, forKey: .kind)
            try c.encode(amount, forKey: .amount)
        case .entered(let minimum, let maximum):
            try c.encode(Kind.entered, forKey: .kind)
            try c.encode(minimum, forKey: .minimum)
            try c.encode(maximum, forKey: .maximum)
        }
    }
}

extension FeeItem: Codable {
    private enum CodingKeys: String, CodingKey { case code, nameCs, nameEn, pricing }

    /// Decoding validates through the initializer, so a bad catalogue from the server is refused whole.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            code: c.decode(String.self, forKey: .code), nameCs: c.decode(String.self, forKey: .nameCs),
            nameEn: c.decode(String.self, forKey: .nameEn), pricing: c.decode(FeePricing.self, forKey: .pricing))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(nameCs, forKey: .nameCs)
        try c.encode(nameEn, forKey: .nameEn)
        try c.encode(pricing, forKey: .pricing)
    }
}

/// A fee item definition that cannot be used.
public enum FeeItemError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCode(found: String)
    case emptyName(code: String, language: String)
    case fixedAmountNotPositive(code: String, Money)
    case invalidRange(code: String, minimum: Money, maximum: Money)

    public var description: String {
        switch self {
        case .invalidCode(let found): "expected a fee code of 1–20 characters A–Z, 0–9, - or _, found \(found)"
        case .emptyName(let code, let language): "fee \(code): expected a name in \(language), found an empty one"
        case .fixedAmountNotPositive(let code, let amount): "fee \(code): expected a positive fixed amount, found \(amount)"
        case .invalidRange(let code, let minimum, let maximum):
            "fee \(code): expected 0 < minimum ≤ maximum, found \(minimum)…\(maximum)"
        }
    }
}

/// An amount that a fee item does not accept.
public enum FeeAmountError: Error, Equatable, Sendable, CustomStringConvertible {
    case differsFromFixed(code: String, fixed: Money, entered: Money)
    case amountRequired(code: String, minimum: Money, maximum: Money)
    case outOfRange(code: String, minimum: Money, maximum: Money, entered: Money)

    public var description: String {
        switch self {
        case .differsFromFixed(let code, let fixed, let entered):
            "fee \(code) has a fixed amount: expected \(fixed), found \(entered)"
        case .amountRequired(let code, let minimum, let maximum):
            "fee \(code): expected an entered amount between \(minimum) and \(maximum), found none"
        case .outOfRange(let code, let minimum, let maximum, let entered):
            "fee \(code): expected an amount between \(minimum) and \(maximum), found \(entered)"
        }
    }
}
