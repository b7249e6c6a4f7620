import Foundation
import Testing
import TestSupport

/// kioskctl's read-only side against the journal kioskd wrote during real visits through the simulator.
@Suite(.serialized) struct KioskctlReportTests {
    @Test func closingReportAndExportMatchTheVisits() throws {
        let kiosk = try KioskVisits()
        let cash = try kiosk.payCashWithChange()
        let card = try kiosk.payFeeByCard()
        let payout = try kiosk.payOutVoucher()
        let year = String(cash.split(separator: "-")[1])
        #expect([cash, card, payout] == ["K01-\(year)-000001", "K01-\(year)-000002", "K01-\(year)-000003"])
        let journal = ["--journal", kiosk.journalPath, "--kiosk", "K01"]
        let today = pragueToday()

        // Read-only while kioskd keeps running, as the cashier would.
        let closing = try KioskctlRun.run(["close-day", "--day", today, "--json"] + journal)
        #expect(closing.status == 0, "\(closing.error)")
        let report = try #require(closing.json, "\(closing.output)")
        let payments = report["payments"] as? [String: Any]
        #expect(int(payments?["count"]) == 2)
        #expect(int(payments?["amount"]) == 126_400, "1 234 Kč + 30 Kč")
        #expect(int(payments?["cash"]) == 123_400)
        #expect(int(payments?["card"]) == 3_000)
        let byMethod = report["by_method"] as? [String: [String: Any]]
        #expect(int(byMethod?["cash"]?["amount"]) == 123_400)
        #expect(int(byMethod?["card"]?["amount"]) == 3_000)
        #expect(int(report["change_given"]) == 76_600)
        #expect(int((report["payouts"] as? [String: Any])?["amount"]) == 153_500)
        #expect(int(report["payout_cash"]) == 153_500)
        #expect(int(report["payment_rounding"]) == 0)
        let receipts = report["receipts"] as? [String: Any]
        #expect(receipts?["first"] as? String == cash)
        #expect(receipts?["last"] as? String == payout)
        #expect((receipts?["missing"] as? [Any])?.isEmpty == true)
        let fees = (report["by_fee_type"] as? [[String: Any]] ?? []).map {
            (($0["fee_type"] as? [String: Any])?["code"] as? String ?? "", int(($0["totals"] as? [String: Any])?["amount"]) ?? -1)
        }
        #expect(fees.map(\.0) == ["OVERENI-PODPISU", "obligation"])
        #expect(fees.map(\.1) == [3_000, 123_400])
        let movement = Dictionary(uniqueKeysWithValues: (report["cash_movement"] as? [[String: Any]] ?? []).map {
            ($0["unit"] as? String ?? "", $0)
        })
        #expect(int(movement["note intake (recycler + cashbox)"]?["received"]) == 200_000)
        let dispensed = ["recycler", "hopper"].compactMap { int(movement[$0]?["dispensed"]) }.reduce(0, +)
        #expect(dispensed == 76_600 + 153_500, "change and the payout, all from the recycler and the hoppers")

        let table = try KioskctlRun.run(["close-day", "--day", today] + journal)
        #expect(table.status == 0)
        #expect(table.output.contains("\(cash) … \(payout) (3), no gaps"), "\(table.output)")
        #expect(table.output.contains("1 264,00 Kč"))

        let csv = try KioskctlRun.run(["report", "--from", today, "--to", today, "--format", "csv"] + journal)
        #expect(csv.status == 0, "\(csv.error)")
        #expect(csv.output.hasPrefix("section,key,label,count,amount_halere,amount_kc\r\n"))
        #expect(csv.output.contains("payments,total,,2,126400,1264.00\r\n"))
        #expect(csv.output.contains("method,card,,1,3000,30.00\r\n"))
        #expect(csv.output.contains("payouts,settled,,1,153500,1535.00\r\n"))

        let stats = try KioskctlRun.run(["report", "--from", today, "--json"] + journal)
        let hours = (stats.json?["by_hour"] as? [[String: Any]] ?? []).compactMap { int(($0["totals"] as? [String: Any])?["amount"]) }
        #expect(hours.count == 24 && hours.reduce(0, +) == 126_400)

        let svgPath = kiosk.kioskd.directory.path("hours.svg")
        let svg = try KioskctlRun.run(["report", "--from", today, "--to", today, "--format", "svg", "--output", svgPath] + journal)
        #expect(svg.status == 0)
        let chart = try String(contentsOfFile: svgPath, encoding: .utf8)
        #expect(chart.hasPrefix("<?xml") && chart.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") && chart.hasSuffix("</svg>\n"))
        #expect(chart.components(separatedBy: "fill=\"#2b6cb0\"").count - 1 == 1, "one busy hour, one bar (unless the visits straddled an hour)")

        let export = try KioskctlRun.run(["journal", "export"] + journal)
        #expect(export.status == 0)
        let rows = export.output.split(separator: "\n")
        #expect(rows.first == "seq,recorded_at,kiosk,type,payload,prev_hash,hash")
        #expect(rows.contains { $0.contains(",receipt.issued,") && $0.contains(payout) })
        let verify = try KioskctlRun.run(["journal", "verify", "--json"] + journal)
        #expect(verify.status == 0 && verify.json?["ok"] as? String == "true")
        #expect(Int(verify.json?["records"] as? String ?? "") == rows.count - 1, "one CSV row per record")

        #expect(kiosk.kioskd.terminate() == 0)
    }

    @Test func missingJournalIsExitFour() throws {
        let run = try KioskctlRun.run(["close-day", "--journal", "/nonexistent/journal.sqlite"])
        #expect(run.status == 4)
        #expect(run.error.contains("no journal at /nonexistent/journal.sqlite"))
    }

    @Test func badDatesAreExitTwo() throws {
        let run = try KioskctlRun.run(["report", "--from", "2026-04-02", "--to", "2026-04-01", "--journal", "/nonexistent"])
        #expect(run.status == 2)
        #expect(run.error.contains("expected --from on or before --to, found 2026-04-02 after 2026-04-01"))
        let malformed = try KioskctlRun.run(["close-day", "--day", "31.3.2026"])
        #expect(malformed.status == 2)
        #expect(malformed.error.contains("expected a date as yyyy-mm-dd"))
    }
}
