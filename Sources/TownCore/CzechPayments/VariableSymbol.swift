/// Variabilní symbol (VS): the 1–10 digit number that identifies a payment, usually the assessment or
/// invoice number.
///
/// The digits are kept exactly as given, leading zeros included (`0987654321` stays so), because that is
/// what the payer sees on the slip. Banks treat a VS as a number, so use `withoutLeadingZeros` when
/// matching against a system that may have dropped them.
public struct VariableSymbol: Hashable, Sendable, CustomStringConvertible {
    /// The symbol's digits as given.
    public let digits: String

    public static let maximumLength = 10

    public init(_ text: String) throws(VariableSymbolError) {
        guard !text.isEmpty else { throw .empty }
        var position = 0
        for character in text {
            position += 1
            guard character.utf8.count == 1, let byte = character.utf8.first, ASCIIText.isDigit(byte) else {
                throw .notADigit(found: String(character), position: position)
            }
        }
        guard position <= VariableSymbol.maximumLength else { throw .tooLong(length: position) }
        digits = text
    }

    /// The numeric form a bank uses: leading zeros removed, `0` for a symbol of only zeros.
    public var withoutLeadingZeros: String {
        let trimmed = digits.drop(while: { $0 == "0" })
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    public var description: String { digits }
}

/// Encoded as a string (never a number) so leading zeros survive.
extension VariableSymbol: CanonicalTextCodable {
    public init(canonicalText: String) throws { try self.init(canonicalText) }
    public var canonicalText: String { digits }
}

/// Why text is not a variabilní symbol.
public enum VariableSymbolError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notADigit(found: String, position: Int)
    case tooLong(length: Int)

    public var description: String {
        switch self {
        case .empty:
            "expected a variabilní symbol of 1–10 digits, found nothing"
        case .notADigit(let found, let position):
            "expected a variabilní symbol of digits 0–9 only, found \(ASCIIText.preview(found)) at position \(position)"
        case .tooLong(let length):
            "expected a variabilní symbol of at most 10 digits, found \(length) digits"
        }
    }
}
