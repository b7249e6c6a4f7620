import Foundation
import TestSupport

/// One citizen visit the crash test replays: how to stock the simulator, and the steps that drive kioskd.
/// `drive` returns normally when the visit finished; it throws `CrashDriver.Died` when kioskd died on the way.
public struct CrashScenario: Sendable {
    public let name: String
    let drive: @Sendable (CrashDriver) throws -> Void

    public static let all: [CrashScenario] = [cashWithChange, voucherPayout, cancelWithCreditedNote]

    /// Pays 1 234 Kč (VS 1341000123) with a 2 000 Kč note: 766 Kč change.
    public static let cashWithChange = CrashScenario(name: "cash-with-change") { driver in
        try driver.post("/api/payments", #"{"vs": "1341000123"}"#)
        try driver.post("/api/method", #"{"cash": true}"#)
        try driver.insertNote(200_000)
        try driver.waitForKioskd("payment finished") { $0["phase"] as? String == "idle" && $0["last_receipt"] is String }
    }

    /// Pays out VOUCHER01 (1 535 Kč) with PIN 4711.
    public static let voucherPayout = CrashScenario(name: "voucher-payout") { driver in
        try driver.post("/api/payouts", #"{"voucher": "VOUCHER01", "pin": "4711"}"#)
        try driver.waitForKioskd("payout finished") { state in
            let phase = state["phase"] as? String ?? ""
            return phase == "idle" && state["last_receipt"] is String
        }
        try driver.post("/api/acknowledge", nil)
    }

    /// Starts paying 1 234 Kč, inserts a 500 Kč note, waits until it is credited, then cancels: 500 Kč back.
    public static let cancelWithCreditedNote = CrashScenario(name: "cancel-with-credited-note") { driver in
        try driver.post("/api/payments", #"{"vs": "1341000123"}"#)
        try driver.post("/api/method", #"{"cash": true}"#)
        try driver.insertNote(50_000)
        try driver.waitForKioskd("note credited") { ($0["credited"] as? NSNumber)?.int64Value == 50_000 }
        try driver.post("/api/cancel", nil)
        try driver.waitForKioskd("cancel finished") { $0["phase"] as? String == "idle" }
    }

    /// Seed: the dog-fee obligation and an approved voucher bound to K01 (PBKDF2 verifier of PIN 4711).
    public static let seedJSON = """
        {
          "office": {"name": "Město Holešov", "id": "00287172"},
          "obligations": [{"id": "OBL-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
                           "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": true}],
          "vouchers": [\(TestTown.voucher01JSON)],
          "cash_units": [\(TestTown.hopperUnitsJSON(count: 20))]
        }
        """

    /// Cash units matching the seed: notes in the recycler, 20 coins in each hopper.
    static func stock(_ sim: KioskSimProcess) throws {
        let recycler = try sim.request("POST", "/levels", json: #"{"location": "recycler", "pieces": {"100000": 3, "50000": 5, "20000": 5, "10000": 5}}"#)
        let hopper = try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"5000": 20, "2000": 20, "1000": 20, "500": 20, "200": 20, "100": 20}}"#)
        guard recycler.status == 200, hopper.status == 200 else {
            throw KioskdProcess.Failure(description: "kiosk-sim refused the cash levels: \(recycler.text) \(hopper.text)")
        }
    }
}

/// Drives one visit; every wait notices when kioskd has died and throws `Died` right away.
public final class CrashDriver: @unchecked Sendable {
    public struct Died: Error {}

    let sim: KioskSimProcess
    let kioskd: KioskdProcess
    let limit: Double

    init(sim: KioskSimProcess, kioskd: KioskdProcess, limit: Double = 20) {
        self.sim = sim
        self.kioskd = kioskd
        self.limit = limit
    }

    func checkAlive() throws { if !kioskd.isRunning { throw Died() } }

    /// A POST to kioskd; a transport error from a dying kioskd counts as its death.
    func post(_ path: String, _ json: String?) throws {
        try checkAlive()
        do {
            let answer = try kioskd.request("POST", path, json: json ?? "{}", timeout: 5)
            guard answer.status == 200 else {
                throw KioskdProcess.Failure(description: "POST \(path) answered \(answer.status): \(answer.text.prefix(500))")
            }
        } catch let failure as KioskdProcess.Failure {
            try waitForExitBriefly()
            throw failure
        } catch {
            try waitForExitBriefly()
            throw KioskdProcess.Failure(description: "POST \(path) failed: \(error)")
        }
    }

    /// After an error: if kioskd is dying, report the death rather than the error.
    func waitForExitBriefly() throws {
        let deadline = Date().addingTimeInterval(1)
        while Date() < deadline {
            try checkAlive()
            usleep(20_000)
        }
    }

    /// Offers a note until the validator takes it (409 while it is not enabled yet).
    func insertNote(_ value: Int) throws {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            try checkAlive()
            if try sim.request("POST", "/insert-note", json: #"{"value": \#(value)}"#).status == 200 { return }
            usleep(50_000)
        }
        throw KioskdProcess.Failure(description: "the validator never took the \(value / 100) Kč note")
    }

    /// Polls kioskd's state until `condition` holds.
    @discardableResult
    func waitForKioskd(_ what: String, _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(limit)
        var last: [String: Any] = [:]
        while Date() < deadline {
            try checkAlive()
            if let state = try? kioskd.request("GET", "/api/state", timeout: 3).json {
                last = state
                if condition(state) { return state }
            }
            usleep(50_000)
        }
        try checkAlive()
        throw KioskdProcess.Failure(description: "timed out waiting for \(what); last state \(last)")
    }
}
