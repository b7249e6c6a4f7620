/// One kiosk's numbering rule for cash documents: gapless within a year, restarting at 1 in a new year.
///
/// The series holds no counter itself; the journal stores the last number issued and asks for the next
/// one, so the number and the document commit together.
public struct ReceiptSeries: Hashable, Sendable {
    public let kiosk: KioskCode

    public init(kiosk: KioskCode) { self.kiosk = kiosk }

    /// The number to issue in `year` after `previous` (nil when this kiosk never issued one).
    /// A later year restarts at 1; an earlier year than `previous` is refused, since it means the clock
    /// went back and numbering must never reuse or reorder a series.
    public func next(after previous: ReceiptNumber?, year: Int) throws(ReceiptSeriesError) -> ReceiptNumber {
        var sequence = 1
        if let previous {
            guard previous.kiosk == kiosk else { throw .foreignKiosk(expected: kiosk, found: previous.kiosk) }
            guard year >= previous.year else { throw .yearWentBack(previous: previous, year: year) }
            if year == previous.year {
                guard previous.sequence < ReceiptNumber.maximumSequence else { throw .exhausted(previous) }
                sequence = previous.sequence + 1
            }
        }
        do throws(ReceiptNumberError) {
            return try ReceiptNumber(kiosk: kiosk, year: year, sequence: sequence)
        } catch {
            throw .invalidNumber(error)
        }
    }

    /// Checks that `numbers`, in issue order, belong to this kiosk and follow each other without a gap:
    /// each is `next(after:)` its predecessor (the same year +1, or 1 in a later year).
    public func verifyGapless(_ numbers: [ReceiptNumber]) throws(ReceiptSeriesError) {
        var previous: ReceiptNumber?
        for number in numbers {
            guard number.kiosk == kiosk else { throw .foreignKiosk(expected: kiosk, found: number.kiosk) }
            if let previous {
                let continuesYear = number.year == previous.year && number.sequence == previous.sequence + 1
                let startsLaterYear = number.year > previous.year && number.sequence == 1
                guard continuesYear || startsLaterYear else { throw .gap(after: previous, found: number) }
            }
            previous = number
        }
    }
}

/// Why the series cannot give or accept a number.
public enum ReceiptSeriesError: Error, Equatable, Sendable, CustomStringConvertible {
    case foreignKiosk(expected: KioskCode, found: KioskCode)
    case yearWentBack(previous: ReceiptNumber, year: Int)
    case exhausted(ReceiptNumber)
    case invalidNumber(ReceiptNumberError)
    case gap(after: ReceiptNumber, found: ReceiptNumber)

    public var description: String {
        switch self {
        case .foreignKiosk(let expected, let found): "expected a receipt of kiosk \(expected), found one of \(found)"
        case .yearWentBack(let previous, let year):
            "expected year \(previous.year) or later after \(previous), found \(year)"
        case .exhausted(let last): "receipt series of \(last.kiosk) for \(last.year) is used up at \(last)"
        case .invalidNumber(let error): error.description
        case .gap(let previous, let found): "expected the receipt after \(previous) to follow without a gap, found \(found)"
        }
    }
}
