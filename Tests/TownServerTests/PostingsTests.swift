import SyncProtocol
import TestSupport
import Testing
import TownCore
import TownServer

@Suite struct PostingsTests {
    static func journalWithEverything() -> FakeKioskJournal {
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.append("payment.started", FakeKioskJournal.paymentStarted(transaction: 1, obligation: "O-7", amount: 12_345))
        journal.append("receipt.issued", FakeKioskJournal.receipt(transaction: 1, number: 1, kind: "payment", amount: 12_345,
                                                                  cash: 5_000, card: 7_345, rounding: 0))
        journal.append("refund.owed", FakeKioskJournal.refundOwed(transaction: 2, amount: 2_000))
        journal.append("cash.collected", #"{"counted":{"20000":3},"counted_amount":60000,"difference":0,"expected":{"20000":3},"expected_amount":60000,"technician":"novak","unit":"cashbox"}"#)
        journal.append("cash.refilled", #"{"amount":100000,"pieces":{"2000":50},"technician":"novak","unit":"hopper"}"#)
        journal.appendNoise(1)
        return journal
    }

    @Test func postingsAreDerivedOnceWithTheirDetails() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        let journal = Self.journalWithEverything()
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...6))
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...6))
        let page = try await store.postings(client: "econ", after: nil, limit: 100)
        #expect(page.postings.map(\.kind) == [.payment, .refundOwed, .cashCollected, .cashRefilled])
        #expect(page.postings.map(\.postingID) == ["K01:2", "K01:3", "K01:4", "K01:5"])
        let payment = page.postings[0]
        #expect(payment.amount == Money(halere: 12_345))
        #expect(payment.cash == Money(halere: 5_000))
        #expect(payment.card == Money(halere: 7_345))
        #expect(payment.receipt == "K01-2026-000001")
        #expect(payment.variableSymbol == "1341000123")
        #expect(payment.target == Posting.Target(kind: "obligation", id: "O-7"))
        #expect(page.postings[1].amount == Money(halere: 2_000))
        #expect(page.postings[2].amount == Money(halere: 60_000))
        #expect(page.postings[2].details?["technician"] == .string("novak"))
        #expect(page.postings[3].amount == Money(halere: 100_000))
        #expect(!page.hasMore)
        #expect(try await store.alerts(kiosk: "K01").isEmpty)
    }

    @Test func aPayoutReceiptNamesItsVoucher() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        let voucher = String(decoding: WireJSON.encode(try Fixture.voucher("V2026000001", bound: "K01")), as: UTF8.self)
        journal.append("payout.intent", #"{"plan":{},"rounding":{"original":150000,"rounded":150000,"difference":0,"tender":"cash"},"steps":[],"transaction":3,"voucher":\#(voucher)}"#)
        journal.append("receipt.issued", FakeKioskJournal.receipt(transaction: 3, number: 2, kind: "payout", amount: 150_000, cash: 150_000, card: 0))
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...2))
        let postings = try await store.postings(client: "econ", after: nil, limit: 10).postings
        #expect(postings.map(\.kind) == [.payout])
        #expect(postings.first?.amount == Money(halere: 150_000))
        #expect(postings.first?.receipt == "K01-2026-000002")
        #expect(postings.first?.voucherID == "V2026000001")
        #expect(try await store.alerts(kiosk: "K01").isEmpty)
    }

    @Test func acknowledgingMovesTheCursorForwardOnly() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        let journal = Self.journalWithEverything()
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...6))
        let first = try await store.postings(client: "econ", after: nil, limit: 2)
        #expect(first.postings.count == 2)
        #expect(first.hasMore)
        _ = try await store.acknowledgePostings(client: "econ", through: Int64(first.cursor)!).get()
        let rest = try await store.postings(client: "econ", after: nil, limit: 10)
        #expect(rest.postings.map(\.postingID) == ["K01:4", "K01:5"])
        #expect(rest.acknowledgedThrough == first.cursor)
        // Going back is ignored; beyond the last posting is refused.
        #expect(try await store.acknowledgePostings(client: "econ", through: 1).get().through == first.cursor)
        if case .success = try await store.acknowledgePostings(client: "econ", through: 999) { Issue.record("ack beyond the end must fail") }
        _ = try await store.acknowledgePostings(client: "econ", through: Int64(rest.cursor)!).get()
        #expect(try await store.postings(client: "econ", after: nil, limit: 10).postings.isEmpty)
        #expect(try await store.health().unacknowledgedPostings == 0)
    }

    @Test func anUndecodableKnownRecordIsStoredAndAlerted() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.append("receipt.issued", #"{"amount":"lots"}"#)
        #expect(JournalIntakeTests.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...1))) == 1)
        // The posting worker, behind the intake, finds it.
        try await store.postingWorker.catchUp()
        #expect(try await store.alerts(kiosk: "K01").map(\.code) == ["undecodable_record"])
        #expect(try await store.postingWorker.catchUp() == 0)
        #expect(try await store.alerts(kiosk: "K01").first?.count == 1)
    }

    @Test func theWorkerPostsInTheBackgroundOnceTheIntakePauses() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        let journal = Self.journalWithEverything()
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...6))
        // Nobody asks for a catch-up: the nudge after the commit derives once the intake is quiet.
        for _ in 0..<1_000 where try await store.postingCount(kiosk: "K01") < 4 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await store.postingCount(kiosk: "K01") == 4)
        #expect(try await store.postingWorker.catchUp() == 0, "nothing left for an explicit catch-up")
    }

    @Test func healthShowsTheWorkersAlertsWithoutWaitingForIt() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.append("receipt.issued", #"{"amount":"lots"}"#)
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...1))
        // No explicit catch-up: the health report has the worker catch up before it counts.
        let health = try await store.health()
        #expect(health.kiosks.first { $0.kiosk == "K01" }?.alerts.map(\.code) == ["undecodable_record"])
    }

    @Test func aReopenedStorePostsWhatItHadNotYetPostedAndNothingTwice() async throws {
        let directory = try TemporaryDirectory()
        let journal = Self.journalWithEverything()
        do {
            let store = try Fixture.store(directory, clock: ManualClock())
            _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...3))
            try await store.postingWorker.catchUp()
            #expect(try await store.postingCount(kiosk: "K01") == 2)
            // Stored and acknowledged; the process may stop before its worker gets to these.
            _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(4...6))
        }
        let reopened = try Fixture.store(directory, clock: ManualClock())
        let page = try await reopened.postings(client: "econ", after: nil, limit: 100)
        #expect(page.postings.map(\.postingID) == ["K01:2", "K01:3", "K01:4", "K01:5"])
        #expect(try await reopened.postingWorker.catchUp() == 0)
        #expect(try await reopened.postingCount(kiosk: "K01") == 4)
    }

    @Test func aReceiptFindsItsTargetFromAnEarlierBatch() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        let journal = Self.journalWithEverything()
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...1))
        try await store.postingWorker.catchUp()
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(2...2))
        let payment = try await store.postings(client: "econ", after: nil, limit: 10).postings.first
        #expect(payment?.postingID == "K01:2")
        #expect(payment?.target?.id == "O-7")
    }
}
