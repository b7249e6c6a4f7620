import Journal
import SyncProtocol
import TestSupport
import Testing
@testable import TownServer

/// Two pushes of one kiosk in flight: the later batch waits for the earlier instead of being refused as a gap.
@Suite struct IntakeTurnsTests {
    @Test func aParkedPushIsHandedBackWhenTheRunningOneEnds() {
        var turns = IntakeTurns<String>()
        turns.begin("K01")
        turns.begin("K01")
        #expect(turns.anotherIsRunning("K01"))
        turns.park("K01", "later")
        #expect(!turns.anotherIsRunning("K01"), "only the earlier push runs now")
        #expect(turns.waitingCount("K01") == 1)
        #expect(turns.end("K01") == ["later"])
        turns.resume("K01")
        #expect(turns.runningCount("K01") == 1)
        #expect(turns.end("K01").isEmpty)
        #expect(turns.runningCount("K01") == 0 && turns.waitingCount("K01") == 0)
    }

    @Test func twoParkedPushesNeverWaitForEachOther() {
        var turns = IntakeTurns<String>()
        turns.begin("K01")
        turns.begin("K01")
        turns.park("K01", "first")
        // The other one sees nobody running: it goes (and is refused or applied) instead of waiting too.
        #expect(!turns.anotherIsRunning("K01"))
    }

    @Test func kiosksDoNotWaitForEachOther() {
        var turns = IntakeTurns<String>()
        turns.begin("K01")
        turns.begin("K02")
        #expect(!turns.anotherIsRunning("K01"))
        #expect(!turns.anotherIsRunning("K02"))
        turns.park("K02", "K02's")
        #expect(turns.end("K01").isEmpty)
        #expect(turns.end("K02") == ["K02's"])
    }

    /// Records 6–10 pushed while an earlier push of K01 is in progress (its body still being read and hashed),
    /// returned once they wait for it.
    struct Overtaken {
        let directory: TemporaryDirectory
        let store: ServerStore
        let journal: FakeKioskJournal
        let later: Task<Result<JournalAcknowledgement, IntakeRejection>, any Error>

        init() async throws {
            directory = try TemporaryDirectory()
            let store = try Fixture.store(directory, clock: ManualClock())
            var journal = FakeKioskJournal(kiosk: "K01")
            journal.appendNoise(10)
            await store.beginIntake(kiosk: "K01")
            let ahead = journal.wire(6...10)
            later = Task { try await store.applyJournal(kiosk: "K01", records: ahead) }
            try await IntakeTurnsTests.waitUntil { await store.waitingIntakes(kiosk: "K01") == 1 }
            self.store = store
            self.journal = journal
        }
    }

    @Test func aBatchAheadWaitsForTheEarlierPushAndThenApplies() async throws {
        let rig = try await Overtaken()
        let (store, journal, later) = (rig.store, rig.journal, rig.later)
        #expect(try await store.storedRecordCount(kiosk: "K01") == 0)
        // The earlier batch lands; the later one follows it instead of having been refused as a gap.
        #expect(JournalIntakeTests.acknowledged(try await store.applyJournal(kiosk: "K01", records: journal.wire(1...5))) == 5)
        #expect(JournalIntakeTests.acknowledged(try await later.value) == 10)
        await store.endIntake(kiosk: "K01")
        #expect(try await store.storedRecordCount(kiosk: "K01") == 10)
        #expect(try await store.alerts(kiosk: "K01").isEmpty)
    }

    @Test func aWaitingBatchIsRefusedAsAGapWhenTheEarlierPushBringsNothing() async throws {
        let rig = try await Overtaken()
        let (store, later) = (rig.store, rig.later)
        // The earlier push fails (say its signature was bad): the later batch gets its gap, at once.
        await store.endIntake(kiosk: "K01")
        let refused = try #require(JournalIntakeTests.rejected(try await later.value))
        #expect(refused.code == .gap && refused.expectedSequence == 1)
        #expect(try await store.storedRecordCount(kiosk: "K01") == 0)
    }

    @Test func withNoEarlierPushInProgressAGapIsRefusedAtOnce() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        var journal = FakeKioskJournal(kiosk: "K01")
        journal.appendNoise(10)
        async let first = store.applyJournal(kiosk: "K01", records: journal.wire(6...8))
        async let second = store.applyJournal(kiosk: "K01", records: journal.wire(9...10))
        // Both are ahead of the head: whichever waits is released when the other is refused; neither hangs.
        let results = try await [first, second]
        #expect(results.allSatisfy { JournalIntakeTests.rejected($0)?.code == .gap })
        #expect(await store.waitingIntakes(kiosk: "K01") == 0)
    }

    static func waitUntil(_ condition: () async -> Bool) async throws {
        for _ in 0..<2_000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("condition not met within 10 s")
    }
}
