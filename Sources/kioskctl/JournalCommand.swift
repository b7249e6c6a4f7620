import ArgumentParser
import Foundation
import Journal

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Verify, show and export the kiosk journal.",
        subcommands: [JournalVerifyCommand.self, JournalShowCommand.self, JournalExportCommand.self]
    )
}

/// Where the journal is and whose it is; shared by every journal subcommand.
struct JournalOptions: ParsableArguments {
    @Option(name: [.customLong("journal"), .customLong("db")],
            help: "The journal database, opened read-only ($KIOSKCTL_JOURNAL sets the default).")
    var db = ProcessInfo.processInfo.environment["KIOSKCTL_JOURNAL"] ?? "/var/lib/ironcashier/journal.sqlite"
    @Option(name: .long, help: "Kiosk code the journal belongs to, e.g. K01.") var kiosk = "K01"

    func validate() throws {
        guard Journal.isValidKioskID(kiosk) else {
            throw ValidationError("--kiosk \"\(kiosk)\" is not a kiosk code: expected 2–8 characters, an uppercase letter then uppercase letters or digits, e.g. K01")
        }
    }

    /// Opens read-only unless `writable`; a missing file is reported as such, not created.
    func open(writable: Bool = false) throws -> Journal {
        guard writable || FileManager.default.fileExists(atPath: db) else {
            printError("no journal at \(db)")
            throw ExitCodes.cannotOpen
        }
        do {
            return try Journal(path: db, kioskID: kiosk, mode: writable ? .readWrite : .readOnly)
        } catch {
            printError("\(error)")
            throw ExitCodes.cannotOpen
        }
    }
}

struct JournalVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Walk the hash chain and report the first defect.")
    @OptionGroup var options: JournalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let journal = try options.open()
        do {
            let summary = try journal.verify()
            if json {
                try printJSON(["ok": "true", "kiosk": summary.kioskID, "records": String(summary.recordCount),
                               "head_hash": summary.headHash.hexString, "pending_sync": String(summary.pendingOutbox)])
            } else {
                print("journal \(options.db): OK — \(summary.recordCount) records, chain intact, head \(summary.headHash.hexString.prefix(16))…, \(summary.pendingOutbox) not yet synced")
            }
        } catch let JournalError.defect(defect) {
            if json { try printJSON(["ok": "false", "defect": defect.description]) } else { print("journal \(options.db): BROKEN — \(defect)") }
            throw ExitCodes.journalBroken
        }
    }
}

struct JournalShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print journal records.")
    @OptionGroup var options: JournalOptions
    @Option(help: "Show only the last N records.") var last: Int?
    @Flag(help: "Print JSON lines.") var json = false

    func validate() throws {
        if let last, last <= 0 { throw ValidationError("--last must be a positive number of records, found \(last)") }
    }

    func run() throws {
        let journal = try options.open()
        let head = try journal.lastRecord()?.sequence ?? 0
        let from = last.map { max(1, head - Int64($0) + 1) } ?? 1
        try journal.forEachRecord(from: from) { record in
            let payload = String(decoding: record.payload, as: UTF8.self)
            if json {
                try printJSON(["seq": String(record.sequence), "at": timestamp(record.recordedAt), "type": record.type, "payload": payload])
            } else {
                print("\(record.sequence)\t\(timestamp(record.recordedAt))\t\(record.type)\t\(payload)")
            }
        }
    }
}

struct JournalExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the journal as CSV (RFC 4180, comma-separated, UTF-8), or JSON lines with --json.")
    @OptionGroup var options: JournalOptions
    @Flag(help: "Print one JSON object per record instead of CSV.") var json = false

    func run() throws {
        let journal = try options.open()
        if !json { print("seq,recorded_at,kiosk,type,payload,prev_hash,hash") }
        try journal.forEachRecord { record in
            let fields = [String(record.sequence), timestamp(record.recordedAt), record.kioskID, record.type,
                          String(decoding: record.payload, as: UTF8.self), record.previousHash.hexString, record.hash.hexString]
            if json {
                try printJSON(Dictionary(uniqueKeysWithValues: zip(["seq", "recorded_at", "kiosk", "type", "payload", "prev_hash", "hash"], fields)))
            } else {
                print(fields.map(csvField).joined(separator: ","))
            }
        }
    }
}

func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

func timestamp(_ milliseconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
}

func printJSON(_ object: [String: String]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(object), as: UTF8.self))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("kioskctl: " + message + "\n").utf8))
}
