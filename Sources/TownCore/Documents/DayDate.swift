/// A calendar day without time of day or time zone, written `2026-03-31`: due dates and voucher expiry.
///
/// Domain rules take "today" as a parameter instead of reading a clock, so they stay pure and testable;
/// deciding which day it is (in Europe/Prague) is the caller's job.
public struct DayDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws(DayDateError) {
        guard (1...9999).contains(year) else { throw .yearOutOfRange(year) }
        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        let length = DayDate.daysInMonth(year: year, month: month)
        guard (1...length).contains(day) else {
            throw .dayOutOfRange(day: day, month: month, year: year, daysInMonth: length)
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `yyyy-mm-dd` (ISO 8601 calendar date, zero-padded); nothing else is guessed.
    public init(parsing text: String) throws(DayDateError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCIIText.digitValue(bytes: bytes[0..<4]),
              let month = ASCIIText.digitValue(bytes: bytes[5..<7]),
              let day = ASCIIText.digitValue(bytes: bytes[8..<10])
        else { throw .malformed(found: ASCIIText.preview(text)) }
        try self.init(year: year, month: month, day: day)
    }

    /// Gregorian leap-year rule.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// `2026-03-31`.
    public var description: String {
        ASCIIText.zeroPadded(year, width: 4) + "-" + ASCIIText.zeroPadded(month, width: 2) + "-"
            + ASCIIText.zeroPadded(day, width: 2)
    }

    /// `20260331`, the form SPAYD's `DT` field uses.
    public var compactString: String {
        ASCIIText.zeroPadded(year, width: 4) + ASCIIText.zeroPadded(month, width: 2) + ASCIIText.zeroPadded(day, width: 2)
    }

    public static func < (a: DayDate, b: DayDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Encoded as `yyyy-mm-dd`.
extension DayDate: CanonicalTextCodable {
    public init(canonicalText: String) throws { try self.init(parsing: canonicalText) }
    public var canonicalText: String { description }
}

/// Why a day could not be built or parsed.
public enum DayDateError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(found: String)
    case yearOutOfRange(Int)
    case monthOutOfRange(Int)
    case dayOutOfRange(day: Int, month: Int, year: Int, daysInMonth: Int)

    public var description: String {
        switch self {
        case .malformed(let found): "expected a date as yyyy-mm-dd, found \(found)"
        case .yearOutOfRange(let year): "expected a year 1–9999, found \(year)"
        case .monthOutOfRange(let month): "expected a month 1–12, found \(month)"
        case .dayOutOfRange(let day, let month, let year, let length):
            "expected a day 1–\(length) for \(year)-\(ASCIIText.zeroPadded(month, width: 2)), found \(day)"
        }
    }
}
