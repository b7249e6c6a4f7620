import Foundation
import Journal
import SyncProtocol
import TestSupport
import Testing
import TownServer

/// The loop the kiosk's sync agent runs, against a real SQLite journal and the real server over loopback.
@Suite(.serialized) struct KioskSyncLoopTests {
    static func wire(_ record: JournalRecord) -> WireRecord {
        WireRecord(sequence: record.sequence, recordedAt: record.recordedAt, type: record.type, payload: record.payload,
                   previousHash: record.previousHash, hash: record.hash)
    }

    /// One push round: send the outbox, drop what the server acknowledged.
    static func pushOutbox(_ journal: Journal, _ client: SyncClient) async throws -> Int64 {
        let pending = try journal.pendingOutbox(limit: 500).map(Self.wire)
        let ack = try await client.push(pending)
        try journal.acknowledgeOutbox(through: ack.acknowledgedThrough)
        return ack.acknowledgedThrough
    }

    @Test func aRealJournalConvergesExactlyOnceThroughLostAnswersAndDowntime() async throws {
        let kioskDirectory = try TemporaryDirectory()
        let journal = try Journal(path: kioskDirectory.path("journal.sqlite"), kioskID: "K01")
        try journal.append(type: "payment.started", payload: Array(FakeKioskJournal.paymentStarted(transaction: 1, obligation: "O-1", amount: 10_000).utf8))
        try journal.append(type: "receipt.issued", payload: Array(FakeKioskJournal.receipt(transaction: 1, number: 1, kind: "payment",
                                                                                           amount: 10_000, cash: 10_000, card: 0).utf8))
        let clock = ManualClock()

        // Server down: the push fails without an answer and the outbox stays.
        let offline = SyncClient(baseURL: URL(string: "http://127.0.0.1:9")!, kioskID: "K01", secret: Fixture.k01Secret,
                                 timeoutSeconds: 2, clock: clock.function)
        await #expect(throws: SyncClientError.self) { _ = try await Self.pushOutbox(journal, offline) }
        #expect(try journal.pendingOutboxCount() == 2)

        try await LoopbackServer.run(clock: clock) { url, store in
            let client = SyncClient(baseURL: url, kioskID: "K01", secret: Fixture.k01Secret, clock: clock.function)
            // The answer is lost after the server committed: the kiosk sends the same records again.
            _ = try await client.push(try journal.pendingOutbox().map(Self.wire))
            #expect(try journal.pendingOutboxCount() == 2)
            #expect(try await Self.pushOutbox(journal, client) == 2)
            #expect(try journal.pendingOutboxCount() == 0)

            // Days of offline activity, then catch-up in pages.
            clock.advance(days: 3)
            for index in 0..<1_200 {
                try journal.append(type: "device.report", payload: Array(#"{"detail":"tick \#(index)","device":"printer"}"#.utf8))
            }
            var head: Int64 = 0
            while try journal.pendingOutboxCount() > 0 { head = try await Self.pushOutbox(journal, client) }
            #expect(head == 1_202)
            #expect(try await store.storedRecordCount(kiosk: "K01") == 1_202)
            #expect(try await store.postings(client: "econ", after: nil, limit: 100).postings.map(\.postingID) == ["K01:2"])
        }
    }
}
