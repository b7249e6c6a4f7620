import Foundation
import ControlClient
import DeviceIO
import Journal
import Testing
import TestSupport

/// kioskd as a process against a real kiosk-sim process: a citizen pays 1 234 Kč with a 2 000 Kč note,
/// checked against the simulator's physical ground truth.
@Suite(.serialized) struct KioskdEndToEndTests {
    static let seed = """
        {
          "office": {"name": "Město Holešov", "id": "00287172"},
          "obligations": [{"id": "OBL-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
                           "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": true}],
          "cash_units": [
            {"id": "H1", "denomination": 100, "kind": "hopper", "count": 20},
            {"id": "H2", "denomination": 200, "kind": "hopper", "count": 20},
            {"id": "H5", "denomination": 500, "kind": "hopper", "count": 20},
            {"id": "H10", "denomination": 1000, "kind": "hopper", "count": 20},
            {"id": "H20", "denomination": 2000, "kind": "hopper", "count": 20},
            {"id": "H50", "denomination": 5000, "kind": "hopper", "count": 20}
          ]
        }
        """

    func groundTruth(_ sim: KioskSimProcess) throws -> [String: Any] {
        try #require(try sim.request("GET", "/state").json?["ground_truth"] as? [String: Any])
    }

    func total(_ sim: KioskSimProcess, at location: String) throws -> Int64 {
        let totals = try groundTruth(sim)["totals"] as? [String: Any]
        return (totals?[location] as? NSNumber)?.int64Value ?? 0
    }

    /// Polls kioskd's state until `condition` holds.
    func waitForState(_ kioskd: KioskdProcess, _ what: String, limit: Duration = .seconds(15),
                      _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + limit
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            if let state = try? kioskd.request("GET", "/api/state").json {
                last = state
                if condition(state) { return state }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what); last state \(last)\n--- kioskd log ---\n\(kioskd.logText.suffix(4_000))")
        throw KioskdProcess.Failure(description: "timed out waiting for \(what)")
    }

