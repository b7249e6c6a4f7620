/// Number of a kiosk cash document (pokladní doklad): `K01-2026-000123` = kiosk code, year, and a
/// 6-digit sequence that is gapless per kiosk and restarts every year (a new series each year).
public struct ReceiptNumber: Hashable, Sendable, CustomStringConvertible {
    public let kiosk: KioskCode
    public let year: Int
    /// 1–999 999 within the kiosk's year.
    public let sequence: Int

    public static let maximumSequence = 999_999
    /// Years a receipt may carry; anything else means a wrong clock, not an old document.
    public static let validYears = 2000...9999

    public init(kiosk: KioskCode, year: Int, sequence: Int) throws(ReceiptNumberError) {
        guard ReceiptNumber.validYears.contains(year) else { throw .yearOutOfRange(year) }
        guard (1...ReceiptNumber.maximumSequence).contains(sequence) else { throw .sequenceOutOfRange(sequence) }
        self.kiosk = kiosk
        self.year = year
        self.sequence = sequence
    }

    /// Parses exactly `<kiosk>-<yyyy>-<nnnnnn>`, e.g. `K01-2026-000123`.
    public init(parsing text: String) throws(ReceiptNumberError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed(found: ASCIIText.preview(text)) }
        let kiosk: KioskCode
        do throws(KioskCodeError) { kiosk = try KioskCode(String(parts[0])) } catch {
            throw .malformed(found: ASCIIText.preview(text))
        }
        guard parts[1].utf8.count == 4, let year = ASCIIText.digitValue(parts[1]),
              parts[2].utf8.count == 6, let sequence = ASCIIText.digitValue(parts[2])
        else { throw .malformed(found: ASCIIText.preview(text)) }
        try self.init(kiosk: kiosk, year: year, sequence: sequence)
    }

    /// `K01-2026-000123`.
    public var description: String {
        kiosk.value + "-" + String(year) + "-" + ASCIIText.zeroPadded(sequence, width: 6)
    }
}

/// Encoded as the printed string, e.g. `K01-2026-000123`.
extension ReceiptNumber: CanonicalTextCodable {
    public init(canonicalText: String) throws { try self.init(parsing: canonicalText) }
    public var canonicalText: String { description }
}

/// Why a receipt number could not be built or parsed.
public enum ReceiptNumberError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(found: String)
    case yearOutOfRange(Int)
    case sequenceOutOfRange(Int)

    public var description: String {
        switch self {
        case .malformed(let found):
            "expected a receipt number like K01-2026-000123 (kiosk code, 4-digit year, 6-digit sequence), found \(found)"
        case .yearOutOfRange(let year): "expected a receipt year 2000–9999, found \(year)"
        case .sequenceOutOfRange(let sequence):
            "expected a receipt sequence 1–\(ReceiptNumber.maximumSequence), found \(sequence)"
        }
    }
}
