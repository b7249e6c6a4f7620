import Engine
import Foundation
import Journal
import KioskDaemon
import SyncProtocol
import TestSupport
import Testing
import TownCore
import VoucherSigning

/// The agent round by round against an in-memory server, a real journal and a real cache.
@Suite struct SyncAgentRoundTests {
    struct Rig {
        let directory: TemporaryDirectory
        let server = FakeSyncServer()
        let sink = RecordingSink()
        let clock = ManualSyncClock()
        let journal: Journal

        init() throws {
            directory = try TemporaryDirectory()
            journal = try Journal(path: directory.path("journal.sqlite"), kioskID: "K01")
        }

        /// One push in flight and one window per round unless asked: the round-by-round expectations below count batches.
        func agent(keyring: ApproverKeyring? = TestApprovers.keyring, maximumAge: Duration = .seconds(3_600), pushesInFlight: Int = 1,
                   batchesPerRound: Int? = nil, transport: (any SyncTransport)? = nil) throws -> SyncAgent {
            let outbox = try Journal(path: directory.path("journal.sqlite"), kioskID: "K01")
            let cache = try SyncCache(path: directory.path("sync.sqlite"))
            let settings = SyncAgent.Settings(maximumVoucherAge: maximumAge, batchSize: 3, pushesInFlight: pushesInFlight,
                                              batchesPerRound: batchesPerRound ?? pushesInFlight)
            return try SyncAgent(settings: settings, kioskID: "K01",
                                 transport: transport ?? server, outbox: outbox, cache: cache, sink: sink, localKeyring: keyring, clock: clock)
        }

