import ArgumentParser
import Foundation
import Reports
import TownCore

struct SuspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspect",
        abstract: "In-doubt transactions: list them, resolve one with a reason (journaled).",
        subcommands: [SuspectListCommand.self, SuspectResolveCommand.self]
    )
}

struct SuspectListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Transactions a technician must reconcile.")
    @OptionGroup var control: ControlOptions

    func run() throws {
        let response = try control.send("GET", "/suspects")
        let answer = try ControlOptions.object(response, from: "/suspects")
        if control.json { return try printJSONValue(answer) }
        let suspects = answer["suspects"] as? [[String: Any]] ?? []
        guard !suspects.isEmpty else { return print("No suspect transactions.") }
        var table = TextTable(["Transaction", "reference", "since", "reason"], alignments: [.left, .left, .left, .left])
        for suspect in suspects {
            table.append([suspect["transaction"] as? String ?? "?", suspect["reference"] as? String ?? "",
                          integer(suspect["since"]).map(localTime) ?? "", suspect["reason"] as? String ?? ""])
        }
        print(table.render(), terminator: "")
    }
}

struct SuspectResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve an in-doubt transaction with the reason you established (journaled as suspect.resolved).",
        discussion: "kioskctl suspect resolve T000012 --reason \"counted the tray\" --paid 150000 (haléře handed out or taken in, when known).")

    @OptionGroup var control: ControlOptions
    @OptionGroup var who: TechnicianOption
    @Argument(help: "The transaction, T000012 (or its reference K01-T000012).") var transaction: String
    @Option(help: "What you established, for the journal.") var reason: String
    @Option(help: "Haléře you established were handed out or taken in.") var paid: Int64?

    /// `T000012` from `T000012` or `K01-T000012`.
    var transactionID: String {
        let last = transaction.split(separator: "-").last.map(String.init) ?? transaction
        return last.uppercased()
    }

    func validate() throws {
        let id = transactionID
        guard id.count == 7, id.first == "T", id.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("expected a transaction like T000012 or K01-T000012, found \"\(transaction)\"")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason: expected what you established, found an empty reason")
        }
        if let paid, paid < 0 { throw ValidationError("--paid: expected haléře of 0 or more, found \(paid)") }
    }

    func run() throws {
        var body: [String: Any] = ["transaction": transactionID, "technician": who.technician, "reason": reason]
        if let paid { body["paid"] = Int(paid) }
        let response = try control.post("/suspects/resolve", body)
        let answer = try ControlOptions.object(response, from: "/suspects/resolve")
        if control.json { return try printJSONValue(answer) }
        var line = "Resolved \(transactionID) (\(reason))"
        if let paid { line += ", \(ReportMoney.text(Money(halere: paid))) established" }
        print(line + "; journaled as suspect.resolved.")
    }
}

/// `2026-03-31 14:05` in Europe/Prague.
func localTime(_ unixMilliseconds: Int64) -> String {
    let local = PragueTime.local(unixMilliseconds)
    let minute = Int((unixMilliseconds / 60_000) % 60)
    return "\(local.day) \(local.hour < 10 ? "0" : "")\(local.hour):\(minute < 10 ? "0" : "")\(minute)"
}
