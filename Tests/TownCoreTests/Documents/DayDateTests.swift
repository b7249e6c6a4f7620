import Foundation
import Testing
@testable import TownCore

@Suite struct DayDateTests {
    @Test func parsesAndFormatsISODate() throws {
        let date = try DayDate(parsing: "2026-03-31")
        #expect(date.year == 2026 && date.month == 3 && date.day == 31)
        #expect(date.description == "2026-03-31")
        #expect(date.compactString == "20260331")
    }

    @Test func padsSmallYearsAndMonths() throws {
        #expect(try DayDate(year: 987, month: 1, day: 5).description == "0987-01-05")
    }

    @Test func knowsLeapYears() throws {
        #expect(try DayDate(parsing: "2024-02-29").day == 29)
        #expect(try DayDate(parsing: "2000-02-29").day == 29)
        #expect(throws: DayDateError.dayOutOfRange(day: 29, month: 2, year: 2026, daysInMonth: 28)) {
            try DayDate(parsing: "2026-02-29")
        }
        #expect(throws: DayDateError.dayOutOfRange(day: 29, month: 2, year: 1900, daysInMonth: 28)) {
            try DayDate(year: 1900, month: 2, day: 29)
        }
    }

    @Test(arguments: ["2026-3-31", "2026/03/31", "20260331", "2026-03-31 ", "", "２０２６-03-31", "2026-0３-31", "abcd-ef-gh"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: DayDateError.self) { try DayDate(parsing: text) }
    }

    @Test func rejectsOutOfRangeParts() {
        #expect(throws: DayDateError.monthOutOfRange(13)) { try DayDate(parsing: "2026-13-01") }
        #expect(throws: DayDateError.dayOutOfRange(day: 31, month: 4, year: 2026, daysInMonth: 30)) {
            try DayDate(parsing: "2026-04-31")
        }
        #expect(throws: DayDateError.yearOutOfRange(0)) { try DayDate(parsing: "0000-01-01") }
    }

    @Test func errorSaysWhatWasExpected() {
        let error = DayDateError.malformed(found: "\"31.3.2026\"")
        #expect(error.description == "expected a date as yyyy-mm-dd, found \"31.3.2026\"")
    }

    @Test func ordersChronologically() throws {
        let dates = try ["2026-01-02", "2025-12-31", "2026-01-01"].map { try DayDate(parsing: $0) }
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-01-01", "2026-01-02"])
    }

    @Test func codableAsStringAndValidatedOnDecode() throws {
        let data = try JSONEncoder().encode([try DayDate(parsing: "2026-03-31")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-31\"]")
        #expect(try JSONDecoder().decode([DayDate].self, from: data) == [try DayDate(parsing: "2026-03-31")])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([DayDate].self, from: Data("[\"2026-02-30\"]".utf8)) }
    }
}
