import DeviceProtocols
import Devices
import KioskSimCore
import Testing
import TownCore

/// Driver against the simulated bus, byte at a time, with and without the single-wire echo.
@Suite struct CoinBusBackToBackTests {
    @Test(arguments: [false, true])
    func genuineCoinsAreCreditedOnceCounterfeitsNever(echo: Bool) throws {
        var bench = try enabledBench(echo: echo)
        try bench.sim.insertCoin(.coin10)
        try bench.sim.insertCoin(.coin5, genuine: false)
        try bench.sim.insertCoin(.coin50)
        bench.run(for: .milliseconds(300))
        try bench.sim.insertCoin(.coin10)
        bench.run(for: .seconds(1))
        #expect(bench.credits.map(denomination) == [.coin10, .coin50, .coin10])
        #expect(Set(bench.credits.compactMap(key)).count == 3)
        #expect(bench.events.filter { $0 == .coinRejected(.notRecognised) }.count == 1)
        #expect(bench.world.count(.coin10, at: .hopper) == 52)
        #expect(bench.world.count(.coin50, at: .hopper) == 51)
        #expect(bench.world.count(.coin5, at: .hopper) == 50)
    }

    @Test func coinsForAFullOrMissingHopperGoToTheCashboxAndAreStillCredited() throws {
        var bench = try enabledBench(echo: false, coins: [.coin20])
        try bench.sim.fillHopper(.coin20, coins: 1_000)
        try bench.sim.insertCoin(.coin20)
        bench.run(for: .milliseconds(500))
        #expect(bench.credits.map(denomination) == [.coin20])
        #expect(bench.world.count(.coin20, at: .coinCashbox) == 1)
    }

    @Test func inhibitedCoinsAreReturnedNotCredited() throws {
        var bench = try enabledBench(echo: true, coins: [.coin5])
        #expect(try bench.sim.insertCoin(.coin2) == .returnedInhibited)
        bench.run(for: .milliseconds(500))
        #expect(bench.credits.isEmpty)
        #expect(bench.events.contains(.coinRejected(.inhibited)))
        #expect(bench.world.count(.coin2, at: .customer) == -50)
    }

    @Test func sevenCoinsInOnePollIntervalLoseTwoAndInhibitTheAcceptor() throws {
        var bench = try enabledBench(echo: false)
        for _ in 0..<7 { try bench.sim.insertCoin(.coin1) }
        bench.run(for: .seconds(1))
        #expect(bench.events.contains(.fault(.eventsLost(2))))
        #expect(bench.credits.count == 5)
        #expect(bench.sim.status()["acceptor.acceptance"] == "master_inhibited")
    }

    @Test func acceptorPowerCycleIsReportedAndTheInhibitsReapplied() throws {
        var bench = try enabledBench(echo: true)
        bench.sim.powerCycleAcceptor()
        bench.run(until: { $0.contains(.acceptorReset) })
        bench.run(for: .milliseconds(500))
        #expect(try bench.sim.insertCoin(.coin20) == .credited(to: .hopper))
        bench.run(for: .milliseconds(500))
        #expect(bench.credits.map(denomination) == [.coin20])
    }

    @Test func fraudAttemptIsAnAlarmNotACredit() throws {
        var bench = try enabledBench(echo: false)
        bench.sim.fraudAttempt()
        bench.run(for: .milliseconds(500))
        #expect(bench.events.contains(.fault(.acceptorAlarm(AcceptorAlarm(code: 17, name: "coinGoingBackwards", isFraud: true)))))
        #expect(bench.credits.isEmpty)
    }

