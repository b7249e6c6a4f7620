import ArgumentParser
import Foundation
import Journal
import Reports
import TownCore

/// How a report is printed.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, svg, json
}

/// The journal a report reads, checked before anything is summed: no report from a broken chain.
extension JournalOptions {
    func facts(window: Range<Int64>) throws -> ReportFacts {
        let journal = try open()
        do {
            _ = try journal.verify()
        } catch let JournalError.defect(defect) {
            printError("journal \(db) is BROKEN (\(defect)); no report from a broken journal")
            throw ExitCodes.journalBroken
        }
        var facts = ReportFacts(window: window)
        do {
            try journal.forEachRecord { try facts.add($0) }
        } catch let error as ReportError {
            printError("cannot build the report: \(error)")
            throw ExitCode.failure
        }
        facts.finish()
        return facts
    }
}

/// `--output PATH` or standard output.
func emit(_ text: String, to path: String?) throws {
    guard let path else { return print(text, terminator: "") }
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
        printError("cannot write \(path): \(error.localizedDescription)")
        throw ExitCode.failure
    }
}

func reportJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

func parseDay(_ text: String, option: String) throws -> DayDate {
    do { return try DayDate(parsing: text) } catch { throw ValidationError("\(option): \(error)") }
}

func today() -> DayDate {
    PragueTime.local(Int64(Date().timeIntervalSince1970 * 1_000)).day
}

struct CloseDayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-day",
        abstract: "The daily closing: totals by method and fee type, receipt range, payouts, refunds, rounding, cash movement.",
        discussion: "The day is a local day in Europe/Prague. Reads the journal read-only; kioskd may keep running.")

    @OptionGroup var journal: JournalOptions
    @Option(help: "The day to close, yyyy-mm-dd (default today in Europe/Prague).") var day: String?
    @Option(help: "table, csv or json.") var format: ReportFormat = .table
    @Flag(help: "Print JSON (same as --format json).") var json = false
    @Option(help: "Write the report to this file instead of standard output.") var output: String?

    func validate() throws {
        if let day { _ = try parseDay(day, option: "--day") }
        guard format != .svg else { throw ValidationError("--format: expected table, csv or json for close-day, found svg") }
    }

    func run() throws {
        let closing = try day.map { try parseDay($0, option: "--day") } ?? today()
        let window = PragueTime.startOfDay(closing)..<PragueTime.startOfDay(PragueTime.nextDay(closing))
        let facts = try journal.facts(window: window)
        let report: CloseDayReport
        do { report = try CloseDayReport(kiosk: journal.kiosk, day: closing, facts: facts) } catch {
            printError("cannot build the closing: \(error)")
            throw ExitCode.failure
        }
        switch json ? .json : format {
        case .table, .svg: try emit(report.text(), to: output)
        case .csv: try emit(report.csv(), to: output)
        case .json: try emit(try reportJSON(report), to: output)
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Statistics for the economics department: by method, hour of day, fee type; payouts; faults; uptime.",
        discussion: """
            Days are local days in Europe/Prague, both ends included. --format svg draws the amount paid per hour \
            of day as a standalone SVG bar chart. Uptime counts only out-of-service periods the journal records.
            """)

    @OptionGroup var journal: JournalOptions
    @Option(help: "First day, yyyy-mm-dd (default today).") var from: String?
    @Option(help: "Last day, yyyy-mm-dd, included (default --from).") var to: String?
    @Option(help: "table, csv, svg or json.") var format: ReportFormat = .table
    @Flag(help: "Print JSON (same as --format json).") var json = false
    @Option(help: "Write the report to this file instead of standard output.") var output: String?

    func range() throws -> (DayDate, DayDate) {
        let first = try from.map { try parseDay($0, option: "--from") } ?? today()
        let last = try to.map { try parseDay($0, option: "--to") } ?? first
        guard first <= last else { throw ValidationError("expected --from on or before --to, found \(first) after \(last)") }
        return (first, last)
    }

    func validate() throws { _ = try range() }

    func run() throws {
        let (first, last) = try range()
        let window = PragueTime.startOfDay(first)..<PragueTime.startOfDay(PragueTime.nextDay(last))
        let facts = try journal.facts(window: window)
        let report: StatisticsReport
        do {
            report = try StatisticsReport(kiosk: journal.kiosk, from: first, to: last, facts: facts,
                                          asOf: Int64(Date().timeIntervalSince1970 * 1_000))
        } catch {
            printError("cannot build the report: \(error)")
            throw ExitCode.failure
        }
        switch json ? .json : format {
        case .table: try emit(report.text(), to: output)
        case .csv: try emit(report.csv(), to: output)
        case .svg: try emit(HourChartSVG.render(report), to: output)
        case .json: try emit(try reportJSON(report), to: output)
        }
    }
}
