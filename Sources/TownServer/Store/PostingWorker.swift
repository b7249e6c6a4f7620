import Journal
import SQLiteDB
import SyncProtocol

/// Turns stored kiosk records into postings behind the intake, exactly once: `kiosks.derived_through` moves in
/// the same transaction as the postings it covers, so after a crash the worker resumes where the last commit
/// left it. Intake only verifies and stores, so a kiosk's acknowledgement never waits for JSON decoding; the
/// economics side asks for a catch-up before it reads (`ServerStore.postings`), so it never sees a lag.
///
/// Runs on its own connection. Records are decoded and postings encoded outside any write transaction; the
/// write that follows is short, so the intake's writes (SQLite has one writer) barely wait for it.
///
/// In the background it gives way to the intake: derivation shares the CPU, the disk and SQLite's one writer
/// with it, and a kiosk catching up after days offline should get its acknowledgements first. It derives once
/// the intake has paused for `quietPeriod`, and at the latest `maximumDeferral` after its last batch.
public actor PostingWorker {
    private let connection: Connection
    private let clock: @Sendable () -> Int64
    /// Records decoded per commit.
    static let batch = 1_000
    static let quietPeriod: Duration = .milliseconds(50)
    static let maximumDeferral: Duration = .seconds(1)

    private var lastNudge = ContinuousClock.now
    private var backgroundRunning = false

    init(databasePath: String, clock: @escaping @Sendable () -> Int64) throws(SQLiteError) {
        connection = try Connection(path: databasePath, options: ConnectionOptions(quickCheck: false))
        self.clock = clock
    }

    /// Asks for a background catch-up (after an intake commit). A failure is retried by the next nudge.
    nonisolated func nudge() {
        Task { await self.deriveInBackground() }
    }

    /// One background runner at a time; nudges while it waits only push its start back (up to the deferral).
    private func deriveInBackground() async {
        lastNudge = .now
        guard !backgroundRunning else { return }
        backgroundRunning = true
        defer { backgroundRunning = false }
        var waitingSince = ContinuousClock.now
        while true {
            while lastNudge.duration(to: .now) < Self.quietPeriod, waitingSince.duration(to: .now) < Self.maximumDeferral {
                try? await Task.sleep(for: Self.quietPeriod)
            }
            // Errors are retried by the next nudge; the economics side's own catch-up reports them.
            guard let derived = try? deriveRound(), derived > 0 else { return }
            waitingSince = .now
        }
    }

    /// Derives every stored record that has no posting decision yet, for every kiosk. Returns how many records it went through.
    @discardableResult
    public func catchUp() throws(ServerStoreError) -> Int {
        var total = 0
        while true {
            let derived = try deriveRound()
            guard derived > 0 else { return total }
            total += derived
        }
    }

    /// One batch for every kiosk that has underived records; 0 when there is nothing to do.
    private func deriveRound() throws(ServerStoreError) -> Int {
        do {
            let pending = try connection.cached("""
                SELECT kiosk, derived_through, acknowledged_through FROM kiosks WHERE derived_through < acknowledged_through ORDER BY kiosk
                """).rows().map { (kiosk: try $0.string(0), from: try $0.int64(1), through: try $0.int64(2)) }
            var total = 0
            for kiosk in pending {
                total += try derive(kiosk: kiosk.kiosk, after: kiosk.from, through: min(kiosk.through, kiosk.from + Int64(Self.batch)))
            }
            return total
        } catch let error as ServerStoreError {
            throw error
        } catch {
            throw ServerStoreError(error)
        }
    }

    private struct Derived {
        var targets: [(transaction: Int, target: Posting.Target)] = []
        var vouchers: [(transaction: Int, voucherID: String)] = []
        var postings: [(sequence: Int64, kind: String, document: String)] = []
        var undecodable: [(sequence: Int64, message: String)] = []
    }

    /// One batch: read and decode without a lock, then one short write that re-checks the cursor.
    private func derive(kiosk: String, after: Int64, through: Int64) throws -> Int {
        let records = try connection.cached("""
            SELECT sequence, recorded_at, type, payload, previous_hash, hash FROM kiosk_records
            WHERE kiosk = ? AND sequence > ? AND sequence <= ? ORDER BY sequence
            """).rows([kiosk, after, through]).map { row in
            JournalRecord(kioskID: kiosk, sequence: try row.int64(0), recordedAt: try row.int64(1), type: try row.string(2),
                          payload: try row.blob(3), previousHash: try row.blob(4), hash: try row.blob(5))
        }
        var derived = Derived()
        // Facts of this batch's transactions; earlier ones come from kiosk_transactions.
        var facts: [Int: TransactionFacts] = [:]
        for record in records {
            do {
                switch try PostingDeriver.derive(record, lookup: { try facts[$0] ?? storedFacts(kiosk: kiosk, transaction: $0) }) {
                case .nothing:
                    break
                case .paymentTarget(let transaction, let target):
                    derived.targets.append((transaction, target))
                    var known = try facts[transaction] ?? storedFacts(kiosk: kiosk, transaction: transaction)
                    known.target = target
                    facts[transaction] = known
                case .payoutVoucher(let transaction, let voucherID):
                    derived.vouchers.append((transaction, voucherID))
                    var known = try facts[transaction] ?? storedFacts(kiosk: kiosk, transaction: transaction)
                    known.voucherID = voucherID
                    facts[transaction] = known
                case .posting(let posting):
                    derived.postings.append((record.sequence, posting.kind.rawValue, String(decoding: WireJSON.encode(posting), as: UTF8.self)))
                }
            } catch let error as SQLiteError {
                throw error
            } catch {
                derived.undecodable.append((record.sequence, "record \(record.sequence) (\(record.type)) is stored but yields no posting: \(error)"))
            }
        }
        let last = records.last?.sequence ?? through
        let now = clock()
        try connection.inTransaction(.immediate) {
            // Only this worker moves the cursor; should another process share the database, its work stands.
            guard try connection.cached("SELECT derived_through FROM kiosks WHERE kiosk = ?").firstRow([kiosk])?.int64(0) == after else { return }
            for (transaction, target) in derived.targets {
                try connection.cached("""
                    INSERT INTO kiosk_transactions (kiosk, transaction_number, target_kind, target_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (kiosk, transaction_number) DO UPDATE SET target_kind = excluded.target_kind, target_id = excluded.target_id
                    """).run([kiosk, transaction, target.kind, target.id])
            }
            for (transaction, voucherID) in derived.vouchers {
                try connection.cached("""
                    INSERT INTO kiosk_transactions (kiosk, transaction_number, voucher_id) VALUES (?, ?, ?)
                    ON CONFLICT (kiosk, transaction_number) DO UPDATE SET voucher_id = excluded.voucher_id
                    """).run([kiosk, transaction, voucherID])
            }
            for posting in derived.postings {
                try connection.cached("INSERT INTO postings (kiosk, sequence, kind, document) VALUES (?, ?, ?, ?)")
                    .run([kiosk, posting.sequence, posting.kind, posting.document])
            }
            for defect in derived.undecodable {
                try ServerStore.insertAlert(connection, kiosk: kiosk, code: SyncErrorCode("undecodable_record"), sequence: defect.sequence,
                                            message: defect.message, now: now)
            }
            try connection.cached("UPDATE kiosks SET derived_through = ? WHERE kiosk = ?").run([last, kiosk])
        }
        return records.count
    }

    /// What earlier batches learnt about a transaction; this worker is the only writer of kiosk_transactions.
    private func storedFacts(kiosk: String, transaction: Int) throws -> TransactionFacts {
        guard let row = try connection.cached("""
            SELECT target_kind, target_id, voucher_id FROM kiosk_transactions WHERE kiosk = ? AND transaction_number = ?
            """).firstRow([kiosk, transaction]) else { return TransactionFacts() }
        let target: Posting.Target? = if let kind = try row.optionalString(0), let id = try row.optionalString(1) {
            Posting.Target(kind: kind, id: id)
        } else { nil }
        return TransactionFacts(target: target, voucherID: try row.optionalString(2))
    }
}