    @Test(arguments: [false, true])
    func sevenFiveCrownCoinsArePaid(echo: Bool) throws {
        var bench = try CoinBusBench(echo: echo)
        bench.runUntilReady()
        bench.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        bench.run(until: bench.hasFinished("P7"))
        #expect(bench.events.contains(.dispenseFinished(payoutID: "P7", paid: 7, unpaid: 0)))
        #expect(bench.events.contains { if case .dispenseProgress("P7", _) = $0 { true } else { false } })
        #expect(bench.world.count(.coin5, at: .payoutTray) == 7)
        #expect(bench.world.count(.coin5, at: .hopper) == 43)
        #expect(try bench.sim.takeTray() == [.coin5: 7])
        #expect(bench.world.count(.coin5, at: .customer) == -43)
    }

    @Test func hopperEmptyAfterThreeCoinsInterruptsWithThreePaidFourUnpaid() throws {
        var bench = try CoinBusBench(echo: true)
        bench.runUntilReady()
        bench.sim.setHopperEmptyAfter(.coin5, coins: 3)
        bench.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        bench.run(until: bench.hasFinished("P7"))
        #expect(bench.events.contains(.dispenseInterrupted(payoutID: "P7", paid: 3, unpaid: 4, reason: .hopperEmpty)))
        #expect(bench.world.count(.coin5, at: .payoutTray) == 3)
    }

    @Test func jamAfterTwoCoinsInterruptsAndIsAFault() throws {
        var bench = try CoinBusBench(echo: false)
        bench.runUntilReady()
        bench.sim.jamHopper(.coin20, afterCoins: 2)
        bench.submit(.dispense(payoutID: "J", denomination: .coin20, count: 7))
        bench.run(until: bench.hasFinished("J"))
        #expect(bench.events.contains(.dispenseInterrupted(payoutID: "J", paid: 2, unpaid: 5, reason: .jam)))
        #expect(bench.events.contains(.fault(.hopper(.coin20, .jammed))))
        #expect(bench.world.count(.coin20, at: .payoutTray) == 2)
        // Still jammed: the next payout is refused by the hopper and pays nothing.
        bench.submit(.dispense(payoutID: "J2", denomination: .coin20, count: 1))
        bench.run(until: bench.hasFinished("J2"))
        #expect(bench.events.contains(.dispenseRefused(payoutID: "J2", reason: .hopperRefused)))
        #expect(bench.world.count(.coin20, at: .payoutTray) == 2)
    }

    @Test(arguments: [false, true])
    func droppedDispenseReplyStillPaysExactlySevenNeverFourteen(echo: Bool) throws {
        var bench = try CoinBusBench(echo: echo)
        bench.runUntilReady()
        bench.dropReplyToHeader = CCTalkHeader.dispenseHopperCoins
        bench.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        bench.run(until: bench.hasFinished("P7"))
        #expect(bench.events.contains(.dispenseFinished(payoutID: "P7", paid: 7, unpaid: 0)))
        bench.run(for: .seconds(2))
        #expect(bench.world.count(.coin5, at: .payoutTray) == 7)
        #expect(bench.sim.dispenseCommandsReceived(.coin5) == 1)
        #expect(bench.framesSent(header: CCTalkHeader.dispenseHopperCoins) == 1)
    }

    @Test func powerCutMidPayoutReportsTheHoppersSavedCounts() throws {
        var bench = try CoinBusBench(echo: false)
        bench.runUntilReady()
        bench.submit(.dispense(payoutID: "P7", denomination: .coin5, count: 7))
        bench.run(until: { $0.contains(.dispenseProgress(payoutID: "P7", paid: 2)) })
        bench.sim.powerCycle()
        bench.run(until: bench.hasFinished("P7"))
        let paid = bench.world.count(.coin5, at: .payoutTray)
        #expect(bench.events.contains(.dispenseInterrupted(payoutID: "P7", paid: paid, unpaid: 7 - paid, reason: .powerLoss)))
        // The hopper was disabled by the power cut; the next payout enables it again.
        bench.submit(.dispense(payoutID: "P8", denomination: .coin5, count: 1))
        bench.run(until: bench.hasFinished("P8"))
        #expect(bench.events.contains(.dispenseFinished(payoutID: "P8", paid: 1, unpaid: 0)))
    }

