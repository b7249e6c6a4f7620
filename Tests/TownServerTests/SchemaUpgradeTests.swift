import Journal
import SQLiteDB
import SyncProtocol
import TestSupport
import Testing
@testable import TownServer

/// A server database written by the v1 intake (postings derived inside it) opened by today's server.
@Suite struct SchemaUpgradeTests {
    @Test func anUpgradedDatabasePostsOnlyWhatArrivesAfterTheUpgrade() async throws {
        let directory = try TemporaryDirectory()
        let journal = PostingsTests.journalWithEverything()
        let early = journal.wire(1...2)
        do {
            // Schema v1 as the old server left it: records 1–2 stored, acknowledged and already posted.
            let connection = try Connection(path: Fixture.config(directory).databasePath)
            defer { connection.close() }
            #expect(try Migrator([ServerSchema.migrator.migrations[0]]).migrate(connection).to == 1)
            try connection.inTransaction {
                try connection.execute("INSERT INTO kiosks (kiosk, head_hash) VALUES ('K01', x'\(ByteText.hex(JournalRecord.genesisHash))')")
                for record in early {
                    try connection.cached("""
                        INSERT INTO kiosk_records (kiosk, sequence, recorded_at, type, payload, previous_hash, hash, received_at)
                        VALUES ('K01', ?, ?, ?, ?, ?, ?, 0)
                        """).run([record.sequence, record.recordedAt, record.type, record.payload, record.previousHash, record.hash])
                }
                try connection.cached("UPDATE kiosks SET acknowledged_through = 2, head_hash = ? WHERE kiosk = 'K01'").run([early[1].hash])
                try connection.cached("INSERT INTO kiosk_transactions (kiosk, transaction_number, target_kind, target_id) VALUES ('K01', 1, 'obligation', 'O-7')").run()
                try connection.cached("INSERT INTO postings (kiosk, sequence, kind, document) VALUES ('K01', 2, 'payment', ?)")
                    .run([try Self.v1Document(early[1])])
            }
        }
        let store = try Fixture.store(directory, clock: ManualClock())
        // The upgrade starts the posting cursor at the acknowledged head: record 2 is not posted a second time
        // (a second row would break UNIQUE (kiosk, sequence) and stall the worker).
        #expect(try await store.postingWorker.catchUp() == 0)
        #expect(JournalIntakeTests.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...6))) == 6)
        try await store.postingWorker.catchUp()
        #expect(try await store.postingCount(kiosk: "K01") == 4)
        let page = try await store.postings(client: "econ", after: nil, limit: 100)
        #expect(page.postings.map(\.postingID) == ["K01:2", "K01:3", "K01:4", "K01:5"])
        #expect(page.postings.map(\.kind) == [.payment, .refundOwed, .cashCollected, .cashRefilled])
        #expect(try await store.alerts(kiosk: "K01").isEmpty)
    }

    /// The posting the v1 intake stored for a receipt (the same deriver ran inside it).
    static func v1Document(_ wire: WireRecord) throws -> String {
        let record = JournalRecord(kioskID: "K01", sequence: wire.sequence, recordedAt: wire.recordedAt, type: wire.type,
                                   payload: wire.payload, previousHash: wire.previousHash, hash: wire.hash)
        guard case .posting(let posting) = try PostingDeriver.derive(record, lookup: { _ in
            TransactionFacts(target: Posting.Target(kind: "obligation", id: "O-7"))
        }) else { throw SQLiteError(code: .misuse, message: "record \(wire.sequence) yields no posting") }
        return String(decoding: WireJSON.encode(posting), as: UTF8.self)
    }
}
