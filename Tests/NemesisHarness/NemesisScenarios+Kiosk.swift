import Crypto
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Journal
import KioskDaemon
import SyncProtocol
import TestSupport
import TownCore
import VoucherSigning

extension NemesisScenario {
    /// The kiosk's sync agent runs here in-process on a copy of the kiosk's journal taken while records were
    /// unacknowledged, with its wall clock ± 3 days off (serverDownForDays moves the real kioskd's clock).
    /// It must learn the server's time from the refusal, sign within the window and converge without duplicates.
    func clockJumps(_ world: NemesisWorld) async throws -> Int {
        world.server.kill()
        try world.payOnce()
        let copy = try TemporaryDirectory()
        let copyPath = copy.path("journal.sqlite")
        // A consistent copy of the live WAL database.
        let source = try world.kioskJournal()
        _ = source
        try FileManager.default.copyItem(atPath: world.kioskd.dataDirectory + "/journal.sqlite", toPath: copyPath)
        if FileManager.default.fileExists(atPath: world.kioskd.dataDirectory + "/journal.sqlite-wal") {
            try FileManager.default.copyItem(atPath: world.kioskd.dataDirectory + "/journal.sqlite-wal", toPath: copyPath + "-wal")
        }
        try world.server.start()
        try world.waitForConvergence()
        var runs = 0
        for skew in [Int64(3 * 86_400_000), Int64(-3 * 86_400_000)] {
            let wall: @Sendable () -> Int64 = { SignedHTTPClient.wallClockMilliseconds() + skew }
            let signatureClock = SignatureClock(wall: wall)
            let url = URL(string: world.server.url)!
            let client = SyncClient(baseURL: url, kioskID: "K01", secret: Self.kioskSecret, timeoutSeconds: 10, clock: { signatureClock.now() })
            let outbox = try Journal(path: copyPath, kioskID: "K01")
            let cache = try SyncCache(path: copy.path("sync-\(skew).sqlite"))
            let agent = try SyncAgent(settings: .init(), kioskID: "K01", transport: client, outbox: outbox, cache: cache,
                                      sink: DiscardingSink(), localKeyring: TestApprovers.keyring, signatureClock: signatureClock,
                                      timeProbe: HealthDateProbe(baseURL: url))
            var outcomes: [SyncAgent.RoundOutcome] = []
            while outcomes.count < 10 {
                let outcome = await agent.pushOnce()
                outcomes.append(outcome)
                runs += 1
                if outcome == .idle || outcome == .failed || outcome == .halted { break }
            }
            let pull = await agent.pullOnce()
            let pullAgain = pull == .more ? await agent.pullOnce() : pull
            let status = await agent.status()
            guard outcomes.last == .idle, pullAgain == .idle, status.unacknowledgedRecords == 0, abs(status.clockOffsetSeconds + skew / 1_000) < 5 else {
                throw NemesisWorld.Failure("clock skew \(skew / 1_000) s: pushes \(outcomes), pull \(pull)/\(pullAgain), status \(status)")
            }
            // The restored outbox is empty now; put it back for the other direction.
            try? FileManager.default.removeItem(atPath: copyPath)
            try? FileManager.default.removeItem(atPath: copyPath + "-wal")
            try? FileManager.default.removeItem(atPath: copyPath + "-shm")
            try FileManager.default.copyItem(atPath: world.kioskd.dataDirectory + "/journal.sqlite", toPath: copyPath)
            if FileManager.default.fileExists(atPath: world.kioskd.dataDirectory + "/journal.sqlite-wal") {
                try FileManager.default.copyItem(atPath: world.kioskd.dataDirectory + "/journal.sqlite-wal", toPath: copyPath + "-wal")
            }
        }
        return runs
    }

