import Devices
import Engine
import Journal
import KioskDaemon
import Testing
import TestSupport
import TownCore

/// The host with the real engine and a real journal, devices replaced by a recorder.
@Suite struct EngineHostTests {
    let log = EffectLog()

    func makeHost(_ directory: TemporaryDirectory, failFromType: String? = nil, brokenChain: Bool = false) throws
        -> (EngineHost, RecordingGateway, Journal) {
        let journal = try Journal(path: directory.path("journal.sqlite"), kioskID: "K01")
        let store = RecordingJournal(journal: try Journal(path: directory.path("journal.sqlite"), kioskID: "K01"), log: log,
                                     failFromType: failFromType, brokenChain: brokenChain)
        let gateway = RecordingGateway(log: log)
        let host = EngineHost(configuration: try HostFixture.configuration(), journal: store, devices: gateway, clock: FrozenClock())
        return (host, gateway, journal)
    }

    func bringUpAndStartCashPayment(_ host: EngineHost) async throws {
        await host.start(data: try HostFixture.data())
        await host.submit(.noteValidator(.ready))
        await host.submit(.coinBus(.ready))
        await host.submit(.printer(.condition(.ready)))
        #expect(await host.snapshot().status.inService)
        await host.submit(.citizen(.startPayment(.variableSymbol("1341000123"), amount: nil)))
        await host.submit(.citizen(.chooseMethod(.cash)))
        #expect(await host.snapshot().status.phase == "payment.acceptingCash")
    }

    func position(_ entry: String) -> Int? { log.all.firstIndex(of: entry) }

    @Test func journalRecordsAreDurableBeforeTheDeviceCommandsThatFollowThem() async throws {
        let directory = try TemporaryDirectory()
        let (host, gateway, journal) = try makeHost(directory)
        try await bringUpAndStartCashPayment(host)
        #expect(gateway.wasStarted)

        await host.submit(.noteValidator(.noteEscrowed(.note2000)))
        let accepting = try #require(position("journal.cash.note_accepting"))
        let accept = try #require(position("nv.accept"))
        #expect(accepting < accept, "the intent to accept is durable before the accept command")

        await host.submit(.noteValidator(.noteCredited(.note2000, NoteCreditKey(session: 1, sequence: 1))))
        let credited = try #require(position("journal.cash.note_credited"))
        let planned = try #require(position("journal.change.planned"))
        let payout = try #require(position("nv.payout"))
        #expect(accept < credited && credited < planned && planned < payout, "credit, then change intent, then the payout command")
        #expect(await host.snapshot().status.credited == Money(crowns: 2000))

        // What the host appended is exactly what the journal holds, chain intact.
        let summary = try journal.verify()
        #expect(summary.recordCount == Int64(log.all.filter { $0.hasPrefix("journal.") }.count))
        #expect(await host.snapshot().journalHead == summary.lastSequence)
    }

    @Test func aFailedAppendDropsTheRestOfTheBatchAndFailsClosed() async throws {
        let directory = try TemporaryDirectory()
        let (host, _, journal) = try makeHost(directory, failFromType: "cash.note_credited")
        try await bringUpAndStartCashPayment(host)
        await host.submit(.noteValidator(.noteEscrowed(.note2000)))
        let before = log.all.count

        let shown = await host.submit(.noteValidator(.noteCredited(.note2000, NoteCreditKey(session: 1, sequence: 1))))
        let after = Array(log.all.dropFirst(before))
        #expect(!after.contains("journal.change.planned") && !after.contains("nv.payout"), "nothing after the failed record runs")
        #expect(after.prefix(2) == ["nv.disable", "coin.emergencyStop"], "devices are stopped first")
        #expect(shown.contains(.screen(.outOfService(reference: "K01-T000001"))))
        let snapshot = await host.snapshot()
        #expect(snapshot.status.phase == "halted")
        #expect(!snapshot.status.inService)
        #expect(snapshot.outOfServiceReasons.contains { $0.contains("disk I/O error") })

        // A halted engine commands nothing more and journals nothing more.
        let count = log.all.count
        await host.submit(.citizen(.cancel))
        await host.submit(.noteValidator(.noteEscrowed(.note1000)))
        #expect(log.all.count == count)
        #expect(try journal.verify().recordCount == Int64(log.all.filter { $0.hasPrefix("journal.") }.count))
    }

    @Test func aBrokenChainKeepsTheKioskOutOfServiceWithTheDefectAsReason() async throws {
        let directory = try TemporaryDirectory()
        let (host, gateway, _) = try makeHost(directory, brokenChain: true)
        await host.start(data: try HostFixture.data())
        await host.submit(.noteValidator(.ready))
        let snapshot = await host.snapshot()
        #expect(snapshot.status.phase == "halted")
        #expect(snapshot.journalProblem?.contains("journal cannot be trusted") == true)
        #expect(snapshot.outOfServiceReasons.contains { $0.contains("journal cannot be trusted") })
        #expect(gateway.wasStarted, "drivers run so the disable and stop commands reach the devices")
        #expect(log.all.prefix(2) == ["nv.disable", "coin.emergencyStop"])
        #expect(!log.all.contains { $0.hasPrefix("journal.") })
    }

    @Test func everyActionLabelHasACataloguedFailpoint() {
        let names = EngineHost.failpoints
        #expect(Set(names).count == names.count)
        #expect(names.contains("engine.before.journal.cash.note_credited"))
        #expect(names.contains("engine.before.journal.payout.intent"))
        #expect(names.contains("engine.before.coin_bus"))
        #expect(names.allSatisfy { $0.hasPrefix("engine.before.") })
        #expect(names.count == EngineRecord.recordTypes.count + 8)
    }
}
