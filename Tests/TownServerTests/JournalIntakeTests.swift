import Journal
import SyncProtocol
import TestSupport
import Testing
import TownServer

@Suite struct JournalIntakeTests {
    static func acknowledged(_ result: Result<JournalAcknowledgement, IntakeRejection>) -> Int64? {
        if case .success(let ack) = result { return ack.acknowledgedThrough }
        return nil
    }

    static func rejected(_ result: Result<JournalAcknowledgement, IntakeRejection>) -> IntakeRejection? {
        if case .failure(let rejection) = result { return rejection }
        return nil
    }

    @Test func recordsApplyOnceAndAnIdenticalResendIsAcknowledgedSilently() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(10)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...10))) == 10)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...10))) == 10)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(4...6))) == 10)
        #expect(try await store.storedRecordCount(kiosk: "K01") == 10)
        #expect(try await store.alerts(kiosk: "K01").isEmpty)
    }

    @Test func aBatchMayOverlapWhatIsStoredAndArriveInAnyOrder() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(12)
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...5))
        let shuffled = Array(journal.wire(3...12).reversed())
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: shuffled)) == 12)
        #expect(try await store.storedRecordCount(kiosk: "K01") == 12)
    }

    @Test func aGapIsRefusedThenAcceptedOnceFilled() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(10)
        let early = try #require(Self.rejected(try await store.applyJournal(kiosk: "K01", records: journal.wire(6...10))))
        #expect(early.code == .gap)
        #expect(early.expectedSequence == 1)
        #expect(early.message.contains("expected sequence 1"))
        #expect(try await store.acknowledgedSequence(kiosk: "K01") == 0)
        #expect(try await store.storedRecordCount(kiosk: "K01") == 0)
        // A batch with a hole in the middle is refused whole: its good prefix is not applied either.
        let holed = journal.wire(1...3) + journal.wire(5...6)
        #expect(Self.rejected(try await store.applyJournal(kiosk: "K01", records: holed))?.expectedSequence == 4)
        #expect(try await store.acknowledgedSequence(kiosk: "K01") == 0)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...5))) == 5)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(6...10))) == 10)
        #expect(try await store.alerts(kiosk: "K01").isEmpty)
    }

    @Test func aDifferentValidRecordAtAStoredSequenceIsAForkWithAnAlert() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(5)
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...5))
        var other = FakeKioskJournal(kiosk: "K01")
        other.appendNoise(2)
        other.append("device.report", #"{"detail":"another history","device":"printer"}"#)
        let fork = try #require(Self.rejected(try await store.applyJournal(kiosk: "K01", records: other.wire(1...3))))
        #expect(fork.code == .fork)
        #expect(fork.sequence == 3)
        #expect(fork.expectedSequence == 6)
        let alerts = try await store.alerts(kiosk: "K01")
        #expect(alerts.map(\.code) == ["fork"])
        #expect(alerts.first?.sequence == 3)
        #expect(try await store.acknowledgedSequence(kiosk: "K01") == 5)
        // The same fork sent again counts on the same alert.
        _ = try await store.applyJournal(kiosk: "K01", records: other.wire(1...3))
        #expect(try await store.alerts(kiosk: "K01").first?.count == 2)
    }

    @Test func aNewRecordThatDoesNotLinkToTheStoredHeadIsAFork() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(3)
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...2))
        var other = FakeKioskJournal(kiosk: "K01")
        other.appendNoise(1)
        other.append("device.report", #"{"detail":"diverged","device":"hopper"}"#)
        other.appendNoise(1)
        let rejection = try #require(Self.rejected(try await store.applyJournal(kiosk: "K01", records: other.wire(3...3))))
        #expect(rejection.code == .fork)
        #expect(rejection.message.contains("expected previous_hash"))
        #expect(try await store.acknowledgedSequence(kiosk: "K01") == 2)
    }

    @Test func anAlteredPayloadIsRefusedWithAnAlertWhetherNewOrResent() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.append("receipt.issued", FakeKioskJournal.receipt(transaction: 1, number: 1, kind: "payment", amount: 10_000, cash: 10_000, card: 0))
        journal.append("receipt.issued", FakeKioskJournal.receipt(transaction: 2, number: 2, kind: "payment", amount: 20_000, cash: 20_000, card: 0))
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...1))

        var tamperedNew = journal.wire(2...2)[0]
        tamperedNew.payload = Array(FakeKioskJournal.receipt(transaction: 2, number: 2, kind: "payment", amount: 2_000, cash: 2_000, card: 0).utf8)
        let new = try #require(Self.rejected(try await store.applyJournal(kiosk: "K01", records: [tamperedNew])))
        #expect(new.code == .altered)

        var tamperedOld = journal.wire(1...1)[0]
        tamperedOld.recordedAt += 1
        let old = try #require(Self.rejected(try await store.applyJournal(kiosk: "K01", records: [tamperedOld])))
        #expect(old.code == .altered)

        #expect(Set(try await store.alerts(kiosk: "K01").map(\.code)) == ["altered"])
        #expect(try await store.acknowledgedSequence(kiosk: "K01") == 1)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...2))) == 2)
    }

    @Test func aBatchReplayedThirtyDaysLaterChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let store = try Fixture.store(directory, clock: clock)
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.append("payment.started", FakeKioskJournal.paymentStarted(transaction: 1, obligation: "O-1", amount: 10_000))
        journal.append("receipt.issued", FakeKioskJournal.receipt(transaction: 1, number: 1, kind: "payment", amount: 10_000, cash: 10_000, card: 0))
        _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...2))
        clock.advance(days: 30)
        #expect(Self.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...2))) == 2)
        #expect(try await store.storedRecordCount(kiosk: "K01") == 2)
        #expect(try await store.postings(client: "econ", after: nil, limit: 100).postings.count == 1)
    }

    @Test func exactlyOnceSurvivesReopeningTheDatabase() async throws {
        let directory = try TemporaryDirectory()
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(4)
        do {
            let store = try Fixture.store(directory, clock: ManualClock())
            _ = try await store.applyJournal(kiosk: "K01", records: journal.wire(1...4))
        }
        let reopened = try Fixture.store(directory, clock: ManualClock())
        #expect(try await reopened.acknowledgedSequence(kiosk: "K01") == 4)
        #expect(Self.acknowledged(try await reopened.applyJournal(kiosk: "K01", records: journal.wire(1...4))) == 4)
        #expect(try await reopened.storedRecordCount(kiosk: "K01") == 4)
    }

    @Test func recordsOfOneKioskSentAsAnotherAreAltered() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(1)
        // The hash covers the kiosk id, so K01's record cannot pass as K02's.
        #expect(Self.rejected(try await store.applyJournal(kiosk: "K02", records: journal.wire(1...1)))?.code == .altered)
    }
}
