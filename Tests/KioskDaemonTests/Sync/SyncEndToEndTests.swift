import ControlClient
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TownCore
import VoucherSigning

/// town-server + kiosk-sim + kioskd with `sync`: the economics stand-in issues a signed voucher, kioskd pulls
/// it, the simulator pays it out, and the posting reaches the economics side exactly once. No PIN anywhere.
@Suite(.serialized) struct SyncEndToEndTests {
    static let pin = "73915864"
    static let voucherID = "SYNCE2E01"
    static let amount: Int64 = 15_000

    static let seed = """
        {"office": {"name": "Město Holešov", "id": "00287172"},
         "cash_units": [{"id": "H50", "denomination": 5000, "kind": "hopper", "count": 20},
                        {"id": "H20", "denomination": 2000, "kind": "hopper", "count": 20},
                        {"id": "H10", "denomination": 1000, "kind": "hopper", "count": 20}]}
        """

    static func controlStatus(_ kioskd: KioskdProcess) -> [String: Any]? {
        let control = ControlClient(socketPath: kioskd.directory.path("control.sock"))
        guard let answer = try? control.get("/status") else { return nil }
        return try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
    }

    static func waitFor(_ what: String, _ kioskd: KioskdProcess, server: TownServerProcess, limit: Duration = .seconds(30),
                        _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if (try? condition()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out waiting for \(what)\n--- kioskd ---\n\(kioskd.logText.suffix(3_000))\n--- town-server ---\n\(server.logText.suffix(2_000))")
        throw KioskdProcess.Failure(description: "timed out waiting for \(what)")
    }

    static func sync(_ kioskd: KioskdProcess) -> [String: Any]? { controlStatus(kioskd)?["sync"] as? [String: Any] }

    @Test func aSignedVoucherIsPulledPaidAndPostedOnceWithoutThePINAnywhere() async throws {
        let server = try TownServerProcess(approverKeysJSON: TestApprovers.keyringJSON)
        let voucher = try TestApprovers.signedVoucher(id: VoucherID(Self.voucherID), amount: Money(halere: Self.amount),
                                                      payeeName: "Jana Nováková", expiry: DayDate(year: 2099, month: 12, day: 31),
                                                      pin: Self.pin, boundKiosk: KioskCode("K01"))
        let pushFile = server.directory.path("vouchers.json")
        try Data(WireJSON.encode(["vouchers": [voucher]])).write(to: URL(fileURLWithPath: pushFile))
        let pushed = try server.econSim(["push", pushFile])
        #expect(pushed.status == 0, "\(pushed.output)")
        #expect(pushed.output.contains("vouchers: received 1 changed 1"), "\(pushed.output)")

        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"5000": 20, "2000": 20, "1000": 20}}"#).status == 200)
        let keysFile = server.directory.path("approver-keys.json")
        try Data(TestApprovers.keyringJSON.utf8).write(to: URL(fileURLWithPath: keysFile))
        let kioskd = try KioskdProcess(sim: sim, seedJSON: Self.seed, syncJSON: server.kioskSyncSection(approverKeysFile: keysFile))

        try await Self.waitFor("a fresh voucher list", kioskd, server: server) {
            guard let sync = Self.sync(kioskd) else { return false }
            return sync["voucher_list_stale"] as? Bool == false && sync["approver_keys"] as? String == "local_file"
        }
        try await Self.waitFor("kioskd in service", kioskd, server: server) {
            try kioskd.request("GET", "/api/state").json?["phase"] as? String == "idle"
        }

        let started = try kioskd.request("POST", "/api/payouts", json: #"{"voucher": "\#(Self.voucherID)", "pin": "\#(Self.pin)"}"#)
        #expect(started.status == 200, "\(started.text)")
        var receipt: String?
        try await Self.waitFor("the payout receipt", kioskd, server: server) {
            let state = try kioskd.request("GET", "/api/state").json
            receipt = state?["last_receipt"] as? String
            return receipt != nil
        }
        _ = try kioskd.request("POST", "/api/acknowledge")
        let taken = try #require(try sim.request("POST", "/take-tray").json?["taken"] as? [String: Int])
        #expect(taken.reduce(Int64(0)) { $0 + (Int64($1.key) ?? 0) * Int64($1.value) } == Self.amount, "the simulator paid exactly the voucher")

        try await Self.waitFor("the journal pushed", kioskd, server: server) {
            Self.sync(kioskd)?["unacknowledged_records"] as? Int == 0
        }
        let metrics = try kioskd.request("GET", "/metrics").text
        #expect(metrics.contains("kioskd_sync_unacknowledged_records 0"))
        #expect(metrics.contains("kioskd_sync_last_pull_age_seconds"))

        func payoutPostings() throws -> [[String: Any]] {
            let pulled = try server.econSim(["pull"])
            #expect(pulled.status == 0, "\(pulled.output)")
            return pulled.output.split(separator: "\n").compactMap { line in
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }.filter { $0["kind"] as? String == "payout" }
        }
        // The payout posting follows once the records that settle the payout are pushed.
        var payouts: [[String: Any]] = []
        try await Self.waitFor("the payout posting", kioskd, server: server) {
            payouts = try payoutPostings()
            return !payouts.isEmpty
        }
        try await Task.sleep(for: .seconds(2))
        payouts = try payoutPostings()
        #expect(payouts.count == 1, "\(payouts)")
        #expect(payouts.first?["voucher_id"] as? String == Self.voucherID)
        #expect((payouts.first?["amount"] as? NSNumber)?.int64Value == Self.amount)
        // Acknowledged once, it never comes again, though kioskd keeps syncing.
        #expect(try server.econSim(["pull", "--ack"]).status == 0)
        try await Task.sleep(for: .seconds(3))
        #expect(try payoutPostings().isEmpty)

        #expect(kioskd.terminate() == 0)
        server.stop()
        // The PIN in plaintext nowhere: kiosk databases and WAL files, the server's database, both logs.
        let files = [kioskd.dataDirectory + "/sync.sqlite", kioskd.dataDirectory + "/sync.sqlite-wal",
                     kioskd.dataDirectory + "/journal.sqlite", kioskd.dataDirectory + "/journal.sqlite-wal",
                     kioskd.directory.path("kioskd.log"), server.databasePath, server.databasePath + "-wal", server.logPath]
        var searched = 0
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            searched += 1
            #expect(bytes.range(of: Data(Self.pin.utf8)) == nil, "PIN found in \(file)")
        }
        #expect(searched >= 5, "the databases and logs exist")
        #expect(FileManager.default.fileExists(atPath: kioskd.dataDirectory + "/sync.sqlite"))
    }
}
