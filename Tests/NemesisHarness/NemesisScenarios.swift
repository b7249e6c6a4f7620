import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import Journal
import Logging
import SyncProtocol
import TestSupport
import TownCore
import TownServer
import VoucherSigning

/// The faults, each run against the same world one after another. Each returns how many sync exchanges it
/// drove (the `sync_runs` count) and throws when the system misbehaved.
public enum NemesisScenario: String, CaseIterable, Sendable {
    case serverDown = "server down through kiosk transactions"
    case serverDownForDays = "server down through days of kiosk activity"
    case duplicatedReorderedReplayed = "duplicated, reordered and replayed batches; captured request replayed"
    case errorAfterCommit = "server error after commit"
    case replayAfterThirtyDays = "batch replayed after 30 simulated days"
    case kioskClockJumps = "kiosk clock jumps ± days"
    case forgedVouchers = "forged, half-approved and altered vouchers"

    public static let quick: [NemesisScenario] = [.serverDown, .serverDownForDays, .duplicatedReorderedReplayed, .errorAfterCommit,
                                                  .forgedVouchers]

    public func run(_ world: NemesisWorld, transactions: Int) async throws -> Int {
        switch self {
        case .serverDown: return try serverDown(world, transactions)
        case .serverDownForDays: return try serverDownForDays(world)
        case .duplicatedReorderedReplayed: return try await batches(world)
        case .errorAfterCommit: return try errorAfterCommit(world)
        case .replayAfterThirtyDays: return try await replayLater(world)
        case .kioskClockJumps: return try await clockJumps(world)
        case .forgedVouchers: return try forgedVouchers(world)
        }
    }

    static func wire(_ record: JournalRecord) -> WireRecord {
        WireRecord(sequence: record.sequence, recordedAt: record.recordedAt, type: record.type, payload: record.payload,
                   previousHash: record.previousHash, hash: record.hash)
    }

    static var kioskSecret: [UInt8] { ByteText.bytes(fromHex: TownServerProcess.kioskSecretHex) ?? [] }

    static func client(_ url: String, clock: @escaping @Sendable () -> Int64 = SignedHTTPClient.wallClockMilliseconds) -> SyncClient {
        SyncClient(baseURL: URL(string: url)!, kioskID: "K01", secret: kioskSecret, timeoutSeconds: 10, clock: clock)
    }

    private func serverDown(_ world: NemesisWorld, _ transactions: Int) throws -> Int {
        world.server.kill()
        for _ in 0..<transactions { try world.payOnce() }
        try world.waitUntil("the agent to notice the outage", limit: 20) {
            (world.syncStatus()?["unacknowledged_records"] as? Int ?? 0) > 0 && world.syncStatus()?["last_error"] is String
        }
        try world.server.start()
        try world.waitForConvergence()
        return transactions
    }

    /// kioskd is paused (SIGSTOP) while the test plays a misbehaving network with the kiosk's own records.
    private func batches(_ world: NemesisWorld) async throws -> Int {
        world.server.kill()
        try world.payOnce()
        try world.payOnce()
        kill(world.kioskd.process.processIdentifier, SIGSTOP)
        defer { kill(world.kioskd.process.processIdentifier, SIGCONT) }
        try world.server.start()
        let client = Self.client(world.server.url)
        let journal = try world.kioskJournal()
        let all = try journal.records(from: 1, limit: 100_000).map(Self.wire)
        let pending = try journal.pendingOutbox(limit: 100_000).map(Self.wire)
        guard pending.count >= 4, let head = all.last?.sequence else { throw NemesisWorld.Failure("expected ≥ 4 unpushed records, found \(pending.count)") }
        var runs = 0
        // Reordered: the later half first is a gap, nothing of it applied.
        let middle = pending.count / 2
        do {
            _ = try await client.push(Array(pending[middle...]))
            throw NemesisWorld.Failure("a batch after a gap was accepted")
        } catch let error as SyncClientError {
            guard error.code == .gap else { throw NemesisWorld.Failure("expected gap, found \(error)") }
        }
        runs += 1
        // Then in order, each batch twice (duplicated), then everything again (replayed).
        for batch in [Array(pending[..<middle]), Array(pending[..<middle]), Array(pending[middle...]), Array(pending[middle...])] {
            _ = try await client.push(batch)
            runs += 1
        }
        for start in stride(from: 0, to: all.count, by: JournalPush.maximumRecords) {
            let ack = try await client.push(Array(all[start..<min(all.count, start + JournalPush.maximumRecords)]))
            guard ack.acknowledgedThrough == head else { throw NemesisWorld.Failure("replay acknowledged \(ack.acknowledgedThrough), expected \(head)") }
            runs += 1
        }
        // An altered record is refused, nothing changes.
        var altered = all[0]
        altered.payload = Array("{\"tampered\":true}".utf8)
        do {
            _ = try await client.push([altered])
            throw NemesisWorld.Failure("an altered record was accepted")
        } catch let error as SyncClientError {
            guard error.code == .altered || error.code == .fork else { throw NemesisWorld.Failure("expected altered/fork, found \(error)") }
        }
        runs += 1
        try await replayCapturedRequest(world)
        runs += 1
        kill(world.kioskd.process.processIdentifier, SIGCONT)
        try world.waitForConvergence()
        return runs
    }

