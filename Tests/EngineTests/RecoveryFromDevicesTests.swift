import Devices
import Journal
import Testing
import TownCore
@testable import Engine

/// Recovery when kioskd died but the devices kept their power: the note validator repeats the batch the dead
/// process never journaled, and the hoppers' event counters say whether a payout in doubt ever ran.
@Suite("Recovery from device counters and repeated batches")
struct RecoveryFromDevicesTests {
    let deadline = EngineInput.timerFired(TimerID(kind: .recoveryDeadline, generation: 1))

    func restart(_ crashed: Harness) throws -> Harness { try Harness.restarted(from: crashed) }

    func repeatedKey(_ sequence: UInt64 = 1) -> NoteCreditKey {
        NoteCreditKey(session: 99, sequence: sequence, mayRepeatJournaled: true)
    }

    @Test("a credit the dead process never journaled is repeated and credited to the note being accepted")
    func repeatedCreditSettlesAcceptingNote() throws {
        var crashed = Harness.acceptingCash()
        crashed.send(.noteValidator(.noteEscrowed(.note500)))
        var kiosk = try restart(crashed)
        let repeated = kiosk.send(.noteValidator(.noteCredited(.note500, repeatedKey())))
        #expect(repeated.recordTypes == ["cash.note_credited"])
        kiosk.bringDevicesUp()
        kiosk.send(deadline)
        #expect(kiosk.journaledCredits == Money(crowns: 500) && kiosk.owed == Money(crowns: 500))
        #expect(kiosk.engine.status.inService, "nothing in doubt: the note is accounted for")
    }

    @Test("a repeated credit that was already journaled is not credited twice")
    func repeatedCreditAlreadyJournaled() throws {
        var crashed = Harness.acceptingCash()
        crashed.send(.noteValidator(.noteEscrowed(.note500)))
        crashed.send(.noteValidator(.noteCredited(.note500, NoteCreditKey(session: 1, sequence: 1))))
        var kiosk = try restart(crashed)
        let repeated = kiosk.send(.noteValidator(.noteCredited(.note500, repeatedKey())))
        #expect(repeated.recordTypes == ["device.report"])
        kiosk.bringDevicesUp()
        kiosk.send(deadline)
        #expect(kiosk.journaledCredits == Money(crowns: 500))
        // Idle after recovery: a late repeat is still only reported.
        #expect(kiosk.send(.noteValidator(.noteCredited(.note500, repeatedKey(2)))).recordTypes == ["device.report"])
        #expect(kiosk.journaledCredits == Money(crowns: 500))
    }

    @Test("the validator's batch is acknowledged only after its records, and never while halted")
    func acknowledgementFollowsJournal() {
        var kiosk = Harness.acceptingCash()
        let escrowed = kiosk.send(.noteValidator(.noteEscrowed(.note500)))
        #expect(escrowed.moneyPath == ["cash.note_accepting", "nv.accept"])
        let ack = kiosk.send(.noteValidator(.awaitingAcknowledgement))
        #expect(ack == [.noteValidator(.acknowledgeEvents)])
        kiosk.send(.journalFailed(reason: "disk full"))
        #expect(kiosk.send(.noteValidator(.awaitingAcknowledgement)).isEmpty)
    }

    @Test("a recycler payout report repeated without the requested amount settles the step in doubt")
    func repeatedNotePayoutReport() throws {
        var crashed = Harness.acceptingCash()
        crashed.send(.noteValidator(.noteEscrowed(.note2000)))
        crashed.send(.noteValidator(.noteCredited(.note2000, NoteCreditKey(session: 1, sequence: 1))))
        var kiosk = try restart(crashed)
        kiosk.send(.noteValidator(.payoutReportUnmatched(payoutID: nil, paid: Money(crowns: 700), requested: nil)))
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        let outcome = try #require(resolved.records.compactMap { if case .changeDispensed(let d) = $0 { d } else { nil } }.first)
        #expect(outcome.paid == Money(crowns: 700) && outcome.result == .complete)
    }

    /// A voucher of 560 Kč: 500 Kč note, then one 50 Kč and one 10 Kč coin. The recycler step finished.
    func payoutCrashedBeforeCoins(acceptance: Bool) throws -> (Harness, [DispenseStep]) {
        var crashed = Harness.ready(vouchers: [Fixture.voucher(amount: Money(crowns: 560))])
        crashed.send(.coinBus(.hopperStatusAtStart(.coin50, eventCounter: 7, lastPaid: 3, lastUnpaid: 0)))
        crashed.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        let checked = crashed.send(.pinChecked(voucherID: try VoucherID("VOUCHER01"), matches: true))
        let steps = plannedSteps(checked.records)
        crashed.send(.noteValidator(.payoutFinished(payoutID: steps[0].id, paid: Money(crowns: 500))))
        if acceptance {
            crashed.send(.coinBus(.dispenseAccepted(payoutID: steps[1].id, denomination: .coin50, eventCounter: 8)))
        }
        return (crashed, steps)
    }

    @Test("hopper counter one past the journaled one: the coins in doubt were paid, as the hopper counted them")
    func hopperPaidBeforeCrash() throws {
        for acceptance in [false, true] {
            let (crashed, _) = try payoutCrashedBeforeCoins(acceptance: acceptance)
            var kiosk = try restart(crashed)
            kiosk.send(.coinBus(.hopperStatusAtStart(.coin50, eventCounter: 8, lastPaid: 1, lastUnpaid: 0)))
            kiosk.bringDevicesUp()
            let resolved = kiosk.send(deadline)
            let settled = try #require(resolved.records.compactMap { if case .voucherSettled(let s) = $0 { s } else { nil } }.first)
            #expect(settled.amount == Money(crowns: 550), "acceptance journaled: \(acceptance)")
            #expect(kiosk.engine.status.inService)
        }
    }

    @Test("hopper counter unchanged: the dispense never reached it, nothing paid, voucher keeps the rest")
    func hopperNeverReached() throws {
        let (crashed, _) = try payoutCrashedBeforeCoins(acceptance: false)
        var kiosk = try restart(crashed)
        kiosk.send(.coinBus(.hopperStatusAtStart(.coin50, eventCounter: 7, lastPaid: 3, lastUnpaid: 0)))
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        let outcomes = resolved.records.compactMap { if case .payoutOutcome(let o) = $0 { o } else { nil } }
        #expect(outcomes.first?.result == .refused && outcomes.first?.paid == .zero)
        let settled = try #require(resolved.records.compactMap { if case .voucherSettled(let s) = $0 { s } else { nil } }.first)
        #expect(settled.amount == Money(crowns: 500) && settled.state.status == .partiallyPaid)
    }

    @Test("verdicts from counters", arguments: [
        (nil as UInt8?, 7 as UInt8?, 7 as UInt8, HopperStepVerdict.notExecuted),
        (nil, 7, 8, .executed(paid: 2, unpaid: 0)),
        (nil, 255, 1, .executed(paid: 2, unpaid: 0)),
        (nil, 7, 9, .unknown),
        (nil, nil, 8, .unknown),
        (8, 7, 8, .executed(paid: 2, unpaid: 0)),
        (8, 7, 9, .unknown),
        (nil, 7, 0, .unknown),
    ])
    func verdicts(accepted: UInt8?, before: UInt8?, now: UInt8, expected: HopperStepVerdict) {
        let status = HopperStartStatus(eventCounter: now, lastPaid: 2, lastUnpaid: 0)
        #expect(HopperStepVerdict.judge(accepted: accepted, before: before, now: status) == expected)
    }
}