    /// Vouchers the economics side (or a compromised server) could slip in: none reaches the engine.
    func forgedVouchers(_ world: NemesisWorld) throws -> Int {
        let expiry = try DayDate(year: 2099, month: 12, day: 31)
        let genuine = try TestApprovers.signedVoucher(id: VoucherID("NEMGOOD01"), amount: Money(halere: 20_000), payeeName: "Jan Novák",
                                                      expiry: expiry, pin: "61803398", boundKiosk: KioskCode("K01"))
        let forgedTerms = VoucherTerms(id: try VoucherID("NEMFORGED1"), amount: Money(halere: 50_000), payeeName: "Mallory",
                                       expiry: expiry, pinVerifier: genuine.pinVerifier)
        let forged = try forgedTerms.voucher(approvals: [
            try ApprovalSigner(approverID: TestApprovers.starostaID, privateKey: P256.Signing.PrivateKey()).approve(forgedTerms, as: .prikazceOperace),
            try ApprovalSigner(approverID: TestApprovers.ekonomkaID, privateKey: P256.Signing.PrivateKey()).approve(forgedTerms, as: .spravceRozpoctu),
        ], boundKiosk: KioskCode("K01"))
        let alteredSource = try TestApprovers.signedVoucher(id: VoucherID("NEMALTER01"), amount: Money(halere: 10_000), payeeName: "Jan Novák",
                                                            expiry: expiry, pin: "61803398", boundKiosk: KioskCode("K01"))
        let altered = try PayoutVoucher(id: alteredSource.id, amount: Money(halere: 90_000), payeeName: alteredSource.payeeName,
                                        expiry: expiry, boundKiosk: alteredSource.boundKiosk, approvals: alteredSource.approvals,
                                        pinVerifier: alteredSource.pinVerifier)
        let halfTerms = VoucherTerms(id: try VoucherID("NEMHALF01"), amount: Money(halere: 10_000), payeeName: "Jan Novák",
                                     expiry: expiry, pinVerifier: genuine.pinVerifier)
        let half = try halfTerms.voucher(approvals: [try TestApprovers.starosta.approve(halfTerms, as: .prikazceOperace)],
                                         boundKiosk: KioskCode("K01"))
        let file = world.server.directory.path("nemesis-vouchers.json")
        try Data(WireJSON.encode(["vouchers": [genuine, forged, altered]])).write(to: URL(fileURLWithPath: file))
        let pushed = try world.server.econSim(["push", file])
        guard pushed.status == 0 else { throw NemesisWorld.Failure("econ-sim push: \(pushed.output)") }
        // The server itself refuses a half-approved voucher at import.
        try Data(WireJSON.encode(["vouchers": [half]])).write(to: URL(fileURLWithPath: file))
        guard try world.server.econSim(["push", file]).status != 0 else { throw NemesisWorld.Failure("the server imported a half-approved voucher") }
        try world.waitUntil("kioskd to refuse the forged and altered vouchers", limit: 30) {
            let log = world.kioskd.logText
            return log.contains("voucher NEMFORGED1 refused") && log.contains("voucher NEMALTER01 refused")
        }
        for id in ["NEMFORGED1", "NEMALTER01", "NEMHALF01"] {
            let answer = try world.kioskd.request("POST", "/api/payouts", json: #"{"voucher": "\#(id)", "pin": "61803398"}"#)
            let text = answer.text
            guard !text.contains("checkingPIN"), !text.contains("payout.") || text.contains("unknownVoucher") else {
                throw NemesisWorld.Failure("kioskd started paying \(id): \(text)")
            }
            _ = try? world.kioskd.request("POST", "/api/acknowledge")
        }
        return 2
    }
}

struct DiscardingSink: SyncDataSink {
    func deliver(_ update: DataUpdate) async {}
    func isReady() async -> Bool { true }
}

/// Sends a prepared request as is (to replay captured bytes and headers).
enum RawHTTP {
    static func send(_ request: URLRequest) throws -> (status: Int, text: String) {
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        URLSession.shared.dataTask(with: request) { data, response, _ in
            box.set(((response as? HTTPURLResponse)?.statusCode ?? -1, String(decoding: data ?? Data(), as: UTF8.self)))
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 15) == .success else { throw NemesisWorld.Failure("request timed out") }
        return box.get()
    }

    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Int, String) = (-1, "")
        func set(_ v: (Int, String)) { lock.withLock { value = v } }
        func get() -> (status: Int, text: String) { lock.withLock { (value.0, value.1) } }
    }
}
