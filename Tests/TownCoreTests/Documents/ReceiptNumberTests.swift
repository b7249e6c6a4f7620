import Foundation
import Testing
@testable import TownCore

@Suite struct ReceiptNumberTests {
    let k01: KioskCode

    init() throws { k01 = try KioskCode("K01") }

    @Test func parsesAndFormats() throws {
        let number = try ReceiptNumber(parsing: "K01-2026-000123")
        #expect(number.kiosk == k01 && number.year == 2026 && number.sequence == 123)
        #expect(number.description == "K01-2026-000123")
        #expect(try ReceiptNumber(kiosk: k01, year: 2026, sequence: 999_999).description == "K01-2026-999999")
    }

    @Test(arguments: ["K01-2026-123", "K01-26-000123", "k01-2026-000123", "K01-2026-0001234", "K01-2026-000000",
                      "K01/2026/000123", "K-01-2026-000123", "K01-2026-00012a", "", "K01-1999-000001"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: ReceiptNumberError.self) { try ReceiptNumber(parsing: text) }
    }

    @Test func malformedMessageShowsExpectedShape() {
        #expect(throws: ReceiptNumberError.malformed(found: "\"K01-2026-12\"")) { try ReceiptNumber(parsing: "K01-2026-12") }
        let text = ReceiptNumberError.malformed(found: "\"x\"").description
        #expect(text.contains("K01-2026-000123") && text.contains("found \"x\""))
    }

    @Test func firstNumberOfAKioskIsOne() throws {
        #expect(try ReceiptSeries(kiosk: k01).next(after: nil, year: 2026).description == "K01-2026-000001")
    }

    @Test func nextIsGaplessWithinAYear() throws {
        let series = ReceiptSeries(kiosk: k01)
        let next = try series.next(after: ReceiptNumber(parsing: "K01-2026-000123"), year: 2026)
        #expect(next.description == "K01-2026-000124")
    }

    @Test func newYearRestartsAtOne() throws {
        let series = ReceiptSeries(kiosk: k01)
        let last2025 = try ReceiptNumber(parsing: "K01-2025-004711")
        #expect(try series.next(after: last2025, year: 2026).description == "K01-2026-000001")
        #expect(try series.next(after: last2025, year: 2028).description == "K01-2028-000001")
    }

    @Test func refusesClockGoingBackForeignKioskAndExhaustion() throws {
        let series = ReceiptSeries(kiosk: k01)
        let last = try ReceiptNumber(parsing: "K01-2026-000010")
        #expect(throws: ReceiptSeriesError.yearWentBack(previous: last, year: 2025)) { try series.next(after: last, year: 2025) }
        let other = try ReceiptNumber(parsing: "K02-2026-000010")
        #expect(throws: ReceiptSeriesError.foreignKiosk(expected: k01, found: other.kiosk)) { try series.next(after: other, year: 2026) }
        let full = try ReceiptNumber(parsing: "K01-2026-999999")
        #expect(throws: ReceiptSeriesError.exhausted(full)) { try series.next(after: full, year: 2026) }
        #expect(try series.next(after: full, year: 2027).sequence == 1)
        #expect(throws: ReceiptSeriesError.invalidNumber(.yearOutOfRange(1999))) { try series.next(after: nil, year: 1999) }
    }

    @Test func verifiesGaplessSequencesAcrossYears() throws {
        let series = ReceiptSeries(kiosk: k01)
        let good = try ["K01-2025-000998", "K01-2025-000999", "K01-2026-000001", "K01-2026-000002"].map { try ReceiptNumber(parsing: $0) }
        try series.verifyGapless(good)
        let gap = try ["K01-2026-000001", "K01-2026-000003"].map { try ReceiptNumber(parsing: $0) }
        #expect(throws: ReceiptSeriesError.gap(after: gap[0], found: gap[1])) { try series.verifyGapless(gap) }
        let badRestart = try ["K01-2025-000010", "K01-2026-000002"].map { try ReceiptNumber(parsing: $0) }
        #expect(throws: ReceiptSeriesError.gap(after: badRestart[0], found: badRestart[1])) { try series.verifyGapless(badRestart) }
        let repeated = try ["K01-2026-000005", "K01-2026-000005"].map { try ReceiptNumber(parsing: $0) }
        #expect(throws: ReceiptSeriesError.self) { try series.verifyGapless(repeated) }
    }

    @Test func kioskCodeShape() {
        #expect((try? KioskCode("K01")) != nil)
        #expect((try? KioskCode("HOLESOV1")) != nil)
        for bad in ["K", "01K", "K-1", "k01", "KIOSK0001", "K0 1", "Ká1"] {
            #expect(throws: KioskCodeError.self) { try KioskCode(bad) }
        }
    }

    @Test func codableAsPrintedString() throws {
        let number = try ReceiptNumber(parsing: "K01-2026-000123")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == "[\"K01-2026-000123\"]")
        #expect(try JSONDecoder().decode([ReceiptNumber].self, from: data) == [number])
    }
}
