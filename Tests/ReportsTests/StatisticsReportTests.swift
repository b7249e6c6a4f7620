import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Journal
import Testing
import TownCore
@testable import Reports

@Suite struct StatisticsReportTests {
    func report(from: String, to: String, records: [JournalRecord] = ReportScenario.records(),
                asOf: Int64 = JournalScript.at(12, 0, day: "2026-06-01")) throws -> StatisticsReport {
        let first = try DayDate(parsing: from), last = try DayDate(parsing: to)
        let facts = try ReportFacts.collect(records, window: try StatisticsReport.window(from: first, to: last))
        return try StatisticsReport(kiosk: "K01", from: first, to: last, facts: facts, asOf: asOf)
    }

    @Test func oneDayByMethodHourAndFeeType() throws {
        let stats = try report(from: "2026-03-31", to: "2026-03-31")
        #expect(stats.payments.count == 5 && stats.payments.amount == Money(halere: 191_420))
        #expect(stats.byMethod[.cash]?.count == 3 && stats.byMethod[.card]?.count == 1 && stats.byMethod[.mixed]?.count == 1)
        #expect(stats.byHour.count == 24)
        let busy = stats.byHour.filter { $0.totals.count > 0 }
        #expect(busy.map(\.hour) == [8, 9, 10, 14], "local Prague hours (CEST)")
        #expect(busy.map(\.totals.amount) == [Money(halere: 123_400), Money(halere: 3_000), Money(halere: 59_990), Money(halere: 5_030)])
        #expect(stats.byFeeType.map(\.totals.amount) == [Money(halere: 3_000), Money(halere: 14_990), Money(halere: 173_430)])
        #expect(stats.payouts == Tally(count: 1, amount: Money(halere: 153_540)))
        #expect(stats.refundsOwed == Tally(count: 1, amount: Money(halere: 2_000)))
        #expect(stats.faults == [FaultLine(device: "hopper 50 Kč", count: 2), FaultLine(device: "printer", count: 1)])
    }

    @Test func uptimeCountsOneOutOfServicePeriodOnce() throws {
        let stats = try report(from: "2026-03-31", to: "2026-03-31")
        #expect(stats.availability.observedMilliseconds == 24 * 3_600_000)
        #expect(stats.availability.outOfServiceMilliseconds == 3_600_000, "12:00–13:00; the second cause does not restart it")
        #expect(stats.availability.outOfServicePeriods == 1)
        #expect(stats.availability.uptimeBasisPoints == 9_583, "23 h of 24")
        #expect(stats.text().contains("Uptime:          95,83 % of 24 h 0 min observed"))
    }

    @Test func observationStopsAtAsOfAndAtTheFirstRecord() throws {
        // Asked at 13:00 on the day: 13 h observed, 1 h of it out of service.
        let untilOne = ReportScenario.records().filter { $0.recordedAt <= JournalScript.at(13, 0) }
        let stats = try report(from: "2026-03-31", to: "2026-03-31", records: untilOne, asOf: JournalScript.at(13, 0))
        #expect(stats.availability.observedMilliseconds == 13 * 3_600_000)
        #expect(stats.availability.uptimeBasisPoints == 9_230, "12 h of 13 in service")
        // Nothing journaled before the range: nothing observed, no percentage invented.
        let empty = try report(from: "2026-03-01", to: "2026-03-02")
        #expect(empty.availability.uptimeBasisPoints == nil)
        #expect(empty.text().contains("n/a"))
    }

    @Test func aStillOpenPeriodLastsToTheEnd() throws {
        var script = JournalScript()
        script.append(type: "kiosk.out_of_service", json: #"{"cause":"technician","reason":"refill","reference":null}"#,
                      at: JournalScript.at(0, 0))
        script.append(type: "kiosk.in_service", json: #"{"technician":"novak"}"#, at: JournalScript.at(6, 0))
        script.append(type: "kiosk.out_of_service", json: #"{"cause":"deviceFault","reason":"printer","reference":null}"#,
                      at: JournalScript.at(18, 0))
        let stats = try report(from: "2026-03-31", to: "2026-03-31", records: script.records)
        #expect(stats.availability.outOfServiceMilliseconds == 12 * 3_600_000)
        #expect(stats.availability.uptimeBasisPoints == 5_000)
    }

    @Test func rangeSpansDaysAndLocalMidnight() throws {
        let stats = try report(from: "2026-03-30", to: "2026-04-01")
        #expect(stats.payments.count == 7)
        #expect(stats.payments.amount == Money(halere: 197_420))
        #expect(stats.byDay.map(\.day.description) == ["2026-03-30", "2026-03-31", "2026-04-01"])
        #expect(stats.byHour[23].totals.count == 1 && stats.byHour[0].totals.count == 1)
        #expect(throws: ReportError.self) { try StatisticsReport.window(from: try DayDate(parsing: "2026-04-02"), to: try DayDate(parsing: "2026-04-01")) }
    }

    @Test func csvHasEveryHour() throws {
        let csv = try report(from: "2026-03-31", to: "2026-03-31").csv()
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.filter { $0.hasPrefix("hour,") }.count == 24)
        #expect(lines.contains("hour,10:00,,2,59990,599.90"))
        #expect(lines.contains("availability,uptime_percent,95.83,,,"))
        #expect(lines.contains("faults,hopper 50 Kč,,2,,"))
    }

    @Test func svgIsWellFormedWithBarsProportionalToAmounts() throws {
        let stats = try report(from: "2026-03-31", to: "2026-03-31")
        let svg = HourChartSVG.render(stats)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.root == "svg")
        // Four busy hours → four bars; the tallest (8:00, 1 234 Kč) fills the 300 px plot.
        let bars = collector.rects.filter { $0["fill"] == "#2b6cb0" }
        #expect(bars.count == 4)
        #expect(bars.compactMap { $0["height"].flatMap(Int.init) } == [300, 7, 145, 12])
    }

    @Test func scalingNeverOverflows() {
        #expect(HourChartSVG.scaled(.max, maximum: .max, to: 300) == 300)
        #expect(HourChartSVG.scaled(.max / 2, maximum: .max, to: 300) == 149)
        #expect(HourChartSVG.scaled(5, maximum: 0, to: 300) == 0)
        #expect(HourChartSVG.escape("<a & \"b\">") == "&lt;a &amp; &quot;b&quot;&gt;")
    }
}

final class SVGCollector: NSObject, XMLParserDelegate {
    var root: String?
    var rects: [[String: String]] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "rect" { rects.append(attributes) }
    }
}
