import TownCore

/// Local civil time in Europe/Prague (CET, UTC+1; CEST, UTC+2 from the last Sunday of March 01:00 UTC to the
/// last Sunday of October 01:00 UTC — the EU rule Czechia follows since 1996). Computed here rather than
/// read from tzdata so reports are pure and give the same day boundaries on every machine.
public enum PragueTime {
    /// The local day and hour (0–23) of an instant in milliseconds since the Unix epoch.
    public static func local(_ unixMilliseconds: Int64) -> (day: DayDate, hour: Int) {
        let seconds = floorDiv(unixMilliseconds, 1_000)
        let local = seconds + offsetSeconds(atUTC: seconds)
        let days = floorDiv(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        // civil() stays inside DayDate's range for any Int64 milliseconds we can see in a journal; fall back
        // to the epoch day rather than trap on an absurd timestamp.
        let date = (try? DayDate(year: year, month: month, day: day)) ?? epochDay
        return (date, Int(secondOfDay / 3_600))
    }

    /// The instant (ms since the epoch) local midnight of `day` begins.
    public static func startOfDay(_ day: DayDate) -> Int64 {
        let localMidnight = daysFromCivil(year: day.year, month: day.month, day: day.day) * 86_400
        // Midnight is never inside a transition (they happen at 02:00/03:00 local), so the offset an hour
        // either side is the same; one correction step suffices.
        let guess = localMidnight - 3_600
        return (localMidnight - offsetSeconds(atUTC: guess)) * 1_000
    }

    /// The day after `day`.
    public static func nextDay(_ day: DayDate) -> DayDate {
        let (year, month, date) = civil(fromDays: daysFromCivil(year: day.year, month: day.month, day: day.day) + 1)
        return (try? DayDate(year: year, month: month, day: date)) ?? day
    }

    /// UTC offset in seconds at a UTC instant: 7 200 in summer time, 3 600 otherwise.
    static func offsetSeconds(atUTC seconds: Int64) -> Int64 {
        let (year, _, _) = civil(fromDays: floorDiv(seconds, 86_400))
        let summerStart = lastSunday(year: year, month: 3) * 86_400 + 3_600
        let summerEnd = lastSunday(year: year, month: 10) * 86_400 + 3_600
        return (summerStart..<summerEnd).contains(seconds) ? 7_200 : 3_600
    }

    /// Days since 1970-01-01 of the last Sunday of `month`.
    static func lastSunday(year: Int, month: Int) -> Int64 {
        let last = daysFromCivil(year: year, month: month, day: DayDate.daysInMonth(year: year, month: month))
        // 1970-01-01 was a Thursday: weekday 0 = Sunday is (days + 4) mod 7.
        let weekday = floorMod(last + 4, 7)
        return last - weekday
    }

    private static let epochDay = try! DayDate(year: 1970, month: 1, day: 1)

    /// Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil`.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        // Clamp to ±3 million years so the arithmetic below cannot overflow on a corrupt timestamp.
        let z = min(max(days, -1_000_000_000), 1_000_000_000) + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}
