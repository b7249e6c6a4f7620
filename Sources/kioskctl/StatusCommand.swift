import ArgumentParser
import Foundation
import Reports
import TownCore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Devices, cash unit levels, out-of-service reasons, suspect transactions and sync lag.")

    @OptionGroup var control: ControlOptions

    func run() throws {
        let response = try control.send("GET", "/status")
        let status = try ControlOptions.object(response, from: "/status")
        if control.json { return try printJSONValue(status) }
        print(Self.render(status), terminator: "")
    }

    static func render(_ status: [String: Any]) -> String {
        let engine = status["engine"] as? [String: Any] ?? [:]
        let inService = engine["in_service"] as? Bool ?? false
        var out = "kioskd: \(inService ? "in service" : "OUT OF SERVICE"), phase \(engine["phase"] as? String ?? "?")"
        if let receipt = engine["last_receipt"] as? String { out += ", last receipt \(receipt)" }
        out += "\n"
        let reasons = status["out_of_service_reasons"] as? [String] ?? []
        if let reason = engine["out_of_service_reason"] as? String, !reasons.contains(reason) { out += "  reason: \(reason)\n" }
        for reason in reasons { out += "  reason: \(reason)\n" }

        let devices = (status["devices"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }
        out += "\nDevices: " + (devices.isEmpty ? "none reported" : devices.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) + "\n"

        if let units = status["cash_units"] as? [[String: Any]] {
            out += "\n" + CashUnitTable.render(units)
        } else {
            out += "\nCash units: not reported by this kioskd\n"
        }

        let suspects = status["suspects"] as? [String] ?? []
        out += "\nSuspect transactions: " + (suspects.isEmpty ? "none" : suspects.joined(separator: ", ") + " (kioskctl suspect list)") + "\n"

        if let sync = status["sync"] as? [String: Any] {
            let pending = integer(sync["unacknowledged_records"]).map(String.init) ?? "?"
            let age = integer(sync["last_pull_age_seconds"]).map { "\($0) s ago" } ?? "never"
            out += "Sync: \(pending) record(s) not yet acknowledged by the town server, last pull \(age)\n"
        } else {
            out += "Sync: not configured\n"
        }
        if let journal = status["journal"] as? [String: Any] {
            out += "Journal: head \(integer(journal["head"]).map(String.init) ?? "?")"
            if let problem = journal["problem"] as? String { out += ", PROBLEM: \(problem)" }
            out += "\n"
        }
        return out
    }
}

/// The `cash_units` array kioskd reports: one row per unit and denomination, with each unit's total.
enum CashUnitTable {
    static func render(_ units: [[String: Any]]) -> String {
        var table = TextTable(["Cash unit", "denomination", "pieces", "amount"])
        var totals: [String: Money] = [:]
        var order: [String] = []
        for entry in units {
            let unit = entry["unit"] as? String ?? "?"
            let denomination = integer(entry["denomination"]).map { Money(halere: $0) } ?? .zero
            let pieces = integer(entry["pieces"]) ?? 0
            let (amount, overflow) = denomination.halere.multipliedReportingOverflow(by: pieces)
            let value = overflow ? Money.zero : Money(halere: amount)
            if totals[unit] == nil { order.append(unit) }
            totals[unit] = (try? (totals[unit] ?? .zero).adding(value)) ?? totals[unit]
            table.append([unit, ReportMoney.text(denomination), String(pieces), overflow ? "overflow" : ReportMoney.text(value)])
        }
        for unit in order { table.append([unit + " total", "", "", ReportMoney.text(totals[unit] ?? .zero)]) }
        return table.render()
    }
}

/// An integer from parsed JSON (NSNumber), nil for anything else.
func integer(_ value: Any?) -> Int64? {
    (value as? NSNumber)?.int64Value
}
