/// A Czech domestic account number `prefix-number/bank`, e.g. `19-2000145399/0800`
/// (vyhláška ČNB 169/2011 Sb.): a prefix of up to 6 digits (0 when absent), a base number of 2–10
/// digits, a 4-digit bank code, each of prefix and base number passing the weighted mod-11 check.
public struct CzechBankAccount: Hashable, Sendable, CustomStringConvertible {
    /// Předčíslí; 0 when the account has none.
    public let prefix: Int
    public let number: Int
    /// Kód banky, always 4 digits (`0800`).
    public let bankCode: String

    /// Weights for the base number zero-padded to 10 digits, from the left (ČNB annex).
    static let numberWeights = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1]
    /// Weights for the prefix zero-padded to 6 digits, from the left.
    static let prefixWeights = [10, 5, 8, 4, 2, 1]

    public init(prefix: Int = 0, number: Int, bankCode: String) throws(BankAccountError) {
        guard (0...999_999).contains(prefix) else { throw .prefixOutOfRange(prefix) }
        guard (10...9_999_999_999).contains(number) else { throw .numberOutOfRange(number) }
        guard bankCode.utf8.count == 4, ASCIIText.isDigits(bankCode) else {
            throw .bankCodeMalformed(found: ASCIIText.preview(bankCode))
        }
        guard CzechBankAccount.passesCheck(prefix, weights: CzechBankAccount.prefixWeights) else {
            throw .prefixChecksum(prefix)
        }
        guard CzechBankAccount.passesCheck(number, weights: CzechBankAccount.numberWeights) else {
            throw .numberChecksum(number)
        }
        self.prefix = prefix
        self.number = number
        self.bankCode = bankCode
    }

    /// Parses `[prefix-]number/bank`, e.g. `19-2000145399/0800` or `1265098001/5500`; surrounding spaces
    /// are ignored, leading zeros in prefix and number are accepted.
    public init(parsing text: String) throws(BankAccountError) {
        let trimmed = text.trimmingASCIIWhitespace()
        let halves = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw .malformed(found: ASCIIText.preview(text)) }
        let accountParts = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard accountParts.count <= 2, let numberText = accountParts.last else {
            throw .malformed(found: ASCIIText.preview(text))
        }
        var prefix = 0
        if accountParts.count == 2 {
            guard accountParts[0].utf8.count <= 6, let value = ASCIIText.digitValue(accountParts[0]) else {
                throw .malformed(found: ASCIIText.preview(text))
            }
            prefix = value
        }
        guard numberText.utf8.count <= 10, let number = ASCIIText.digitValue(numberText) else {
            throw .malformed(found: ASCIIText.preview(text))
        }
        try self.init(prefix: prefix, number: number, bankCode: String(halves[1]))
    }

    /// Σ(digit × weight) mod 11 == 0 over the value zero-padded to the weights' length.
    static func passesCheck(_ value: Int, weights: [Int]) -> Bool {
        var remaining = value
        var sum = 0
        for weight in weights.reversed() {
            sum += (remaining % 10) * weight
            remaining /= 10
        }
        return remaining == 0 && sum % 11 == 0
    }

    /// `19-2000145399/0800`, or `1265098001/5500` without a prefix.
    public var description: String {
        (prefix == 0 ? "" : String(prefix) + "-") + String(number) + "/" + bankCode
    }

    /// The 20-digit BBAN the Czech IBAN carries: bank code, prefix (6) and number (10), zero-padded.
    public var bban: String {
        bankCode + ASCIIText.zeroPadded(prefix, width: 6) + ASCIIText.zeroPadded(number, width: 10)
    }
}

extension CzechBankAccount: Codable {
    /// Encoded as the domestic string form; decoding validates it.
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why text or parts are not a valid Czech account number.
public enum BankAccountError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(found: String)
    case prefixOutOfRange(Int)
    case numberOutOfRange(Int)
    case bankCodeMalformed(found: String)
    case prefixChecksum(Int)
    case numberChecksum(Int)

    public var description: String {
        switch self {
        case .malformed(let found):
            "expected an account number as [prefix-]number/bank, e.g. 19-2000145399/0800, found \(found)"
        case .prefixOutOfRange(let prefix): "expected an account prefix of at most 6 digits, found \(prefix)"
        case .numberOutOfRange(let number): "expected an account number of 2–10 digits, found \(number)"
        case .bankCodeMalformed(let found): "expected a 4-digit bank code, found \(found)"
        case .prefixChecksum(let prefix): "account prefix \(prefix) fails the mod-11 check (weights 10,5,8,4,2,1)"
        case .numberChecksum(let number): "account number \(number) fails the mod-11 check (weights 6,3,7,9,10,5,8,4,2,1)"
        }
    }
}