    @Test func restartAfterAPowerCutReportsTheInterruptedPayout() throws {
        var bench = try CoinBusBench(echo: false)
        bench.runUntilReady()
        bench.submit(.dispense(payoutID: "P7", denomination: .coin2, count: 7))
        bench.run(until: { $0.contains(.dispenseProgress(payoutID: "P7", paid: 3)) })
        bench.sim.powerCycle()
        let paid = bench.world.count(.coin2, at: .payoutTray)
        // A new driver (kioskd restarted) knows nothing of P7; the hopper tells it at start-up.
        bench.driver = CCTalkBusDriver(configuration: bench.driver.configuration)
        bench.events = bench.driver.start(at: bench.now)
        bench.runUntilReady()
        #expect(bench.events.contains(.hopperPowerUpAfterInterruptedPayout(.coin2, paid: paid, unpaid: 7 - paid)))
    }

    @Test func emergencyStopMidPayoutReportsExactCounts() throws {
        var bench = try CoinBusBench(echo: true)
        bench.runUntilReady()
        bench.submit(.dispense(payoutID: "S", denomination: .coin10, count: 20))
        bench.run(until: { $0.contains(.dispenseProgress(payoutID: "S", paid: 2)) })
        bench.submit(.emergencyStop)
        bench.run(until: bench.hasFinished("S"))
        let paid = bench.world.count(.coin10, at: .payoutTray)
        #expect(bench.events.contains(.dispenseInterrupted(payoutID: "S", paid: paid, unpaid: 20 - paid, reason: .emergencyStop)))
        bench.run(for: .seconds(1))
        #expect(bench.world.count(.coin10, at: .payoutTray) == paid)
    }

    @Test func crc16BusCreditsAndPays() throws {
        var bench = try CoinBusBench(echo: true, checksum: .crc16)
        bench.runUntilReady()
        bench.submit(.enableCoins([.coin1]))
        bench.run(for: .milliseconds(300))
        try bench.sim.insertCoin(.coin1)
        bench.submit(.dispense(payoutID: "C", denomination: .coin1, count: 2))
        bench.run(until: bench.hasFinished("C"))
        bench.run(for: .milliseconds(300))
        #expect(bench.credits.map(denomination) == [.coin1])
        #expect(bench.events.contains(.dispenseFinished(payoutID: "C", paid: 2, unpaid: 0)))
    }

    @Test func levelsFollowTheWorldsHopperContents() throws {
        var bench = try CoinBusBench(echo: false)
        try bench.sim.fillHopper(.coin1, coins: 5)
        try bench.sim.fillHopper(.coin50, coins: 600)
        bench.runUntilReady()
        bench.run(until: { $0.contains { if case .levels = $0 { true } else { false } } })
        guard case let .levels(levels) = bench.events.first(where: { if case .levels = $0 { true } else { false } }) else { return }
        #expect(levels[.coin1] == HopperLevel(isBelowLowLevel: true, isAtOrAboveHighLevel: false))
        #expect(levels[.coin5] == HopperLevel(isBelowLowLevel: false, isAtOrAboveHighLevel: false))
        #expect(levels[.coin50] == HopperLevel(isBelowLowLevel: false, isAtOrAboveHighLevel: true))
        #expect(levels.count == 6)
    }

    // MARK: helpers

    private func enabledBench(echo: Bool, coins: Set<Denomination> = Set(Denomination.coins)) throws -> CoinBusBench {
        var bench = try CoinBusBench(echo: echo)
        bench.runUntilReady()
        bench.submit(.enableCoins(coins))
        bench.run(for: .milliseconds(300))
        #expect(bench.sim.status()["acceptor.acceptance"] == "enabled")
        return bench
    }

    private func denomination(_ event: CoinBusEvent) -> Denomination? {
        if case let .coinCredited(denomination, _) = event { return denomination }
        return nil
    }

    private func key(_ event: CoinBusEvent) -> CoinEventKey? {
        if case let .coinCredited(_, key) = event { return key }
        return nil
    }
}
