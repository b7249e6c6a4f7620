import Testing
import TownCore
@testable import Reports

@Suite struct PragueTimeTests {
    @Test func winterIsUTCPlusOne() throws {
        // 2026-01-15 23:30 UTC is 00:30 on the 16th in Prague.
        let instant: Int64 = 1_768_519_800_000
        let local = PragueTime.local(instant)
        #expect(local.day == (try DayDate(parsing: "2026-01-16")))
        #expect(local.hour == 0)
    }

    @Test func summerIsUTCPlusTwo() throws {
        // 2026-07-01 22:15 UTC is 00:15 on 2 July in Prague.
        let local = PragueTime.local(1_782_944_100_000)
        #expect(local.day == (try DayDate(parsing: "2026-07-02")))
        #expect(local.hour == 0)
    }

    @Test func transitionsFollowTheEURule() throws {
        // 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
        #expect(PragueTime.lastSunday(year: 2026, month: 3) == PragueTime.daysFromCivil(year: 2026, month: 3, day: 29))
        #expect(PragueTime.lastSunday(year: 2026, month: 10) == PragueTime.daysFromCivil(year: 2026, month: 10, day: 25))
        let springUTC: Int64 = PragueTime.daysFromCivil(year: 2026, month: 3, day: 29) * 86_400 + 3_600
        #expect(PragueTime.local((springUTC - 1) * 1_000).hour == 1, "01:59:59 CET")
        #expect(PragueTime.local(springUTC * 1_000).hour == 3, "03:00 CEST")
    }

    @Test func dayStartRoundTrips() throws {
        for text in ["2026-01-01", "2026-03-29", "2026-03-30", "2026-10-25", "2026-10-26", "2024-02-29"] {
            let day = try DayDate(parsing: text)
            let start = PragueTime.startOfDay(day)
            #expect(PragueTime.local(start) == (day, 0))
            #expect(PragueTime.local(start - 1).day != day)
        }
        // 29 March 2026 has only 23 hours; 25 October 25.
        let march = try DayDate(parsing: "2026-03-29")
        #expect(PragueTime.startOfDay(PragueTime.nextDay(march)) - PragueTime.startOfDay(march) == 23 * 3_600_000)
        let october = try DayDate(parsing: "2026-10-25")
        #expect(PragueTime.startOfDay(PragueTime.nextDay(october)) - PragueTime.startOfDay(october) == 25 * 3_600_000)
    }

    @Test func absurdTimestampsDoNotTrap() {
        _ = PragueTime.local(.max)
        _ = PragueTime.local(.min)
    }
}
