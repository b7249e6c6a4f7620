import ArgumentParser
import Foundation
import Journal
import SQLiteDB

/// Journal appends against bare single-row INSERTs into the same database with the same pragmas.
/// Both commit once per row (fsync per commit), as the engine does; rounds alternate so disk noise hits both alike.
struct JournalBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "journal", abstract: "Journal append rate vs raw SQLite inserts.")

    @Option(help: "Records per side.") var count = 4_000
    @Option(help: "Records per alternating round.") var round = 50
    @Option(help: "Payload size in bytes (a typical journal entry is 150–400 bytes of JSON).") var payloadBytes = 300
    @Option(help: "Folder for the scratch database (default: a temporary folder).") var directory: String?

    func validate() throws {
        guard count > 0, round > 0, payloadBytes > 0 else { throw ValidationError("count, round and payload-bytes must be positive") }
    }

    func run() throws {
        let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("ironcashier-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let path = folder + "/bench.sqlite"

        let journal = try Journal(path: path, kioskID: "BENCH")
        let raw = try Connection(path: path)
        try raw.execute("""
            CREATE TABLE IF NOT EXISTS raw_scratch (
                seq INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, recorded_at INTEGER NOT NULL, type TEXT NOT NULL,
                payload BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL
            ) STRICT
            """)
        let insert = try raw.cached("INSERT INTO raw_scratch (kiosk_id, recorded_at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)")
        let payload = [UInt8](repeating: 0x61, count: payloadBytes)
        let hash = [UInt8](repeating: 0xAB, count: 32)

        let clock = ContinuousClock()
        var journalTime = Duration.zero
        var rawTime = Duration.zero
        var roundRatios: [Double] = []
        var done = 0
        while done < count {
            let batch = min(round, count - done)
            let journalRound = try clock.measure {
                for _ in 0..<batch { try journal.append(type: "bench.record", payload: payload) }
            }
            let rawRound = try clock.measure {
                for _ in 0..<batch { try insert.run(["BENCH", Int64(0), "bench.record", payload, hash, hash]) }
            }
            journalTime += journalRound
            rawTime += rawRound
            // Per round, journal rate ÷ raw rate = raw time ÷ journal time.
            roundRatios.append(seconds(rawRound) / seconds(journalRound))
            done += batch
        }
        _ = try journal.verify()

        let journalRate = Double(count) / seconds(journalTime)
        let rawRate = Double(count) / seconds(rawTime)
        Report.line("journal_appends_per_s", journalRate, decimals: 0)
        Report.line("raw_inserts_per_s", rawRate, decimals: 0)
        // The median of per-round ratios: rounds alternate, so each pair saw the same disk and the same
        // neighbours on a shared machine, and one disturbed round cannot move the figure.
        Report.line("journal_vs_raw_ratio", Report.percentile(roundRatios.sorted(), 0.5), decimals: 3)
        Report.line("journal_vs_raw_ratio_overall", journalRate / rawRate, decimals: 3)
    }

    private func seconds(_ duration: Duration) -> Double {
        Report.microseconds(duration) / 1_000_000
    }
}
