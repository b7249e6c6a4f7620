import ArgumentParser
import Engine
import Foundation
import Hummingbird
import Journal
import KioskDaemon
import Logging
import SQLiteDB
import SyncProtocol
import TownServer

/// A kiosk journal caught up to the town server over loopback by kioskd's own sync agent (outbox pages →
/// signed pushes, two in flight → acknowledgements), beside the server's bare SQLite insert rate for the same rows
/// (same table shape, WAL, synchronous=FULL, one transaction per batch) measured in the same run.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Journal catch-up over loopback vs bare SQLite inserts.")

    @Option(help: "Journal records to catch up.") var records = 100_000
    /// The sync agent pushes this many per request.
    @Option(help: "Records per push (and per bare insert transaction); at most \(JournalPush.maximumRecords).") var batch = JournalPush.maximumRecords
    @Option(help: "Pushes the agent keeps in flight.") var inFlight = SyncAgent.Settings().pushesInFlight
    /// fsync and scheduling times on a shared machine vary from second to second; each run measures the
    /// catch-up and the bare rate back to back, and the medians are reported.
    @Option(help: "Runs (a catch-up and its baselines each); medians are reported.") var runs = 5
    @Option(help: "Folder for the scratch databases (default: a temporary folder).") var directory: String?

    static let kioskID = "K01"

    func validate() throws {
        guard records > 0, (1...JournalPush.maximumRecords).contains(batch), inFlight > 0, runs > 0 else {
            throw ValidationError("expected records > 0, batch in 1…\(JournalPush.maximumRecords), in-flight > 0 and runs > 0")
        }
    }

    func run() async throws {
        let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("ironcashier-sync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }

        // Measured in a function of its own so every database is closed before the folder goes.
        let journal = try SyncJournalFixture.make(path: folder + "/journal.sqlite", kioskID: Self.kioskID, records: records)
        var all: [Figures] = []
        for run in 1...runs {
            if run > 1 { try SyncJournalFixture.refillOutbox(path: folder + "/journal.sqlite") }
            all.append(try await measure(journal: journal, in: folder, run: run))
        }
        func median(_ value: (Figures) -> Double) -> Double { Report.percentile(all.map(value).sorted(), 0.5) }
        let syncRate = Double(records) / median(\.syncSeconds)
        print("sync_records: \(records)")
        print("sync_batch: \(batch)")
        print("sync_pushes_in_flight: \(inFlight)")
        print("sync_runs: \(runs)")
        Report.line("sync_seconds", median(\.syncSeconds), decimals: 2)
        Report.line("sync_records_per_s", syncRate, decimals: 0)
        Report.line("sync_postings_done_seconds", median(\.postingsSeconds), decimals: 2)
        Report.line("server_intake_only_per_s", median(\.applyPerSecond), decimals: 0)
        Report.line("server_bare_insert_per_s", median(\.barePerSecond), decimals: 0)
        Report.line("sync_vs_bare_ratio", syncRate / median(\.barePerSecond), decimals: 3)
        // Each run against its own baseline, to show the spread.
        let perRun = all.map { Double(records) / $0.syncSeconds / $0.barePerSecond }
        Report.line("sync_vs_bare_ratio_worst_run", perRun.min() ?? 0, decimals: 3)
        Report.line("sync_vs_bare_ratio_best_run", perRun.max() ?? 0, decimals: 3)
    }

    private struct Figures {
        let syncSeconds: Double
        let postingsSeconds: Double
        let applyPerSecond: Double
        let barePerSecond: Double
    }

    private func measure(journal: Journal, in folder: String, run: Int) async throws -> Figures {
        let secret = [UInt8](repeating: 0x5A, count: 32)
        let config = ServerConfig(host: "127.0.0.1", port: 0, databasePath: folder + "/server-\(run).sqlite",
                                  kiosks: [ServerConfig.Kiosk(id: Self.kioskID, secret: secret, voucherPolicy: .boundOnly)],
                                  econClients: [ServerConfig.EconClient(id: "econ", secret: [UInt8](repeating: 0xA5, count: 32))])
        let store = try ServerStore(config: config, clock: ServerClock.wall)
        var logger = Logger(label: "town-server")
        // Cancelling the server at the end logs channel errors; a failed push fails the run by itself.
        logger.logLevel = .critical
        let (ports, portReported) = AsyncStream<Int>.makeStream()
        let app = TownServerApp.make(store: store, logger: logger, port: 0) { port in portReported.yield(port) }
        let server = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)") else {
            throw SyncJournalFixture.Failure(description: "the town server did not report a port")
        }

        // The catch-up, timed end to end: the agent reads the outbox, signs and sends; the server verifies the
        // chain and stores; the agent drops what was acknowledged. Postings are derived behind (PostingWorker).
        let client = SyncClient(baseURL: url, kioskID: Self.kioskID, secret: secret)
        let agent = try SyncAgent(settings: SyncAgent.Settings(batchSize: batch, pushesInFlight: inFlight), kioskID: Self.kioskID,
                                  transport: client, outbox: try Journal(path: folder + "/journal.sqlite", kioskID: Self.kioskID),
                                  cache: try SyncCache(path: folder + "/sync-cache-\(run).sqlite"), sink: DiscardingSink(), localKeyring: nil)
        let start = ContinuousClock.now
        while true {
            let outcome = await agent.pushOnce()
            if outcome == .idle { break }
            guard outcome == .more else {
                throw SyncJournalFixture.Failure(description: "push round: expected progress, found \(outcome): \(await agent.status().lastError ?? "")")
            }
        }
        let syncSeconds = Report.microseconds(start.duration(to: .now)) / 1_000_000
        // Postings follow the acknowledgements (PostingWorker); the catch-up is complete once they are all there.
        try await store.postingWorker.catchUp()
        let postingsSeconds = Report.microseconds(start.duration(to: .now)) / 1_000_000
        let stored = try await store.storedRecordCount(kiosk: Self.kioskID)
        let pending = try journal.pendingOutboxCount()
        guard pending == 0, stored == Int64(records) else {
            throw SyncJournalFixture.Failure(description: "expected \(records) records stored and none pending, found \(stored) and \(pending)")
        }
        let postings = try await store.postingCount(kiosk: Self.kioskID)
        let receipts = SyncJournalFixture.receipts(in: records)
        guard postings == Int64(receipts) else {
            throw SyncJournalFixture.Failure(description: "expected \(receipts) postings (one per receipt), found \(postings)")
        }

        server.cancel()
        _ = await server.result
        let applyRate = try await serverApplyRate(journal: journal, config: config, path: folder + "/server-direct-\(run).sqlite")
        let bareRate = try bareInsertRate(journal: journal, path: folder + "/bare-\(run).sqlite")
        return Figures(syncSeconds: syncSeconds, postingsSeconds: postingsSeconds, applyPerSecond: applyRate, barePerSecond: bareRate)
    }

    /// The server's intake alone (chain checks, insert) on a fresh store, without HTTP, signing or the kiosk's
    /// outbox; the posting worker runs beside it as in service.
    private func serverApplyRate(journal: Journal, config: ServerConfig, path: String) async throws -> Double {
        var direct = config
        direct.databasePath = path
        let store = try ServerStore(config: direct, clock: ServerClock.wall)
        var timed = Duration.zero
        var next: Int64 = 1
        while true {
            let wire = try journal.records(from: next, limit: batch).map {
                WireRecord(sequence: $0.sequence, recordedAt: $0.recordedAt, type: $0.type, payload: $0.payload,
                           previousHash: $0.previousHash, hash: $0.hash)
            }
            guard let last = wire.last else { break }
            let start = ContinuousClock.now
            let outcome = try await store.applyJournal(kiosk: Self.kioskID, records: wire)
            timed += start.duration(to: .now)
            guard case .success(let answer) = outcome, answer.acknowledgedThrough == last.sequence else {
                throw SyncJournalFixture.Failure(description: "direct intake: expected acknowledgement through \(last.sequence), found \(outcome)")
            }
            next = last.sequence + 1
        }
        try await store.postingWorker.catchUp()
        return Double(next - 1) / (Report.microseconds(timed) / 1_000_000)
    }

    /// The same rows straight into a table shaped like the server's `kiosk_records`, one transaction per batch.
    /// Only the transactions are timed; reading the rows from the journal is not.
    private func bareInsertRate(journal: Journal, path: String) throws -> Double {
        let connection = try Connection(path: path)
        try connection.execute("""
            CREATE TABLE bare_records (
                kiosk TEXT NOT NULL, sequence INTEGER NOT NULL, recorded_at INTEGER NOT NULL, type TEXT NOT NULL,
                payload BLOB NOT NULL, previous_hash BLOB NOT NULL, hash BLOB NOT NULL, received_at INTEGER NOT NULL,
                PRIMARY KEY (kiosk, sequence)
            ) STRICT, WITHOUT ROWID
            """)
        let insert = try connection.cached("""
            INSERT INTO bare_records (kiosk, sequence, recorded_at, type, payload, previous_hash, hash, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let receivedAt = Journal.wallClockMilliseconds()
        var timed = Duration.zero
        var next: Int64 = 1
        while true {
            let page = try journal.records(from: next, limit: batch)
            guard let last = page.last else { break }
            let start = ContinuousClock.now
            try connection.inTransaction(.immediate) {
                for record in page {
                    try insert.run([record.kioskID, record.sequence, record.recordedAt, record.type, record.payload,
                                    record.previousHash, record.hash, receivedAt])
                }
            }
            timed += start.duration(to: .now)
            next = last.sequence + 1
        }
        return Double(next - 1) / (Report.microseconds(timed) / 1_000_000)
    }
}

/// The benchmark pulls nothing the engine would use.
private struct DiscardingSink: SyncDataSink {
    func deliver(_ update: DataUpdate) async {}
    func isReady() async -> Bool { true }
}