    @Test func cashPaymentWithChangeMatchesTheGroundTruth() async throws {
        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/levels", json: #"{"location": "recycler", "pieces": {"50000": 5, "20000": 5, "10000": 5}}"#).status == 200)
        #expect(try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"5000": 20, "2000": 20, "1000": 20, "500": 20, "200": 20, "100": 20}}"#).status == 200)

        let customerBefore = try total(sim, at: "customer")
        let kioskd = try KioskdProcess(sim: sim, seedJSON: Self.seed)
        _ = try await waitForState(kioskd, "in service") { $0["in_service"] as? Bool == true && $0["phase"] as? String == "idle" }

        let bad = try kioskd.request("POST", "/api/payments", json: #"{"amount": 1.5}"#)
        #expect(bad.status == 400)
        #expect(bad.text.contains("expected amount as whole haléře"))

        // The touchscreen's live stream, read raw off the socket.
        let stream = try TCPConnection(host: "127.0.0.1", port: UInt16(kioskd.uiPort), timeout: .seconds(2))
        defer { try? stream.close() }
        try stream.write(Array("GET /api/events HTTP/1.1\r\nHost: kiosk\r\nAccept: text/event-stream\r\n\r\n".utf8))
        try await Task.sleep(for: .milliseconds(200))

        let started = try kioskd.request("POST", "/api/payments", json: #"{"vs": "1341000123"}"#)
        #expect(started.status == 200)
        #expect(started.json?["phase"] as? String == "payment.choosingMethod", "\(started.text)")
        let chosen = try kioskd.request("POST", "/api/method", json: #"{"cash": true}"#)
        #expect(chosen.json?["phase"] as? String == "payment.acceptingCash", "\(chosen.text)")

        // The enable command reaches the validator within a poll or two; until then it refuses notes (409).
        let insertDeadline = ContinuousClock.now + .seconds(5)
        var inserted = false
        while !inserted && ContinuousClock.now < insertDeadline {
            inserted = try sim.request("POST", "/insert-note", json: #"{"value": 200000}"#).status == 200
            if !inserted { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(inserted, "the validator took the note")

        let done = try await waitForState(kioskd, "payment finished", limit: .seconds(20)) { state in
            state["phase"] as? String == "idle" && state["last_receipt"] is String
        }
        let receipt = try #require(done["last_receipt"] as? String)

        // Physical ground truth: exactly 766 Kč in the tray, the note inside the kiosk, citizen net −1 234 Kč.
        #expect(try total(sim, at: "payout_tray") == 76_600)
        #expect(try total(sim, at: "escrow") == 0)
        let taken = try #require(try sim.request("POST", "/take-tray").json?["taken"] as? [String: Int])
        #expect(taken.reduce(Int64(0)) { $0 + (Int64($1.key) ?? 0) * Int64($1.value) } == 76_600)
        #expect(try total(sim, at: "customer") - customerBefore == -123_400, "the citizen is 1 234 Kč poorer, not a haléř more")
        // The receipt is journaled before it is printed; printing follows within a few status polls.
        let printDeadline = ContinuousClock.now + .seconds(10)
        var receipts: [String] = []
        while !receipts.contains(where: { $0.contains(receipt) }) && ContinuousClock.now < printDeadline {
            try await Task.sleep(for: .milliseconds(200))
            receipts = try sim.request("GET", "/receipts").json?["receipts"] as? [String] ?? []
        }
        #expect(receipts.contains { $0.contains(receipt) }, "receipt \(receipt) printed: \(receipts)")

        let metrics = try kioskd.request("GET", "/metrics")
        #expect(metrics.text.contains("kioskd_payments_total 1"))

        var streamed: [UInt8] = []
        let streamDeadline = ContinuousClock.now + .seconds(3)
        while !String(decoding: streamed, as: UTF8.self).contains("paymentDone") && ContinuousClock.now < streamDeadline {
            streamed += (try? stream.read(atMost: 65_536, timeout: .milliseconds(200))) ?? []
        }
        let sse = String(decoding: streamed, as: UTF8.self)
        #expect(sse.contains("text/event-stream"))
        #expect(sse.contains("event: screen\ndata: {\"insertCash\""), "\(sse.prefix(2_000))")
        #expect(sse.contains("event: notice\ndata: {\"cashInserted\""))
        #expect(sse.contains("paymentDone") && sse.contains(receipt))

        // The technician's side: status and service on the control socket (mode 0660).
        let control = ControlClient(socketPath: kioskd.directory.path("control.sock"))
        let mode = try FileManager.default.attributesOfItem(atPath: control.socketPath)[.posixPermissions] as? Int
        #expect(mode == 0o660)
        let status = try JSONSerialization.jsonObject(with: control.get("/status").body) as? [String: Any]
        #expect((status?["devices"] as? [String: String])?["nv200"] == "ready")
        #expect(((status?["journal"] as? [String: Any])?["head"] as? Int ?? 0) > 5)
        let out = try control.post("/service", json: Data(#"{"in_service": false, "technician": "novak", "reason": "refill"}"#.utf8))
        #expect(out.isSuccess)
        let closed = try kioskd.request("GET", "/api/state").json
        #expect(closed?["in_service"] as? Bool == false)
        #expect((closed?["out_of_service_reason"] as? String)?.contains("refill") == true)
        #expect(try control.post("/service", json: Data(#"{"in_service": true}"#.utf8)).status == 400, "technician required")
        #expect(try control.post("/service", json: Data(#"{"in_service": true, "technician": "novak"}"#.utf8)).isSuccess)
        #expect(try kioskd.request("GET", "/api/state").json?["in_service"] as? Bool == true)

        #expect(kioskd.terminate() == 0, "graceful shutdown on SIGTERM\n\(kioskd.logText.suffix(2_000))")
        let journal = try Journal(path: kioskd.dataDirectory + "/journal.sqlite", kioskID: "K01", mode: .readOnly)
        let summary = try journal.verify()
        #expect(summary.recordCount > 5)
    }
}
