import ControlClient
import Foundation
import Journal
import Engine
import SyncProtocol
import TestSupport
import TownCore
import TownServer
import VoucherSigning

/// One town: a real town-server, kiosk-sim and kioskd (K01, syncing every second), with helpers to move money
/// and to read every side's totals.
public final class NemesisWorld: @unchecked Sendable {
    public let server: TownServerProcess
    public let sim: KioskSimProcess
    public private(set) var kioskd: KioskdProcess
    public let keysFile: String
    public static let variableSymbol = "1341000123"
    /// What the citizen pays per transaction: one 100 Kč note, no change.
    public static let paymentAmount: Int64 = 10_000

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    public init() throws {
        server = try TownServerProcess(approverKeysJSON: TestApprovers.keyringJSON)
        keysFile = server.directory.path("approver-keys.json")
        try Data(TestApprovers.keyringJSON.utf8).write(to: URL(fileURLWithPath: keysFile))
        let receivable = """
            {"receivables": [{"id": "O-NEMESIS", "variableSymbol": "\(Self.variableSymbol)", "description": "Poplatek ze psa",
                              "amountDue": 100000000, "amountPaid": 0, "allowsPartialPayment": true}]}
            """
        let file = server.directory.path("receivables.json")
        try Data(receivable.utf8).write(to: URL(fileURLWithPath: file))
        let pushed = try server.econSim(["push", file])
        guard pushed.status == 0 else { throw Failure("econ-sim push failed: \(pushed.output)") }
        sim = try KioskSimProcess()
        // Coins for voucher payouts (the days-offline scenario), stocked before the audit reads the customer's total.
        let hopper = try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"5000": 20, "2000": 20, "1000": 20, "500": 20, "200": 20, "100": 20}}"#)
        guard hopper.status == 200 else { throw Failure("kiosk-sim refused the hopper levels: \(hopper.text)") }
        kioskd = try KioskdProcess(sim: sim, seedJSON: #"{"office": {"name": "Město Holešov", "id": "00287172"}, "cash_units": [\#(TestTown.hopperUnitsJSON(count: 20))]}"#,
                                   syncJSON: server.kioskSyncSection(approverKeysFile: keysFile))
        try waitUntil("kioskd in service with a fresh list", limit: 40) {
            guard self.syncStatus()?["voucher_list_stale"] as? Bool == false else { return false }
            return try self.kioskd.request("GET", "/api/state").json?["phase"] as? String == "idle"
        }
    }

    // MARK: Kiosk activity

    /// One citizen pays 100 Kč towards the receivable with one note.
    public func payOnce() throws {
        let before = try kioskd.request("GET", "/api/state").json?["last_receipt"] as? String
        let started = try kioskd.request("POST", "/api/payments", json: #"{"vs": "\#(Self.variableSymbol)", "amount": \#(Self.paymentAmount)}"#)
        guard started.status == 200 else { throw Failure("payment refused: \(started.text)") }
        let chosen = try kioskd.request("POST", "/api/method", json: #"{"cash": true}"#)
        guard chosen.status == 200 else { throw Failure("method refused: \(chosen.text)") }
        try waitUntil("the validator takes the note", limit: 10) {
            try self.sim.request("POST", "/insert-note", json: #"{"value": 10000}"#).status == 200
        }
        try waitUntil("the payment receipt", limit: 20) {
            let state = try self.kioskd.request("GET", "/api/state").json
            return state?["phase"] as? String == "idle" && (state?["last_receipt"] as? String).map { $0 != before } == true
        }
    }

    // MARK: Views

    public func syncStatus() -> [String: Any]? {
        let control = ControlClient(socketPath: kioskd.directory.path("control.sock"))
        guard let answer = try? control.get("/status"),
              let status = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any] else { return nil }
        return status["sync"] as? [String: Any]
    }

    public func waitForConvergence(limit: Double = 60) throws {
        // The status's count is refreshed once a second, so a record journaled just now may not show yet;
        // the journal's own outbox is the truth.
        try waitUntil("the kiosk's outbox acknowledged", limit: limit) {
            try self.kioskJournal().pendingOutboxCount() == 0 && self.syncStatus()?["unacknowledged_records"] as? Int == 0
        }
    }

    public func kioskJournal() throws -> Journal {
        try Journal(path: kioskd.dataDirectory + "/journal.sqlite", kioskID: "K01", mode: .readOnly)
    }

    public func waitUntil(_ what: String, limit: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if (try? condition()) == true { return }
            usleep(150_000)
        }
        throw Failure("timed out waiting for \(what)\n--- kioskd ---\n\(kioskd.logText.suffix(2_500))\n--- town-server ---\n\(server.logText.suffix(1_500))")
    }

    /// Restarts kioskd on the same data with `environment` (e.g. a `ShiftedWallClock`'s); `powerCut` SIGKILLs
    /// it instead of the graceful SIGTERM. Waits until it answers again.
    public func restartKioskd(environment: [String: String] = [:], powerCut: Bool = false) throws {
        if powerCut { kioskd.kill() } else { _ = kioskd.terminate() }
        kioskd = try KioskdProcess(restarting: kioskd, environment: environment)
        try waitUntil("kioskd to answer after its restart", limit: 40) {
            try self.kioskd.request("GET", "/api/state", timeout: 3).json?["phase"] as? String == "idle"
        }
    }

    /// Restarts the town server with `environment` (failpoints), on the same port and database.
    public func restartServer(environment: [String: String] = [:]) throws {
        server.stop()
        try server.start(environment: environment)
    }
}