    /// The same signed bytes sent twice: the second is refused as a replayed nonce.
    private func replayCapturedRequest(_ world: NemesisWorld) async throws {
        let path = SyncPaths.deltas(cursor: nil, limit: 1)
        let signature = RequestSigner(secret: Self.kioskSecret).sign(method: "GET", pathWithQuery: path, body: [],
                                                                      now: SignedHTTPClient.wallClockMilliseconds())
        var request = URLRequest(url: URL(string: world.server.url + path)!)
        request.setValue("K01", forHTTPHeaderField: SignatureHeader.kiosk)
        request.setValue(signature.timestamp, forHTTPHeaderField: SignatureHeader.timestamp)
        request.setValue(signature.nonce, forHTTPHeaderField: SignatureHeader.nonce)
        request.setValue(signature.signature, forHTTPHeaderField: SignatureHeader.signature)
        let first = try RawHTTP.send(request)
        let second = try RawHTTP.send(request)
        guard first.status == 200, second.status == 401, second.text.contains("replayed_nonce") else {
            throw NemesisWorld.Failure("captured request: expected 200 then 401 replayed_nonce, found \(first.status) then \(second.status) \(second.text)")
        }
    }

    private func errorAfterCommit(_ world: NemesisWorld) throws -> Int {
        try world.waitForConvergence()
        try world.restartServer(environment: ["IRONCASHIER_FAILPOINTS": "server.journal.after_commit@1:error,server.journal.after_commit@3:kill"])
        try world.payOnce()
        // The first answer is a 500 after the commit; the third push kills the server after committing.
        try world.waitUntil("the server to die at its failpoint", limit: 40) { !world.server.isRunning }
        try world.server.start()
        try world.waitForConvergence()
        return 3
    }

    /// The server's clock cannot be moved in its process, so the replay runs against the same database in
    /// this process (TownServer library) with its clock and the kiosk's clock both 30 days ahead.
    private func replayLater(_ world: NemesisWorld) async throws -> Int {
        try world.waitForConvergence()
        world.server.stop()
        defer { try? world.server.start() }
        let thirtyDays: Int64 = 30 * 86_400_000
        let later: @Sendable () -> Int64 = { SignedHTTPClient.wallClockMilliseconds() + thirtyDays }
        let config = try ServerConfig.load(path: world.server.configPath)
        let store = try ServerStore(config: config, clock: later)
        var logger = Logger(label: "nemesis.town-server")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = TownServerApp.make(store: store, logger: logger, port: 0) { continuation.yield($0) }
        let journal = try world.kioskJournal()
        let records = try journal.records(from: 1, limit: JournalPush.maximumRecords).map(Self.wire)
        let before = try await store.storedRecordCount(kiosk: "K01")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw NemesisWorld.Failure("in-process server did not start") }
            let ack = try await Self.client("http://127.0.0.1:\(port)", clock: later).push(records)
            group.cancelAll()
            guard ack.acknowledgedThrough >= records.last?.sequence ?? 0 else {
                throw NemesisWorld.Failure("replay after 30 days acknowledged \(ack.acknowledgedThrough)")
            }
        }
        let after = try await store.storedRecordCount(kiosk: "K01")
        guard after == before else { throw NemesisWorld.Failure("replay after 30 days stored \(after - before) more records") }
        return 1
    }
}
