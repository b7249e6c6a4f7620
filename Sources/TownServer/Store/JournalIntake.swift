import Journal
import SQLiteDB
import SyncProtocol
import TownCore

/// Why a batch was refused. Nothing of it was applied.
public struct IntakeRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: SyncErrorCode
    public let message: String
    /// The sequence the server wants next (its acknowledged head + 1).
    public let expectedSequence: Int64
    /// The sequence the defect was found at.
    public let sequence: Int64

    public var body: SyncErrorBody { SyncErrorBody(code: code, message: message, expectedSequence: expectedSequence) }
    public var description: String { "\(code): \(message)" }
}

extension ServerStore {
    /// Applies a batch of `kiosk`'s journal records exactly once, all or nothing.
    ///
    /// Records are taken in sequence order. A record at or below the acknowledged head must equal the stored
    /// one byte for byte (a re-send, acknowledged silently); otherwise it is `altered` (its hash does not
    /// recompute) or a `fork` (a valid record of a different history). A record right after the head must
    /// recompute its hash (`altered`) and link to the head's hash (`fork`). Anything further ahead is a
    /// `gap`. Forks and alterations raise an alert; gaps do not (they are normal after reordering). Postings
    /// follow behind, from `postingWorker`.
    ///
    /// Hashes are checked before the store is entered, so one push's hashing never holds up another request.
    /// A batch that arrives while an earlier push of the same kiosk is still being processed waits for it
    /// (`IntakeTurns`) rather than being refused as a gap.
    public nonisolated func applyJournal(kiosk: String, records: [WireRecord]) async throws(ServerStoreError)
        -> Result<JournalAcknowledgement, IntakeRejection> {
        await beginIntake(kiosk: kiosk)
        let checked = records.sorted { $0.sequence < $1.sequence }.map { wire in
            let record = JournalRecord(kioskID: kiosk, sequence: wire.sequence, recordedAt: wire.recordedAt, type: wire.type,
                                       payload: wire.payload, previousHash: wire.previousHash, hash: wire.hash)
            return CheckedRecord(record: record, hashIsValid: record.hasValidHash)
        }
        return try await applyChecked(kiosk: kiosk, records: checked)
    }

    func beginIntake(kiosk: String) {
        intakeTurns.begin(kiosk)
    }

    func endIntake(kiosk: String) {
        for waiter in intakeTurns.end(kiosk) { waiter.resume() }
    }

    /// Pushes of `kiosk` waiting for an earlier one (tests watch it).
    func waitingIntakes(kiosk: String) -> Int {
        intakeTurns.waitingCount(kiosk)
    }

    private func applyChecked(kiosk: String, records: [CheckedRecord]) async throws(ServerStoreError)
        -> Result<JournalAcknowledgement, IntakeRejection> {
        defer { endIntake(kiosk: kiosk) }
        if let first = records.first?.record.sequence {
            while intakeTurns.anotherIsRunning(kiosk), try acknowledgedSequence(kiosk: kiosk) < first - 1 {
                await withCheckedContinuation { intakeTurns.park(kiosk, $0) }
                intakeTurns.resume(kiosk)
            }
        }
        let now = clock()
        do {
            let head = try write { connection in
                try Self.apply(records, kiosk: kiosk, now: now, connection: connection)
            }
            postingWorker.nudge()
            return .success(JournalAcknowledgement(acknowledgedThrough: head.sequence))
        } catch {
            guard let rejection = error.rejection else { throw error }
            if rejection.code != .gap {
                try raiseAlert(kiosk: kiosk, code: rejection.code, sequence: rejection.sequence, message: rejection.message)
            }
            return .failure(rejection)
        }
    }

    /// The highest contiguous sequence held for `kiosk`.
    public func acknowledgedSequence(kiosk: String) throws(ServerStoreError) -> Int64 {
        try read { try $0.cached("SELECT acknowledged_through FROM kiosks WHERE kiosk = ?").firstRow([kiosk])?.int64(0) ?? 0 }
    }

