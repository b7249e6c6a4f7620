/// Identifier of a payout voucher (platební poukaz) as printed for the citizen and typed or scanned at
/// the kiosk: 6–20 characters `A–Z` / `0–9`.
///
/// Uppercase alphanumerics keep it readable, QR-alphanumeric friendly and unambiguous to compare.
public struct VoucherID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(VoucherIDError) {
        let bytes = Array(text.utf8)
        guard (6...20).contains(bytes.count),
              bytes.allSatisfy({ ASCIIText.isUppercaseLetter($0) || ASCIIText.isDigit($0) })
        else { throw VoucherIDError(found: ASCIIText.preview(text)) }
        value = text
    }

    public var description: String { value }
    public static func < (a: VoucherID, b: VoucherID) -> Bool { a.value < b.value }
}

extension VoucherID: CanonicalTextCodable {
    public init(canonicalText: String) throws { try self.init(canonicalText) }
    public var canonicalText: String { value }
}

/// A voucher id that does not have the required shape.
public struct VoucherIDError: Error, Equatable, Sendable, CustomStringConvertible {
    public let found: String
    public var description: String {
        "expected a voucher id of 6–20 characters A–Z or 0–9, found \(found)"
    }
}
