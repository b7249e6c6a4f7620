import Testing
import TestSupport
@testable import Journal
@testable import SQLiteDB

struct NoteCredited: JournalEntry {
    static let recordType = "cash.note_credited"
    let transactionID: String
    let halere: Int64
}

@Suite struct JournalAppendTests {
    @Test func appendsAGaplessChainWithAnOutboxRowEach() throws {
        let dir = try TemporaryDirectory()
        var time: Int64 = 1_700_000_000_000
        let journal = try Journal(path: dir.path("j.sqlite"), kioskID: "K01", clock: { 1_700_000_000_000 })
        var previous = JournalRecord.genesisHash
        for n in 1...50 {
            let record = try journal.append(type: "test.n", payload: Array("record \(n)".utf8))
            #expect(record.sequence == Int64(n))
            #expect(record.previousHash == previous)
            #expect(record.hasValidHash)
            previous = record.hash
            time += 1
        }
        let summary = try journal.verify()
        #expect(summary.lastSequence == 50)
        #expect(summary.headHash == previous)
        #expect(summary.pendingOutbox == 50)
        #expect(try journal.pendingOutbox(limit: 10).map(\.sequence) == Array(1...10))
    }

    @Test func typedEntriesAreStoredAsCanonicalJSON() throws {
        let dir = try TemporaryDirectory()
        let journal = try Journal(path: dir.path("j.sqlite"), kioskID: "K01")
        let record = try journal.append(NoteCredited(transactionID: "T1", halere: 50_000))
        #expect(String(decoding: record.payload, as: UTF8.self) == #"{"halere":50000,"transactionID":"T1"}"#)
        #expect(try journal.record(sequence: 1)?.decode(NoteCredited.self)?.halere == 50_000)
        #expect(try journal.record(sequence: 1)?.decode(OtherEntry.self) == nil)
    }

    @Test func hashFormatIsStable() {
        // Known answer: changing the canonical encoding would orphan every journal already written.
        let record = JournalRecord.chained(kioskID: "K01", sequence: 1, recordedAt: 1_764_000_000_000, type: "test",
                                           payload: Array("{}".utf8), previousHash: JournalRecord.genesisHash)
        #expect(record.hash.hexString == JournalGolden.firstRecordHash)
    }

    @Test func streamedHashEqualsTheHashOfTheCanonicalBytes() {
        // Known answer computed independently (Python hashlib over previous ‖ canonical bytes).
        let payload = Array(#"{"a":1}"#.utf8)
        let record = JournalRecord.chained(kioskID: "K01", sequence: 1, recordedAt: 1_700_000_000_000, type: "payment.started",
                                           payload: payload, previousHash: JournalRecord.genesisHash)
        #expect(record.hash.hexString == "36f618c73a5c471a0718d5c645903e0f9910873ff71bf62a036605b024b8f8ff")
        let canonical = JournalRecord.canonicalBytes(kioskID: "K01", sequence: 1, recordedAt: 1_700_000_000_000,
                                                     type: "payment.started", payload: payload)
        #expect(JournalRecord.chainHash(previous: JournalRecord.genesisHash, canonical: canonical) == record.hash)
        #expect(record.hasValidHash)
        let altered = JournalRecord(kioskID: "K01", sequence: 1, recordedAt: 1_700_000_000_000, type: "payment.startee",
                                    payload: payload, previousHash: JournalRecord.genesisHash, hash: record.hash)
        #expect(!altered.hasValidHash)
        let truncated = JournalRecord(kioskID: "K01", sequence: 1, recordedAt: 1_700_000_000_000, type: "payment.started",
                                      payload: payload, previousHash: JournalRecord.genesisHash, hash: Array(record.hash.dropLast()))
        #expect(!truncated.hasValidHash)
    }

    @Test func acknowledgedOutboxRowsGoAwayButRecordsStay() throws {
        let dir = try TemporaryDirectory()
        let journal = try Journal(path: dir.path("j.sqlite"), kioskID: "K01")
        for _ in 1...5 { try journal.append(type: "t", payload: [1]) }
        try journal.acknowledgeOutbox(through: 3)
        #expect(try journal.pendingOutbox().map(\.sequence) == [4, 5])
        #expect(try journal.records().count == 5)
        #expect(try journal.verify().pendingOutbox == 2)
    }

    @Test func recordsCannotBeUpdatedOrDeletedThroughSQL() throws {
        let dir = try TemporaryDirectory()
        let journal = try Journal(path: dir.path("j.sqlite"), kioskID: "K01")
        try journal.append(type: "t", payload: [1])
        let update = #expect(throws: SQLiteError.self) { try journal.connection.execute("UPDATE journal SET payload = x'02'") }
        #expect(update?.message.contains("never updated") == true)
        let delete = #expect(throws: SQLiteError.self) { try journal.connection.execute("DELETE FROM journal") }
        #expect(delete?.message.contains("never deleted") == true)
    }

    @Test func refusesAJournalOfAnotherKioskAndBadKioskIDs() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("j.sqlite")
        _ = try Journal(path: path, kioskID: "K01")
        let error = #expect(throws: JournalError.self) { try Journal(path: path, kioskID: "K02") }
        #expect(error?.description.contains("belongs to kiosk K01") == true)
        #expect(throws: JournalError.self) { try Journal(path: dir.path("x.sqlite"), kioskID: "K 01; drop") }
        #expect(throws: JournalError.self) { try Journal(path: dir.path("y.sqlite"), kioskID: "") }
    }

    @Test func aStorageErrorOnAppendIsFatalAndLeavesNoHalfRecord() throws {
        let dir = try TemporaryDirectory()
        let journal = try Journal(path: dir.path("j.sqlite"), kioskID: "K01")
        try journal.append(type: "t", payload: [1])
        // Cap the file at its current size: the next append needs pages and fails with SQLITE_FULL, as a full disk would.
        let pages = try journal.connection.prepare("PRAGMA page_count").firstRow()!.int64(0)
        try journal.connection.execute("PRAGMA max_page_count = \(pages)")
        let big = [UInt8](repeating: 7, count: 64 * 1024)
        let error = #expect(throws: JournalError.self) { try journal.append(type: "t", payload: big) }
        guard case .storage(let sqlite)? = error else { Issue.record("expected a storage error, got \(String(describing: error))"); return }
        #expect(sqlite.code.primary == .full)
        #expect(error?.isFatal == true)
        #expect(journal.hasFailed)
        // No silent retry: even a small append is refused until the journal is reopened.
        #expect(throws: JournalError.self) { try journal.append(type: "t", payload: [2]) }
        let reopened = try Journal(path: dir.path("j.sqlite"), kioskID: "K01")
        #expect(try reopened.verify().lastSequence == 1)
    }

    @Test func readOnlyJournalReadsButNeverWrites() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("j.sqlite")
        let writer = try Journal(path: path, kioskID: "K01")
        try writer.append(type: "t", payload: [1])
        let reader = try Journal(path: path, kioskID: "K01", mode: .readOnly)
        #expect(try reader.verify().lastSequence == 1)
        #expect(throws: JournalError.self) { try reader.append(type: "t", payload: [2]) }
    }
}

struct OtherEntry: JournalEntry {
    static let recordType = "other"
    let x: Int
}