    public func storedRecordCount(kiosk: String) throws(ServerStoreError) -> Int64 {
        try read { try $0.cached("SELECT count(*) FROM kiosk_records WHERE kiosk = ?").firstRow([kiosk])?.int64(0) ?? 0 }
    }

    public func postingCount(kiosk: String) throws(ServerStoreError) -> Int64 {
        try read { try $0.cached("SELECT count(*) FROM postings WHERE kiosk = ?").firstRow([kiosk])?.int64(0) ?? 0 }
    }

    /// A received record and whether its hash recomputes.
    private struct CheckedRecord: Sendable {
        let record: JournalRecord
        let hashIsValid: Bool
    }

    private struct Head {
        var sequence: Int64
        var hash: [UInt8]
    }

    private static func apply(_ records: [CheckedRecord], kiosk: String, now: Int64, connection: Connection) throws -> Head {
        guard let row = try connection.cached("SELECT acknowledged_through, head_hash FROM kiosks WHERE kiosk = ?").firstRow([kiosk]) else {
            throw ServerStoreError(rejection: IntakeRejection(code: .unknownKiosk, message: "expected a configured kiosk, found \(kiosk)",
                                                               expectedSequence: 1, sequence: 0))
        }
        var head = Head(sequence: try row.int64(0), hash: try row.blob(1))
        let insert = try connection.cached("""
            INSERT INTO kiosk_records (kiosk, sequence, recorded_at, type, payload, previous_hash, hash, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for checked in records {
            let record = checked.record
            if record.sequence <= head.sequence {
                let stored = try connection.cached("""
                    SELECT recorded_at, type, payload, previous_hash, hash FROM kiosk_records WHERE kiosk = ? AND sequence = ?
                    """).firstRow([kiosk, record.sequence])
                let same = try stored.map { row in
                    try row.int64(0) == record.recordedAt && row.string(1) == record.type && row.blob(2) == record.payload
                        && row.blob(3) == record.previousHash && row.blob(4) == record.hash
                } ?? false
                if same { continue }
                throw defect(checked.hashIsValid ? .fork : .altered, record, head: head,
                             checked.hashIsValid
                                ? "record \(record.sequence) differs from the record already stored at that sequence; expected an identical re-send"
                                : "record \(record.sequence): expected its hash to match its content, found a mismatch (and it differs from the stored record)")
            }
            guard record.sequence == head.sequence + 1 else {
                throw defect(.gap, record, head: head,
                             "expected sequence \(head.sequence + 1) next, found \(record.sequence); send the missing records first")
            }
            guard checked.hashIsValid else {
                throw defect(.altered, record, head: head, "record \(record.sequence): expected its hash to match its content, found a mismatch")
            }
            guard record.previousHash == head.hash else {
                throw defect(.fork, record, head: head,
                             "record \(record.sequence): expected previous_hash \(ByteText.hex(head.hash)) (the stored record \(head.sequence)), "
                                + "found \(ByteText.hex(record.previousHash))")
            }
            try insert.run([kiosk, record.sequence, record.recordedAt, record.type, record.payload, record.previousHash, record.hash, now])
            head.sequence = record.sequence
            head.hash = record.hash
        }
        try connection.cached("UPDATE kiosks SET acknowledged_through = ?, head_hash = ?, last_push_at = ? WHERE kiosk = ?")
            .run([head.sequence, head.hash, now, kiosk])
        return head
    }

    private static func defect(_ code: SyncErrorCode, _ record: JournalRecord, head: Head, _ message: String) -> ServerStoreError {
        ServerStoreError(rejection: IntakeRejection(code: code, message: message, expectedSequence: head.sequence + 1, sequence: record.sequence))
    }
}

extension ServerStoreError {
    init(rejection: IntakeRejection) {
        message = rejection.description
        self.rejection = rejection
        importRejection = nil
    }

    init(importRejection: ImportRejection) {
        message = importRejection.description
        rejection = nil
        self.importRejection = importRejection
    }
}
