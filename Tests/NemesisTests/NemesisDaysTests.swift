import Foundation
import NemesisHarness
import Testing

/// The days-offline scenario moves kioskd's clock forward, except where that would cross New Year in Prague
/// (receipt numbering refuses a year earlier than the last receipt's once the clock is back).
@Test func theOfflineDaysNeverCrossNewYear() throws {
    func noon(_ year: Int, _ month: Int, _ day: Int) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Europe/Prague"))
        return try #require(calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)))
    }
    #expect(NemesisScenario.dayDirection(now: try noon(2026, 11, 27)) == 1)
    #expect(NemesisScenario.dayDirection(now: try noon(2027, 1, 1)) == 1)
    #expect(NemesisScenario.dayDirection(now: try noon(2026, 12, 26)) == 1)
    #expect(NemesisScenario.dayDirection(now: try noon(2026, 12, 27)) == -1)
    #expect(NemesisScenario.dayDirection(now: try noon(2026, 12, 31)) == -1)
}
