import Foundation
import Testing
import TestSupport

/// kiosk-sim and kioskd with the dog-fee obligation, a card fee and VOUCHER01, driven through real visits.
final class KioskVisits {
    let sim: KioskSimProcess
    let kioskd: KioskdProcess

    var journalPath: String { kioskd.dataDirectory + "/journal.sqlite" }
    var socketPath: String { kioskd.directory.path("control.sock") }

    static let seed = """
        {
          "office": {"name": "Město Holešov", "id": "00287172"},
          "obligations": [{"id": "OBL-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
                           "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": true}],
          "fees": [{"code": "OVERENI-PODPISU", "nameCs": "Ověření podpisu", "nameEn": "Signature verification",
                    "pricing": {"kind": "fixed", "amount": 3000}}],
          "vouchers": [\(TestTown.voucher01JSON)],
          "cash_units": [\(TestTown.hopperUnitsJSON(count: 20))]
        }
        """

    init() throws {
        sim = try KioskSimProcess()
        let recycler = try sim.request("POST", "/levels", json: #"{"location": "recycler", "pieces": {"100000": 3, "50000": 5, "20000": 5, "10000": 5}}"#)
        let hopper = try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"5000": 20, "2000": 20, "1000": 20, "500": 20, "200": 20, "100": 20}}"#)
        guard recycler.status == 200, hopper.status == 200 else {
            throw KioskdProcess.Failure(description: "kiosk-sim refused the levels: \(recycler.text) \(hopper.text)")
        }
        kioskd = try KioskdProcess(sim: sim, seedJSON: Self.seed)
        try waitForKioskd("in service") { $0["in_service"] as? Bool == true && $0["phase"] as? String == "idle" }
    }

    func post(_ path: String, _ json: String = "{}") throws {
        let answer = try kioskd.request("POST", path, json: json)
        guard answer.status == 200 else { throw KioskdProcess.Failure(description: "POST \(path): \(answer.status) \(answer.text.prefix(300))") }
    }

    @discardableResult
    func waitForKioskd(_ what: String, limit: Double = 20, _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(limit)
        var last: [String: Any] = [:]
        while Date() < deadline {
            if let state = try? kioskd.request("GET", "/api/state", timeout: 3).json {
                last = state
                if condition(state) { return state }
            }
            usleep(50_000)
        }
        throw KioskdProcess.Failure(description: "timed out waiting for \(what); last state \(last)\n\(kioskd.logText.suffix(3_000))")
    }

    func waitForReceipt(after previous: String?) throws -> String {
        let state = try waitForKioskd("a new receipt") {
            $0["phase"] as? String == "idle" && ($0["last_receipt"] as? String).map { $0 != previous } == true
        }
        return state["last_receipt"] as? String ?? ""
    }

    /// 1 234 Kč with a 2 000 Kč note: 766 Kč change, taken from the tray.
    func payCashWithChange() throws -> String {
        let before = try kioskd.request("GET", "/api/state").json?["last_receipt"] as? String
        try post("/api/payments", #"{"vs": "1341000123"}"#)
        try post("/api/method", #"{"cash": true}"#)
        let deadline = Date().addingTimeInterval(20)
        while try sim.request("POST", "/insert-note", json: #"{"value": 200000}"#).status != 200 {
            guard Date() < deadline else { throw KioskdProcess.Failure(description: "the validator never took the note") }
            usleep(50_000)
        }
        let receipt = try waitForReceipt(after: before)
        _ = try sim.request("POST", "/take-tray")
        return receipt
    }

    /// The 30 Kč signature fee by card.
    func payFeeByCard() throws -> String {
        let before = try kioskd.request("GET", "/api/state").json?["last_receipt"] as? String
        try post("/api/payments", #"{"fee": "OVERENI-PODPISU"}"#)
        try post("/api/method", #"{"card": true}"#)
        return try waitForReceipt(after: before)
    }

    /// VOUCHER01: 1 535 Kč paid out.
    func payOutVoucher() throws -> String {
        let before = try kioskd.request("GET", "/api/state").json?["last_receipt"] as? String
        try post("/api/payouts", #"{"voucher": "VOUCHER01", "pin": "4711"}"#)
        let receipt = try waitForReceipt(after: before)
        try post("/api/acknowledge")
        _ = try sim.request("POST", "/take-tray")
        return receipt
    }
}