        func append(_ count: Int) throws {
            for index in 0..<count { try journal.append(type: "device.report", payload: Array(#"{"n":\#(index)}"#.utf8)) }
        }
    }

    @Test func pushDrainsTheOutboxInBatchesAndResendsAfterAGap() async throws {
        let rig = try Rig()
        try rig.append(7)
        let agent = try rig.agent()
        #expect(await agent.status().unacknowledgedRecords == 7)
        #expect(await agent.pushOnce() == .more)
        #expect(await agent.pushOnce() == .more)
        #expect(await agent.pushOnce() == .idle)
        #expect(rig.server.storedSequences == Array(1...7))
        #expect(try rig.journal.pendingOutboxCount() == 0)

        // The server lost records 5… (restored from a backup): the kiosk resends them from its journal.
        rig.server.forget(from: 5)
        try rig.append(2)
        #expect(await agent.pushOnce() == .more, "gap reported")
        while await agent.pushOnce() == .more {}
        #expect(rig.server.storedSequences == Array(1...9))
        #expect(await agent.status().unacknowledgedRecords == 0)
        #expect(await agent.status().lastError == nil)
    }

    @Test func twoBatchesTravelAtOnceAndTheOutboxDrains() async throws {
        let rig = try Rig()
        try rig.append(7)
        let agent = try rig.agent(pushesInFlight: 2)
        #expect(await agent.pushOnce() == .more)
        #expect(rig.server.pushCount == 2, "records 1–3 and 4–6 went in the same round")
        // This fake server refuses 4–6 as a gap if it happens to take them first (the real one waits for 1–3).
        let afterFirstRound = rig.server.storedSequences
        #expect(afterFirstRound == Array(1...6) || afterFirstRound == Array(1...3))
        #expect(await agent.status().unacknowledgedRecords == 7 - afterFirstRound.count)
        var rounds = 1
        while await agent.pushOnce() == .more { rounds += 1 }
        #expect(rounds <= 2)
        #expect(rig.server.storedSequences == Array(1...7))
        #expect(try rig.journal.pendingOutboxCount() == 0)
        #expect(await agent.status().lastError == nil)
    }

    @Test func aRoundKeepsTheWindowFullUntilTheOutboxIsDrained() async throws {
        let rig = try Rig()
        try rig.append(20)
        let agent = try rig.agent(pushesInFlight: 2, batchesPerRound: 16, transport: InOrderServer(server: rig.server))
        #expect(await agent.pushOnce() == .idle, "seven batches of three in one round")
        #expect(rig.server.pushCount == 7)
        #expect(rig.server.storedSequences == Array(1...20))
        #expect(try rig.journal.pendingOutboxCount() == 0)
        #expect(await agent.status().unacknowledgedRecords == 0)

        // A round stops after batchesPerRound batches and says there is more.
        try rig.append(10)
        let capped = try rig.agent(pushesInFlight: 2, batchesPerRound: 2, transport: InOrderServer(server: rig.server))
        #expect(await capped.pushOnce() == .more)
        #expect(rig.server.storedSequences == Array(1...26))
        #expect(await capped.pushOnce() == .idle)
        #expect(rig.server.storedSequences == Array(1...30))
    }

    @Test func aLaterBatchThatOvertookItsPredecessorIsSentAgainNotCountedAsAFailure() async throws {
        let rig = try Rig()
        try rig.append(6)
        let overtaking = OvertakingServer(server: rig.server)
        let agent = try rig.agent(pushesInFlight: 2, transport: overtaking)
        // Records 4–6 reach the server first and are refused as a gap; 1–3 land after them.
        #expect(await agent.pushOnce() == .more)
        #expect(rig.server.storedSequences == Array(1...3))
        #expect(await agent.status().lastError == nil)
        #expect(await agent.pushOnce() == .idle)
        #expect(rig.server.storedSequences == Array(1...6))
        #expect(try rig.journal.pendingOutboxCount() == 0)
    }

    @Test func aLostAnswerIsRetriedAndAForkStopsPushingWithAnAlert() async throws {
        let rig = try Rig()
        try rig.append(2)
        let agent = try rig.agent()
        rig.server.failNextPush(.transport("connection reset"))
        #expect(await agent.pushOnce() == .failed)
        #expect(await agent.status().lastError?.contains("connection reset") == true)
        #expect(await agent.pushOnce() == .idle)
        #expect(rig.server.storedSequences == [1, 2])

        try rig.append(1)
        rig.server.failNextPush(.rejected(status: 409, SyncErrorBody(code: .fork, message: "record 3 differs", expectedSequence: 3)))
        #expect(await agent.pushOnce() == .halted)
        let status = await agent.status()
        #expect(status.alert?.contains("fork") == true)
        #expect(await agent.pushOnce() == .halted, "no more pushing until a technician acts")
        #expect(status.unacknowledgedRecords == 1)
    }

    @Test func pulledDataReachesTheEngineVerifiedAndTheListAgesToStale() async throws {
        let rig = try Rig()
        let good = try SyncFixtures.voucher("V400001")
        let altered = try PayoutVoucher(id: VoucherID("V400002"), amount: Money(halere: 70_000), payeeName: good.payeeName,
                                        expiry: good.expiry, boundKiosk: good.boundKiosk, approvals: good.approvals, pinVerifier: good.pinVerifier)
        rig.server.enqueue(DeltaPage(cursor: "3", hasMore: true, obligations: [try SyncFixtures.obligation("O-1")],
                                     config: SyncFixtures.serverConfig(keys: SyncFixtures.demoKeyEntries)))
        rig.server.enqueue(DeltaPage(cursor: "6", hasMore: false, vouchers: [good, altered]))
        let agent = try rig.agent(maximumAge: .seconds(600))
        await agent.refreshFreshness()
        #expect(await rig.sink.staleFlags == [true], "never pulled: stale")

        #expect(await agent.pullOnce() == .idle)
        #expect(rig.server.pulledCursors == [nil, "3"])
        #expect(await rig.sink.lastObligationIDs == ["O-1"])
        #expect(await rig.sink.lastVoucherIDs == ["V400001"], "the altered voucher never reaches the engine")
        #expect(await rig.sink.staleFlags == [true, false])

        rig.clock.advance(.seconds(601))
        await agent.refreshFreshness()
        #expect(await rig.sink.staleFlags == [true, false, true])
        #expect(await agent.status().lastPullAgeSeconds == 601)

        // Server down: still stale, the error is visible; back: fresh again, the cursor continues.
        rig.server.failNextPull(.transport("connection refused"))
        #expect(await agent.pullOnce() == .failed)
        #expect(await agent.status().voucherListStale)
        #expect(await agent.pullOnce() == .idle)
        #expect(await rig.sink.staleFlags == [true, false, true, false])
        #expect(rig.server.pulledCursors.last == "6")
    }

    @Test func aRestartedKioskStartsFromItsCacheAndAWallClockJumpDoesNotMakeItFresh() async throws {
        let rig = try Rig()
        rig.server.enqueue(DeltaPage(cursor: "4", hasMore: false, obligations: [try SyncFixtures.obligation("O-7")],
                                     vouchers: [try SyncFixtures.voucher("V500001")]))
        let first = try rig.agent()
        #expect(await first.pullOnce() == .idle)

        // Offline restart 10 minutes later: the cached lists come back, the age continues from the pull time.
        rig.clock.advance(.seconds(600))
        let second = try rig.agent()
        let updates = await second.cachedUpdates()
        #expect(updates.count == 2)
        let status = await second.status()
        #expect(status.lastPullAgeSeconds == 600)
        #expect(!status.voucherListStale)

        // The wall clock is set back a day before a restart: the age is unknown, so the list counts as stale.
        rig.clock.jumpWall(by: -86_400_000)
        let third = try rig.agent()
        #expect(await third.status().voucherListStale)
        #expect(await third.status().lastPullAgeSeconds == nil)
    }

    @Test func claimsAnswerTrueOnlyForAGrantToThisKiosk() async throws {
        let rig = try Rig()
        let agent = try rig.agent()
        let id = try VoucherID("V600001")
        rig.server.claimAnswer = .success(VoucherClaim(voucherID: "V600001", kiosk: "K01", claimedAt: 1))
        #expect(await agent.claim(id))
        rig.server.claimAnswer = .success(VoucherClaim(voucherID: "V600001", kiosk: "K02", claimedAt: 1))
        #expect(await !agent.claim(id))
        rig.server.claimAnswer = .failure(.rejected(status: 409, SyncErrorBody(code: .claimRefused, message: "held by K02")))
        #expect(await !agent.claim(id))
        rig.server.claimAnswer = .failure(.transport("timed out"))
        #expect(await !agent.claim(id))
    }
}
