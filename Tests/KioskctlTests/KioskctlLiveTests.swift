import Foundation
import Testing
import TestSupport

/// kioskctl against kioskd's live control socket: status, refill, collect and suspects, then the closing
/// that reads what those commands journaled.
@Suite(.serialized) struct KioskctlLiveTests {
    @Test func statusRefillCollectAndSuspects() throws {
        let kiosk = try KioskVisits()
        _ = try kiosk.payCashWithChange()
        let socket = ["--socket", kiosk.socketPath]

        let status = try KioskctlRun.run(["status", "--json"] + socket)
        #expect(status.status == 0, "\(status.error)")
        let document = try #require(status.json, "\(status.output)")
        #expect((document["engine"] as? [String: Any])?["in_service"] as? Bool == true)
        let units = try #require(document["cash_units"] as? [[String: Any]], "GET /status has cash_units")
        #expect(units.contains { $0["unit"] as? String == "hopper" && int($0["denomination"]) == 2_000 })
        #expect((document["suspects"] as? [Any])?.isEmpty == true)
        let text = try KioskctlRun.run(["status"] + socket)
        #expect(text.status == 0 && text.output.contains("kioskd: in service") && text.output.contains("hopper total"), "\(text.output)")

        let hopperBefore = units.filter { $0["unit"] as? String == "hopper" && int($0["denomination"]) == 2_000 }.compactMap { int($0["pieces"]) }.first ?? 0
        let refill = try KioskctlRun.run(["refill", "--unit", "hopper", "--count", "2000=10", "--total", "20000", "--technician", "novak", "--json"] + socket)
        #expect(refill.status == 0, "\(refill.error)")
        #expect(int((refill.json?["refill"] as? [String: Any])?["amount"]) == 20_000)
        let after = (refill.json?["cash_units"] as? [[String: Any]] ?? [])
            .first { $0["unit"] as? String == "hopper" && int($0["denomination"]) == 2_000 }
        #expect(int(after?["pieces"]) == hopperBefore + 10)

        // Collect the cashbox and count one 200 Kč note more than kioskd expects: a +200 Kč discrepancy.
        let expected = units.filter { $0["unit"] as? String == "cashbox" }
        var counted: [Int64: Int64] = [:]
        for unit in expected { if let d = int(unit["denomination"]), let p = int(unit["pieces"]) { counted[d] = p } }
        counted[20_000, default: 0] += 1
        let counts = counted.flatMap { ["--count", "\($0.key)=\($0.value)"] }
        let collect = try KioskctlRun.run(["collect", "--unit", "cashbox", "--technician", "novak"] + counts + socket)
        #expect(collect.status == 0, "\(collect.error)")
        #expect(collect.output.contains("difference +200,00 Kč") && collect.output.contains("DISCREPANCY"), "\(collect.output)")

        let suspects = try KioskctlRun.run(["suspect", "list"] + socket)
        #expect(suspects.status == 0 && suspects.output.contains("No suspect transactions."), "\(suspects.output)\(suspects.error)")
        let unknown = try KioskctlRun.run(["suspect", "resolve", "T999999", "--reason", "no such", "--technician", "novak"] + socket)
        #expect(unknown.status == 7, "404 → refused")
        #expect(unknown.error.contains("HTTP 404"))

        let closing = try KioskctlRun.run(["close-day", "--day", pragueToday(), "--json", "--journal", kiosk.journalPath])
        let report = try #require(closing.json, "\(closing.error)")
        let movement = (report["cash_movement"] as? [[String: Any]] ?? []).first { $0["unit"] as? String == "hopper" }
        #expect(int(movement?["refilled"]) == 20_000)
        let collections = report["collections"] as? [[String: Any]] ?? []
        #expect(collections.map { int($0["difference"]) } == [20_000])
        #expect(kiosk.kioskd.terminate() == 0)
    }

    @Test func refillWhileServingIsRefused() throws {
        let kiosk = try KioskVisits()
        try kiosk.post("/api/payments", #"{"vs": "1341000123"}"#)
        let refill = try KioskctlRun.run(["refill", "--unit", "hopper", "--count", "2000=1", "--technician", "novak",
                                          "--socket", kiosk.socketPath])
        #expect(refill.status == 7, "\(refill.error)")
        #expect(refill.error.contains("HTTP 409"))
        try kiosk.post("/api/cancel")
    }
}
