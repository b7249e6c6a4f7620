/// Short code of one kiosk (`K01`), used in receipt numbers and to bind a payout voucher to a kiosk.
///
/// Format: an uppercase letter followed by 1–7 uppercase letters or digits. No hyphen, because the
/// receipt number `K01-2026-000123` uses hyphens as separators.
public struct KioskCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(KioskCodeError) {
        let bytes = Array(text.utf8)
        guard (2...8).contains(bytes.count), let first = bytes.first, ASCIIText.isUppercaseLetter(first),
              bytes.allSatisfy({ ASCIIText.isUppercaseLetter($0) || ASCIIText.isDigit($0) })
        else { throw KioskCodeError(found: ASCIIText.preview(text)) }
        value = text
    }

    public var description: String { value }
    public static func < (a: KioskCode, b: KioskCode) -> Bool { a.value < b.value }
}

extension KioskCode: CanonicalTextCodable {
    public init(canonicalText: String) throws { try self.init(canonicalText) }
    public var canonicalText: String { value }
}

/// A kiosk code that does not have the required shape.
public struct KioskCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public let found: String
    public var description: String {
        "expected a kiosk code of 2–8 characters: an uppercase letter, then uppercase letters or digits (e.g. K01); found \(found)"
    }
}
