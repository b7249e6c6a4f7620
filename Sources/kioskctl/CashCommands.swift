import Engine
import ArgumentParser
import Foundation
import Reports
import TownCore

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Empty a cash unit: enter the counted pieces; kioskd journals expected vs counted.",
        discussion: """
            Give the count as --count DENOMINATION=PIECES, the denomination in haléře, repeated: \
            kioskctl collect --unit cashbox --count 20000=3 --count 50000=1 --total 110000. \
            Without --count on a terminal, kioskctl asks for each denomination. --total (haléře) is a cross-check: \
            a count that does not add up to it is refused (exit 2) before anything is sent.
            """)

    @OptionGroup var control: ControlOptions
    @OptionGroup var who: TechnicianOption
    @Option(help: "recycler, cashbox, hopper or coin_cashbox.") var unit: CashUnitName
    @Option(name: .long, help: "DENOMINATION=PIECES, denomination in haléře (e.g. 20000=3); repeat per denomination.")
    var count: [String] = []
    @Option(help: "The total you counted, in haléře; the pieces must add up to it.") var total: Int64?

    func validate() throws {
        // Without --count the pieces are asked for at run time and checked against --total then.
        guard !count.isEmpty else { return }
        try CashCount.parse(count, unit: unit).check(total: total)
    }

    func run() throws {
        let counted = try CashCount.fromOptionsOrTerminal(count, unit: unit, command: "collect", verb: "counted")
        if count.isEmpty { print("Counted \(ReportMoney.text(counted.total)).") }
        try counted.check(total: total)
        let response = try control.post("/collect", ["technician": who.technician, "unit": unit.rawValue, "counted": counted.json])
        let answer = try ControlOptions.object(response, from: "/collect")
        if control.json { return try printJSONValue(answer) }
        let collection = answer["collection"] as? [String: Any] ?? [:]
        print(Self.render(collection, technician: who.technician), terminator: "")
        if let units = answer["cash_units"] as? [[String: Any]] { print("\n" + CashUnitTable.render(units), terminator: "") }
    }

    static func render(_ collection: [String: Any], technician: String) -> String {
        let expected = Dictionary(pieceLines(collection["expected"]).map { ($0.denomination, $0.pieces) }, uniquingKeysWith: +)
        let counted = Dictionary(pieceLines(collection["counted"]).map { ($0.denomination, $0.pieces) }, uniquingKeysWith: +)
        var table = TextTable(["Denomination", "expected", "counted", "difference"])
        for denomination in Set(expected.keys).union(counted.keys).sorted() {
            let e = expected[denomination] ?? 0, c = counted[denomination] ?? 0
            table.append([ReportMoney.text(Money(halere: denomination)), String(e), String(c), c == e ? "0" : (c > e ? "+" : "") + String(c - e)])
        }
        let money = { (key: String) in Money(halere: integer(collection[key]) ?? 0) }
        let difference = money("difference")
        var out = "Collection of the \(collection["unit"] as? String ?? "?") by \(technician)\n" + table.render()
        out += "Expected \(ReportMoney.text(money("expected_amount"))), counted \(ReportMoney.text(money("counted_amount"))), "
            + "difference \(ReportMoney.signed(difference))\n"
        if !difference.isZero {
            out += "DISCREPANCY of \(ReportMoney.signed(difference)) journaled (cash.collected); it syncs to the town server.\n"
        }
        return out
    }
}

struct RefillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refill",
        abstract: "Add float to the recycler or the hoppers; kioskd journals it.",
        discussion: "kioskctl refill --unit hopper --count 2000=50 --count 1000=50 --total 150000 (denominations and total in haléře).")

    @OptionGroup var control: ControlOptions
    @OptionGroup var who: TechnicianOption
    @Option(help: "recycler or hopper.") var unit: CashUnitName
    @Option(name: .long, help: "DENOMINATION=PIECES, denomination in haléře (e.g. 2000=50); repeat per denomination.")
    var count: [String] = []
    @Option(help: "The total you put in, in haléře; the pieces must add up to it.") var total: Int64?

    func validate() throws {
        guard unit == .recycler || unit == .hopper else {
            throw ValidationError("--unit: expected recycler or hopper (cashboxes are only emptied), found \(unit.rawValue)")
        }
        guard !count.isEmpty else { return }
        try CashCount.parse(count, unit: unit).check(total: total)
    }

    func run() throws {
        let added = try CashCount.fromOptionsOrTerminal(count, unit: unit, command: "refill", verb: "added")
        guard added.total.isPositive else { throw ValidationError("refill: expected at least one piece, found none") }
        try added.check(total: total)
        let response = try control.post("/refill", ["technician": who.technician, "unit": unit.rawValue, "pieces": added.json])
        let answer = try ControlOptions.object(response, from: "/refill")
        if control.json { return try printJSONValue(answer) }
        let refill = answer["refill"] as? [String: Any] ?? [:]
        let lines = pieceLines(refill["pieces"]).map { "\($0.pieces) × \(ReportMoney.text(Money(halere: $0.denomination)))" }
        print("Refilled the \(refill["unit"] as? String ?? unit.rawValue): \(lines.joined(separator: ", ")) = "
              + ReportMoney.text(Money(halere: integer(refill["amount"]) ?? 0)))
        if let units = answer["cash_units"] as? [[String: Any]] { print("\n" + CashUnitTable.render(units), terminator: "") }
    }
}
