import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Event-counter crediting, as scripts: buffered-credit replies in, credits and frames out.
@Suite struct CoinAcceptorScriptTests {
    typealias Script = CoinBusScript

    /// Start-up inhibits first (protocols.md §1.4 vector), then synchronises on the buffer silently.
    @Test func startUpInhibitsThenSynchronisesWithoutCrediting() throws {
        var script = try Script()
        // protocols.md §1.4: master inhibit → inhibited is 02 01 01 E4 00 18.
        #expect(script.driver.nextStep(at: .zero) == .exchange(frame: [0x02, 0x01, 0x01, 0xE4, 0x00, 0x18], timeout: .milliseconds(200)))
        script = try Script()
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: false), to: Script.acceptor)
        try script.reply(.acknowledged)
        try script.expectFrame(.readBufferedCredit, to: Script.acceptor)
        // Old events in the buffer belong to an earlier session: never credited.
        try script.reply(.bufferedCredit(.acceptorBuffer(counter: 42, newestFirst: [(3, 1), (1, 1)])))
        try script.answerStartup(acceptorCounter: 42)
        #expect(script.events.contains(.ready))
        #expect(!script.events.contains { if case .coinCredited = $0 { true } else { false } })
    }

    @Test func enablingSetsPositionMaskThenMasterAndPollsEvery200ms() throws {
        var script = try startedScript(counter: 7)
        script.submit(.enableCoins([.coin5, .coin20]))
        try script.expectFrame(.modifyInhibitStatus(CCTalkInhibitMask(bytes: [0b0001_0100, 0])), to: Script.acceptor)
        try script.reply(.acknowledged)
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: true), to: Script.acceptor)
        try script.reply(.acknowledged)
        script.advance(.milliseconds(200))
        try script.expectFrame(.readBufferedCredit, to: Script.acceptor)
        try script.reply(.bufferedCredit(.acceptorBuffer(counter: 7, newestFirst: [])))
        script.advance(.milliseconds(50))
        #expect(script.driver.nextStep(at: script.now) == .idle(.milliseconds(150)))
        script.advance(.milliseconds(150))
        try script.expectFrame(.readBufferedCredit, to: Script.acceptor)
    }

    @Test func eachEventIsCreditedExactlyOnceDespiteRepeatsAndReplays() throws {
        var script = try enabledScript(counter: 7)
        let older = try CCTalkBufferedEvents.acceptorBuffer(counter: 8, newestFirst: [(3, 1)])
        let newer = try CCTalkBufferedEvents.acceptorBuffer(counter: 10, newestFirst: [(6, 2), (1, 1), (3, 1)])
        #expect(try poll(&script, older) == [.coinCredited(.coin5, eventKey: CoinEventKey(epoch: 0, counter: 8))])
        #expect(try poll(&script, older).isEmpty)
        #expect(try poll(&script, newer) == [
            .coinCredited(.coin1, eventKey: CoinEventKey(epoch: 0, counter: 9)),
            .coinCredited(.coin50, eventKey: CoinEventKey(epoch: 0, counter: 10)),
        ])
        // A late copy of the older reply must not look like 253 new events.
        #expect(try poll(&script, older).isEmpty)
        #expect(try poll(&script, newer).isEmpty)
        #expect(script.driver.lastAcceptorEventCounter == 10)
    }

    @Test func moreThanFiveNewEventsIsAFaultAndInhibitsTheAcceptor() throws {
        var script = try enabledScript(counter: 7)
        let buffer = try CCTalkBufferedEvents.acceptorBuffer(counter: 14, newestFirst: [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)])
        let caused = try poll(&script, buffer)
        #expect(caused.first == .fault(.eventsLost(2)))
        // The five visible events are real coins, credited with their own counters 10…14.
        #expect(Array(caused.dropFirst()) == [
            .coinCredited(.coin20, eventKey: CoinEventKey(epoch: 0, counter: 10)),
            .coinCredited(.coin10, eventKey: CoinEventKey(epoch: 0, counter: 11)),
            .coinCredited(.coin5, eventKey: CoinEventKey(epoch: 0, counter: 12)),
            .coinCredited(.coin2, eventKey: CoinEventKey(epoch: 0, counter: 13)),
            .coinCredited(.coin1, eventKey: CoinEventKey(epoch: 0, counter: 14)),
        ])
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: false), to: Script.acceptor)
    }

    @Test func counterResetReportsAndReappliesInhibits() throws {
        var script = try enabledScript(counter: 30)
        #expect(try poll(&script, .powerUp) == [.acceptorReset])
        try script.expectFrame(.modifyInhibitStatus(CCTalkInhibitMask(bytes: [0b0000_0100, 0])), to: Script.acceptor)
        try script.reply(.acknowledged)
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: true), to: Script.acceptor)
        try script.reply(.acknowledged)
        // Counting restarts at 0; the key's epoch keeps it distinct from the earlier counter 1.
        #expect(try poll(&script, .acceptorBuffer(counter: 1, newestFirst: [(3, 1)])) == [
            .coinCredited(.coin5, eventKey: CoinEventKey(epoch: 1, counter: 1)),
        ])
    }

    @Test func counterWrapsFrom255To1WithANewEpoch() throws {
        var script = try enabledScript(counter: 254)
        #expect(try poll(&script, .acceptorBuffer(counter: 1, newestFirst: [(3, 1), (3, 1), (3, 1)])) == [
            .coinCredited(.coin5, eventKey: CoinEventKey(epoch: 0, counter: 255)),
            .coinCredited(.coin5, eventKey: CoinEventKey(epoch: 1, counter: 1)),
        ])
    }

    @Test func rejectionsAndAlarmsAreNeverCredits() throws {
        var script = try enabledScript(counter: 0)
        let buffer = try CCTalkBufferedEvents.acceptorBuffer(counter: 5, newestFirst: [(0, 17), (0, 40), (7, 1), (0, 2), (0, 1)])
        #expect(try poll(&script, buffer) == [
            .coinRejected(.notRecognised),
            .coinRejected(.inhibited),
            .fault(.unknownCoinPosition(7)),
            .fault(.acceptorAlarm(AcceptorAlarm(code: 40, name: "externalLightAttack", isFraud: true))),
            .fault(.acceptorAlarm(AcceptorAlarm(code: 17, name: "coinGoingBackwards", isFraud: true))),
        ])
    }

    /// Coins the device credited while the driver was down are credited from the journalled counter.
    @Test func resumedCounterCreditsEventsSinceTheLastJournalledOne() throws {
        var script = try Script(configuration: Script.configuration(resumeCounter: 20))
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: false), to: Script.acceptor)
        try script.reply(.acknowledged)
        try script.expectFrame(.readBufferedCredit, to: Script.acceptor)
        let caused = try script.reply(.bufferedCredit(.acceptorBuffer(counter: 22, newestFirst: [(5, 2), (4, 1), (3, 1)])))
        #expect(caused == [
            .coinCredited(.coin10, eventKey: CoinEventKey(epoch: 0, counter: 21)),
            .coinCredited(.coin20, eventKey: CoinEventKey(epoch: 0, counter: 22)),
        ])
    }

    @Test func silentAcceptorIsReportedOnceAndItsReturnToo() throws {
        var script = try startedScript(counter: 3)
        script.submit(.enableCoins([.coin5]))
        var caused: [CoinBusEvent] = []
        for _ in 0..<4 {
            script.advance(.milliseconds(200))
            try script.expectFrame(.modifyInhibitStatus(CCTalkInhibitMask(bytes: [0b0000_0100, 0])), to: Script.acceptor)
            caused += script.timeOut()
        }
        #expect(caused == [.fault(.notResponding(.coinAcceptor))])
        script.advance(.milliseconds(200))
        try script.expectFrame(.modifyInhibitStatus(CCTalkInhibitMask(bytes: [0b0000_0100, 0])), to: Script.acceptor)
        #expect(try script.reply(.acknowledged) == [.deviceResponding(.coinAcceptor)])
    }

    /// A reset before the first event leaves the counter at 0, invisible to the tracker; reading the
    /// inhibits back every 2 s shows the device forgot them.
    @Test func resetBeforeAnyEventIsFoundByReadingTheInhibitsBack() throws {
        var script = try enabledScript(counter: 0)
        for _ in 0..<10 { #expect(try poll(&script, .powerUp).isEmpty) }
        try script.expectFrame(.requestInhibitStatus, to: Script.acceptor)
        #expect(try script.reply(.inhibitStatus(CCTalkInhibitMask(bytes: [0, 0]))) == [.acceptorReset])
        try script.expectFrame(.modifyInhibitStatus(CCTalkInhibitMask(bytes: [0b0000_0100, 0])), to: Script.acceptor)
        try script.reply(.acknowledged)
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: true), to: Script.acceptor)
    }

    /// While inhibited the master inhibit is what keeps coins out: a reset that restored "normal
    /// operation" is corrected at once.
    @Test func resetWhileInhibitedRestoresTheMasterInhibit() throws {
        var script = try startedScript(counter: 0)
        for _ in 0..<2 {
            script.advance(.seconds(1))
            try script.expectFrame(.readBufferedCredit, to: Script.acceptor)
            try script.reply(.bufferedCredit(.powerUp))
        }
        try script.expectFrame(.requestMasterInhibit, to: Script.acceptor)
        #expect(try script.reply(.masterInhibit(acceptanceEnabled: true)) == [.acceptorReset])
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: false), to: Script.acceptor)
    }

    // MARK: helpers

    private func startedScript(counter: UInt8) throws -> Script {
        var script = try Script()
        try script.answerStartup(acceptorCounter: counter)
        return script
    }

    /// Started, coin5 enabled, buffer synchronised at `counter`, next poll due.
    private func enabledScript(counter: UInt8) throws -> Script {
        var script = try startedScript(counter: counter)
        script.submit(.enableCoins([.coin5]))
        try script.expectFrame(.modifyInhibitStatus(CCTalkInhibitMask(bytes: [0b0000_0100, 0])), to: Script.acceptor)
        try script.reply(.acknowledged)
        try script.expectFrame(.modifyMasterInhibit(acceptanceEnabled: true), to: Script.acceptor)
        try script.reply(.acknowledged)
        return script
    }

    private func poll(_ script: inout Script, _ buffer: CCTalkBufferedEvents) throws -> [CoinBusEvent] {
        script.advance(.milliseconds(200))
        try script.expectFrame(.readBufferedCredit, to: Script.acceptor)
        return try script.reply(.bufferedCredit(buffer))
    }
}
