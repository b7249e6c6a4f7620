import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// P9 as scripts: the reply to the dispense frame is lost, and the driver must find out from the hopper's
/// status what happened, never by sending the dispense again.
@Suite struct HopperLostReplyScriptTests {
    typealias Script = CoinBusScript
    static let hopper = Script.hopper5
    static let baseline = Script.payoutBaseline

    /// P9: after a lost reply to a dispense, the very next frame is a status request (05 00 01 A6 54).
    @Test func lostDispenseReplyIsFollowedByAStatusRequestNeverASecondDispense() throws {
        var script = try dispensing(count: 7)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        #expect(script.timeOut().isEmpty)
        try script.expectBytes([0x05, 0x00, 0x01, 0xA6, 0x54])
        // Counter 10 → 11 and coins remaining: the hopper got the command and is paying.
        #expect(try script.reply(.hopperStatus(.reading(counter: 11, remaining: 5, paid: 2))) == [
            .dispenseAccepted(payoutID: "P1", denomination: .coin5, eventCounter: 11),
            .dispenseProgress(payoutID: "P1", paid: 2),
        ])
        #expect(try status(&script, .reading(counter: 11, paid: 7)) == [.dispenseFinished(payoutID: "P1", paid: 7, unpaid: 0)])
        #expect(script.dispenseFramesSent == 1)
    }

    @Test func unchangedCounterProvesTheDispenseNeverArrived() throws {
        var script = try dispensing(count: 7)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        script.timeOut()
        // Two unchanged readings in a row: a late reply to an older status request cannot decide it alone.
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        #expect(try script.reply(.hopperStatus(Self.baseline)).isEmpty)
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        #expect(try script.reply(.hopperStatus(Self.baseline)) == [.dispenseRefused(payoutID: "P1", reason: .notReceived)])
        #expect(script.dispenseFramesSent == 1)
        #expect(script.driver.nextStep(at: script.now) == .idle(.milliseconds(800)))
    }

    /// Right after a power-up the counter is 0 before and, after another power cut, 0 again: unchanged
    /// readings prove nothing, the lifetime count decides.
    @Test(arguments: [(UInt32(100), CoinBusEvent.dispenseRefused(payoutID: "P1", reason: .notReceived)),
                      (102, .dispenseOutcomeUnknown(payoutID: "P1", knownPaid: 2))])
    func counterZeroBeforeAndAfterIsDecidedByTheLifetimeCount(total: UInt32, outcome: CoinBusEvent) throws {
        var script = try Script()
        try script.answerStartup()
        script.submit(.dispense(payoutID: "P1", denomination: .coin5, count: 7))
        try script.answerUntilDispense(address: Self.hopper, baseline: .reading(counter: 0), dispensedTotal: 100)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        script.timeOut()
        for _ in 0..<2 {
            try script.expectFrame(.requestHopperStatus, to: Self.hopper)
            try script.reply(.hopperStatus(.reading(counter: 0)))
        }
        try script.expectFrame(.requestHopperDispenseCount, to: Self.hopper)
        #expect(try script.reply(.hopperDispenseCount(total)) == [outcome])
        #expect(script.dispenseFramesSent == 1)
    }

    /// The first reading looked unchanged (a stale reply) but the second shows the hopper paying.
    @Test func staleUnchangedReadingDoesNotDecideNotReceived() throws {
        var script = try dispensing(count: 7)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        script.timeOut()
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        try script.reply(.hopperStatus(Self.baseline))
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        #expect(try script.reply(.hopperStatus(.reading(counter: 11, remaining: 6, paid: 1))) == [
            .dispenseAccepted(payoutID: "P1", denomination: .coin5, eventCounter: 11),
            .dispenseProgress(payoutID: "P1", paid: 1),
        ])
        #expect(try status(&script, .reading(counter: 11, paid: 7)) == [.dispenseFinished(payoutID: "P1", paid: 7, unpaid: 0)])
        #expect(script.dispenseFramesSent == 1)
    }

    @Test func silentHopperAfterALostDispenseReplyIsUnknownNotRetried() throws {
        var script = try dispensing(count: 7)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        script.timeOut()
        var caused: [CoinBusEvent] = []
        for _ in 0..<5 {
            try script.expectFrame(.requestHopperStatus, to: Self.hopper)
            caused += script.timeOut()
            script.advance(.milliseconds(100))
        }
        #expect(caused.last == .dispenseOutcomeUnknown(payoutID: "P1", knownPaid: 0))
        #expect(caused.contains(.fault(.notResponding(.hopper(.coin5)))))
        #expect(script.dispenseFramesSent == 1)
    }

    /// Counter moved but the hopper is idle with its old counts: the lifetime count did not move either,
    /// so it refused (NAK lost on the wire) and nothing was paid.
    @Test func lostNakIsRecognisedByTheLifetimeCount() throws {
        var script = try dispensing(count: 7)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 7)), to: Self.hopper)
        script.timeOut()
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        try script.reply(.hopperStatus(.reading(counter: 11, paid: 2)))
        try script.expectFrame(.requestHopperDispenseCount, to: Self.hopper)
        #expect(try script.reply(.hopperDispenseCount(100)) == [.dispenseRefused(payoutID: "P1", reason: .hopperRefused)])
    }

    /// A two-coin payout finished before the status request: same counts as last time, but the lifetime
    /// count moved by exactly the coins paid.
    @Test func payoutThatFinishedDuringTheLostReplyIsReportedExactly() throws {
        var script = try dispensing(count: 2)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 2)), to: Self.hopper)
        script.timeOut()
        try script.expectFrame(.requestHopperStatus, to: Self.hopper)
        try script.reply(.hopperStatus(.reading(counter: 11, paid: 2)))
        try script.expectFrame(.requestHopperDispenseCount, to: Self.hopper)
        #expect(try script.reply(.hopperDispenseCount(102)) == [
            .dispenseAccepted(payoutID: "P1", denomination: .coin5, eventCounter: 11),
            .dispenseFinished(payoutID: "P1", paid: 2, unpaid: 0),
        ])
        #expect(script.dispenseFramesSent == 1)
    }

    // MARK: helpers

    private func dispensing(count: Int) throws -> Script { try Script.dispensing(count: count) }
    private func accepted(count: Int) throws -> Script { try Script.accepted(count: count) }

    @discardableResult
    private func status(_ script: inout Script, _ reply: CCTalkHopperStatus) throws -> [CoinBusEvent] {
        try script.hopperStatus(reply)
    }
}
