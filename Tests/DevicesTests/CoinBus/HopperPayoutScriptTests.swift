import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Payouts as scripts: what the driver sends to the 5 Kč hopper (address 5) and what it reports.
@Suite struct HopperPayoutScriptTests {
    typealias Script = CoinBusScript
    static let hopper = Script.hopper5
    static let baseline = Script.payoutBaseline

    @Test func payoutReportsProgressAndTheHoppersFinalCounts() throws {
        var script = try dispensing(count: 7)
        // 167 with one data byte, 7 coins: 05 01 01 A7 07 4B.
        try script.expectBytes([0x05, 0x01, 0x01, 0xA7, 0x07, 0x4B])
        // The hopper took it: the new event counter is reported before any outcome (journaled for recovery).
        #expect(try script.reply(.dispenseAccepted(eventCounter: 11)) == [
            .dispenseAccepted(payoutID: "P1", denomination: .coin5, eventCounter: 11),
        ])
        #expect(try status(&script, .reading(counter: 11, remaining: 7)).isEmpty)
        #expect(try status(&script, .reading(counter: 11, remaining: 4, paid: 3)) == [.dispenseProgress(payoutID: "P1", paid: 3)])
        #expect(try status(&script, .reading(counter: 11, paid: 7)) == [.dispenseFinished(payoutID: "P1", paid: 7, unpaid: 0)])
        // Nothing left but the inhibited acceptor's poll, due 1 s after start-up.
        #expect(script.driver.nextStep(at: script.now) == .idle(.milliseconds(700)))
    }

    @Test func nakForTheDispenseIsARefusal() throws {
        var script = try dispensing(count: 7)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        #expect(try script.reply(.negativeAcknowledged) == [.dispenseRefused(payoutID: "P1", reason: .hopperRefused)])
    }

    @Test(arguments: [
        (CCTalkHopperTestRegisters.Register1.payoutTimeout, DispenseInterruption.hopperEmpty, [CoinBusEvent]()),
        (.optoBlockedPermanentlyDuringPayout, .jam, [.fault(.hopper(.coin5, .jammed))]),
    ])
    func earlyStopIsClassifiedFromTheTestRegisters(
        register: CCTalkHopperTestRegisters.Register1, reason: DispenseInterruption, faults: [CoinBusEvent]
    ) throws {
        var script = try accepted(count: 7)
        #expect(try status(&script, .reading(counter: 11, paid: 3, unpaid: 4)).isEmpty)
        try script.expectFrame(.testHopper, to: Self.hopper)
        let caused = try script.reply(.hopperTest(CCTalkHopperTestRegisters(register1: register, register2: [], register3: [])))
        #expect(caused == [.dispenseInterrupted(payoutID: "P1", paid: 3, unpaid: 4, reason: reason)] + faults)
    }

    @Test func powerLossMidPayoutReportsTheSavedCounts() throws {
        var script = try accepted(count: 7)
        #expect(try status(&script, .reading(counter: 11, remaining: 5, paid: 2)) == [.dispenseProgress(payoutID: "P1", paid: 2)])
        // Power came back: counter 0, the payout's counts saved as "last payout".
        #expect(try status(&script, .reading(counter: 0, paid: 2, unpaid: 5)).isEmpty)
        try script.expectFrame(.testHopper, to: Self.hopper)
        let registers = CCTalkHopperTestRegisters(register1: [.payoutDisabled], register2: [], register3: [.powerDownDuringPayout])
        #expect(try script.reply(.hopperTest(registers)) == [
            .dispenseInterrupted(payoutID: "P1", paid: 2, unpaid: 5, reason: .powerLoss),
        ])
    }

    @Test func resetWithoutPowerDownFlagLeavesTheOutcomeUnknown() throws {
        var script = try accepted(count: 7)
        try status(&script, .reading(counter: 11, remaining: 4, paid: 3))
        try status(&script, .reading(counter: 0))
        try script.expectFrame(.testHopper, to: Self.hopper)
        let registers = CCTalkHopperTestRegisters(register1: [.payoutDisabled], register2: [], register3: [])
        #expect(try script.reply(.hopperTest(registers)) == [.dispenseOutcomeUnknown(payoutID: "P1", knownPaid: 3)])
    }

    @Test func startUpReportsAPayoutInterruptedByPowerLoss() throws {
        var script = try Script()
        try script.answerStartup(
            hopperStatus: .reading(counter: 0, paid: 3, unpaid: 4),
            registers: CCTalkHopperTestRegisters(register1: [.payoutDisabled], register2: [], register3: [.powerDownDuringPayout]))
        #expect(script.events.contains(.hopperPowerUpAfterInterruptedPayout(.coin1, paid: 3, unpaid: 4)))
        #expect(script.events.contains(.hopperPowerUpAfterInterruptedPayout(.coin5, paid: 3, unpaid: 4)))
    }

    /// kioskd restarted while a hopper was still paying: the start-up report waits until the hopper stops, so the
    /// counts it gives are the finished payout's (recovery settles the step in doubt from them).
    @Test func hopperStillPayingAtStartUpIsWatchedUntilItStops() throws {
        var script = try Script()
        var hopperReads = 0
        for _ in 0..<400 where !script.events.contains(.ready) {
            guard let (address, command) = try script.nextFrameOrWait(.milliseconds(50)) else { continue }
            switch command {
            case .readBufferedCredit:
                try script.reply(.bufferedCredit(CCTalkBufferedEvents(eventCounter: 0, newestFirst: Array(repeating: CCTalkResultPair(0, 0), count: 5))))
            case .requestHopperStatus where address == Self.hopper:
                hopperReads += 1
                try script.reply(.hopperStatus(hopperReads < 3 ? .reading(counter: 12, remaining: 2, paid: 1)
                                                               : .reading(counter: 12, paid: 3)))
            case .requestHopperStatus: try script.reply(.hopperStatus(.reading(counter: 4)))
            case .testHopper: try script.reply(.hopperTest(CCTalkHopperTestRegisters(register1: [], register2: [], register3: [])))
            case .requestPayoutHighLowStatus: try script.reply(.payoutLevel([.lowLevelSensorFitted, .highLevelSensorFitted]))
            default: try script.reply(.acknowledged)
            }
        }
        #expect(hopperReads == 3)
        #expect(script.events.contains(.hopperStatusAtStart(.coin5, eventCounter: 12, lastPaid: 3, lastUnpaid: 0)))
        #expect(!script.events.contains { if case .hopperStatusAtStart(.coin5, _, 1, _) = $0 { true } else { false } })
    }

    @Test(arguments: [UInt8(4), 0])
    func emergencyStopIsSentFirstAndTheHoppersCountsReported(savedUnpaid: UInt8) throws {
        var script = try accepted(count: 7)
        try status(&script, .reading(counter: 11, remaining: 5, paid: 2))
        script.submit(.emergencyStop)
        try script.expectFrame(.emergencyStop, to: Self.hopper)
        try script.reply(.emergencyStopped(coinsRemaining: 4))
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        // Suzo hoppers clear "unpaid" on a normal stop: the stop reply's count stands in for it.
        #expect(try script.reply(.hopperStatus(.reading(counter: 11, paid: 3, unpaid: savedUnpaid))) == [
            .dispenseInterrupted(payoutID: "P1", paid: 3, unpaid: 4, reason: .emergencyStop),
        ])
    }

    @Test func emergencyStopBeforeTheDispenseFrameDropsThePayout() throws {
        var script = try Script()
        try script.answerStartup()
        script.submit(.dispense(payoutID: "P1", denomination: .coin5, count: 7))
        script.submit(.emergencyStop)
        #expect(script.events.last == .dispenseRefused(payoutID: "P1", reason: .stopped))
        #expect(script.driver.nextStep(at: script.now) == .idle(.seconds(1)))
    }

    @Test func silentHopperMidPayoutEndsAsUnknownWithTheCoinsKnownPaid() throws {
        var script = try accepted(count: 7)
        try status(&script, .reading(counter: 11, remaining: 6, paid: 1))
        var caused: [CoinBusEvent] = []
        var statusRequests = 0
        while statusRequests < 5 {
            script.advance(.milliseconds(100))
            let (address, command) = try script.nextFrame()
            if address == Script.acceptor {
                // The inhibited acceptor's 1 s poll falls due on the way; it answers normally.
                try script.reply(.bufferedCredit(.acceptorBuffer(counter: 0, newestFirst: [])))
                continue
            }
            #expect(address == Self.hopper && command == .requestHopperStatus)
            statusRequests += 1
            caused += script.timeOut()
        }
        #expect(caused.last == .dispenseOutcomeUnknown(payoutID: "P1", knownPaid: 1))
    }

    @Test func invalidDispenseCommandsAreRefusedWithoutTouchingTheBus() throws {
        var script = try Script()
        try script.answerStartup()
        script.submit(.dispense(payoutID: "A", denomination: .coin50, count: 1))
        script.submit(.dispense(payoutID: "B", denomination: .coin5, count: 0))
        script.submit(.dispense(payoutID: "C", denomination: .coin5, count: 256))
        script.submit(.dispense(payoutID: "D", denomination: .coin5, count: 3))
        script.submit(.dispense(payoutID: "D", denomination: .coin1, count: 3))
        script.submit(.dispense(payoutID: "E", denomination: .coin5, count: 3))
        #expect(script.events.suffix(5) == [
            .dispenseRefused(payoutID: "A", reason: .noHopperForDenomination),
            .dispenseRefused(payoutID: "B", reason: .invalidCount),
            .dispenseRefused(payoutID: "C", reason: .invalidCount),
            .dispenseRefused(payoutID: "D", reason: .duplicatePayoutID),
            .dispenseRefused(payoutID: "E", reason: .hopperBusy),
        ])
    }

    @Test func hopperAlreadyPayingRefusesBeforeAnyDispense() throws {
        var script = try Script()
        try script.answerStartup()
        script.submit(.dispense(payoutID: "P1", denomination: .coin5, count: 7))
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        #expect(try script.reply(.hopperStatus(.reading(counter: 10, remaining: 3))) == [
            .dispenseRefused(payoutID: "P1", reason: .hopperBusy),
        ])
        #expect(script.dispenseFramesSent == 0)
    }

    @Test func refreshLevelsReportsEveryHoppersSensors() throws {
        var script = try Script()
        try script.answerStartup()
        script.submit(.refreshLevels)
        try script.expectFrame(.requestPayoutHighLowStatus(hopperNumber: nil), to: Script.hopper1)
        try script.reply(.payoutLevel([.lowLevelSensorFitted, .belowLowLevel]))
        try script.expectFrame(.requestPayoutHighLowStatus(hopperNumber: nil), to: Self.hopper)
        #expect(try script.reply(.payoutLevel([.lowLevelSensorFitted, .highLevelSensorFitted, .atOrAboveHighLevel])) == [
            .levels([
                .coin1: HopperLevel(isBelowLowLevel: true, isAtOrAboveHighLevel: nil),
                .coin5: HopperLevel(isBelowLowLevel: false, isAtOrAboveHighLevel: true),
            ]),
        ])
    }

    @Test func silentHopperAtStartUpIsReportedRetriedAndWelcomedBack() throws {
        var script = try Script()
        for _ in 0..<20 where !script.events.contains(.ready) {
            let (address, command) = try script.nextFrame()
            switch (address, command) {
            case (Script.hopper1, _): script.timeOut()
            case (_, .readBufferedCredit): try script.reply(.bufferedCredit(.powerUp))
            case (_, .requestHopperStatus): try script.reply(.hopperStatus(Self.baseline))
            case (_, .testHopper): try script.reply(.hopperTest(CCTalkHopperTestRegisters(register1: [])))
            case (_, .requestPayoutHighLowStatus): try script.reply(.payoutLevel([]))
            default: try script.reply(.acknowledged)
            }
        }
        #expect(script.events.contains(.ready))
        #expect(script.events.contains(.fault(.notResponding(.hopper(.coin1)))))
        script.advance(.seconds(5))
        var retried = false
        for _ in 0..<6 where !retried {
            let (address, command) = try script.nextFrame()
            if address == Script.hopper1, command == .requestHopperStatus {
                retried = true
                #expect(try script.reply(.hopperStatus(Self.baseline)) == [.deviceResponding(.hopper(.coin1))])
            } else if command == .readBufferedCredit {
                try script.reply(.bufferedCredit(.powerUp))
            } else {
                try script.reply(command == .requestMasterInhibit ? .masterInhibit(acceptanceEnabled: false) : .payoutLevel([]))
            }
        }
        #expect(retried)
        try script.expectFrame(.testHopper, to: Script.hopper1)
    }

    // MARK: helpers

    private func dispensing(count: Int) throws -> Script { try Script.dispensing(count: count) }
    private func accepted(count: Int) throws -> Script { try Script.accepted(count: count) }

    @discardableResult
    private func status(_ script: inout Script, _ reply: CCTalkHopperStatus) throws -> [CoinBusEvent] {
        try script.hopperStatus(reply)
    }
}
