import Testing
import TestSupport
@testable import Journal
@testable import SQLiteDB

/// Someone with the database file edits it behind the kiosk's back; `verify` must name the first bad record.
@Suite struct JournalTamperTests {
    func journalWithRecords(_ count: Int, in dir: TemporaryDirectory) throws -> String {
        let path = dir.path("j.sqlite")
        let journal = try Journal(path: path, kioskID: "K01")
        for n in 1...count { try journal.append(type: "cash.test", payload: Array("payload \(n)".utf8)) }
        return path
    }

    /// Opens the file as an attacker would: triggers dropped, foreign keys off.
    func tamper(_ path: String, _ sql: String) throws {
        let db = try Connection(path: path)
        try db.execute("PRAGMA foreign_keys = OFF; DROP TRIGGER journal_is_append_only_update; DROP TRIGGER journal_is_append_only_delete")
        try db.execute(sql)
    }

    func defect(_ path: String) throws -> JournalDefect? {
        do {
            _ = try Journal(path: path, kioskID: "K01").verify()
            return nil
        } catch let JournalError.defect(defect) {
            return defect
        }
    }

    @Test func anUntouchedJournalVerifies() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(20, in: dir)
        #expect(try defect(path) == nil)
    }

    @Test func anEditedPayloadIsFound() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(20, in: dir)
        try tamper(path, "UPDATE journal SET payload = CAST('payload 99' AS BLOB) WHERE seq = 7")
        #expect(try defect(path) == .alteredRecord(sequence: 7))
    }

    @Test func anEditedTimeOrTypeIsFound() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(20, in: dir)
        try tamper(path, "UPDATE journal SET recorded_at = recorded_at + 1 WHERE seq = 12")
        #expect(try defect(path) == .alteredRecord(sequence: 12))
        let other = try TemporaryDirectory()
        let second = try journalWithRecords(5, in: other)
        try tamper(second, "UPDATE journal SET type = 'cash.refund' WHERE seq = 2")
        #expect(try defect(second) == .alteredRecord(sequence: 2))
    }

    @Test func aDeletedRowIsFound() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(20, in: dir)
        try tamper(path, "DELETE FROM outbox WHERE seq = 7; DELETE FROM journal WHERE seq = 7")
        #expect(try defect(path) == .gap(expected: 7, found: 8))
    }

    @Test func reorderedRowsAreFound() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(20, in: dir)
        try tamper(path, """
            UPDATE journal SET seq = -1 WHERE seq = 7;
            UPDATE journal SET seq = 7 WHERE seq = 8;
            UPDATE journal SET seq = 8 WHERE seq = -1;
            """)
        #expect(try defect(path) == .brokenLink(sequence: 7))
    }

    @Test func aForgedRecordAppendedByHandIsFound() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(3, in: dir)
        try tamper(path, """
            INSERT INTO journal (seq, kiosk_id, recorded_at, type, payload, prev_hash, hash)
            VALUES (4, 'K01', 0, 'cash.payout', x'00', zeroblob(32), zeroblob(32))
            """)
        #expect(try defect(path) == .brokenLink(sequence: 4))
    }

    @Test func anOrphanedOutboxRowIsFound() throws {
        let dir = try TemporaryDirectory()
        let path = try journalWithRecords(3, in: dir)
        try tamper(path, "INSERT INTO outbox (seq) VALUES (9)")
        #expect(try defect(path) == .orphanOutboxRow(sequence: 9))
    }

    @Test func theChainVerifierRejectsForeignAndOutOfOrderRecords() {
        let first = JournalRecord.chained(kioskID: "K01", sequence: 1, recordedAt: 0, type: "t", payload: [1],
                                          previousHash: JournalRecord.genesisHash)
        let second = JournalRecord.chained(kioskID: "K01", sequence: 2, recordedAt: 0, type: "t", payload: [2], previousHash: first.hash)
        var verifier = ChainVerifier(kioskID: "K01")
        #expect(verifier.check(second) == .gap(expected: 1, found: 2))
        #expect(verifier.check(first) == nil)
        #expect(verifier.check(first) == .gap(expected: 2, found: 1), "a duplicate is not accepted twice")
        let foreign = JournalRecord.chained(kioskID: "K02", sequence: 2, recordedAt: 0, type: "t", payload: [2], previousHash: first.hash)
        #expect(verifier.check(foreign) == .foreignKiosk(sequence: 2, expected: "K01", found: "K02"))
        #expect(verifier.check(second) == nil)
        #expect(verifier.lastSequence == 2)
    }
}
