import Devices
import Journal
import Testing
import TownCore
@testable import Engine

@Suite("Recovery from the journal (P4, P6, P7, P8)")
struct RecoveryTests {
    func restart(_ crashed: Harness) throws -> Harness { try Harness.restarted(from: crashed) }

    let deadline = EngineInput.timerFired(TimerID(kind: .recoveryDeadline, generation: 1))

    func records<T>(_ actions: [EngineAction], _ pick: (EngineRecord) -> T?) -> [T] { actions.records.compactMap(pick) }

    /// Paying 1 234 Kč with 2 000 Kč, crashed right after the recycler was told to pay 700 Kč of change.
    func crashedDuringChange() -> (Harness, [DispenseStep]) {
        var kiosk = Harness.acceptingCash()
        kiosk.send(.noteValidator(.noteEscrowed(.note2000)))
        let credited = kiosk.send(.noteValidator(.noteCredited(.note2000, NoteCreditKey(session: 1, sequence: 1))))
        return (kiosk, plannedSteps(credited.records))
    }

    @Test("change interrupted by a power cut: settled exactly from INCOMPLETE PAYOUT, the rest owed, receipt issued")
    func changeSettledFromPowerUp() throws {
        let (crashed, steps) = crashedDuringChange()
        var kiosk = try restart(crashed)
        #expect(kiosk.journal.last?.type == "recovery.started")
        #expect(kiosk.engine.status.phase == "recovering")
        #expect(kiosk.engine.status.unfinished == [TransactionID(number: 1)] && !kiosk.engine.status.inService)
        kiosk.bringDevicesUp()
        // No customer until the transaction is resolved.
        #expect(kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil)).notices == [.error(.outOfService)])
        kiosk.send(.noteValidator(.powerUp(.incompletePayout(paid: Money(crowns: 500), requested: Money(crowns: 700)))))
        let resolved = kiosk.send(deadline)
        let outcome = try #require(records(resolved) { if case .changeDispensed(let d) = $0 { d } else { nil } }.first)
        #expect(outcome.step == steps[0].id && outcome.paid == Money(crowns: 500) && outcome.result == .interrupted)
        #expect(resolved.moneyPath.prefix(5) == ["change.dispensed", "refund.owed", "receipt.issued", "transaction.closed", "print"])
        let owed = try #require(records(resolved) { if case .refundOwed(let r) = $0 { r } else { nil } }.first)
        #expect(owed.amount == Money(crowns: 266))
        #expect(kiosk.engine.status.inService && kiosk.engine.status.unfinished.isEmpty)
        #expect(kiosk.owed + kiosk.dispensed() + Money(crowns: 1234) == kiosk.journaledCredits)
        // The next transaction continues the numbering.
        let next = kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        #expect(records(next) { if case .paymentStarted(let p) = $0 { p.transaction.number } else { nil } } == [2])
    }

    @Test("no report for a payout in flight: outcome unknown, kiosk stays out of service (also after another restart)")
    func unresolvedPayout() throws {
        var crashed = Harness.ready()
        crashed.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        crashed.send(.pinChecked(voucherID: try VoucherID("VOUCHER01"), matches: true))
        var kiosk = try restart(crashed)
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        let settled = try #require(records(resolved) { if case .voucherSettled(let s) = $0 { s } else { nil } }.first)
        #expect(settled.event == .markSuspect && settled.state.status == .suspect)
        #expect(records(resolved) { (r: EngineRecord) -> DispenseResult? in if case .payoutOutcome(let o) = r { o.result } else { nil } } == [.unknown])
        #expect(!kiosk.engine.status.inService)
        #expect(resolved.screens.last == .outOfService(reference: "K01-T000001"))

        var again = try restart(kiosk)
        #expect(again.engine.status.phase == "idle", "nothing left open")
        again.bringDevicesUp()
        #expect(!again.engine.status.inService, "the block is sticky until a technician clears it")
        #expect(again.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1"))).notices == [.error(.outOfService)])
    }

    @Test("payout settled from the hopper's power-up counters and the recycler's report")
    func payoutSettledFromReports() throws {
        var crashed = Harness.ready(vouchers: [Fixture.voucher(amount: Money(crowns: 560))])
        crashed.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        let checked = crashed.send(.pinChecked(voucherID: try VoucherID("VOUCHER01"), matches: true))
        let steps = plannedSteps(checked.records)
        #expect(steps.map(\.amount) == [Money(crowns: 500), Money(crowns: 50), Money(crowns: 10)])
        crashed.send(.noteValidator(.payoutFinished(payoutID: steps[0].id, paid: Money(crowns: 500))))
        // Crash while the 50 Kč hopper pays; it reports 1 of 1 paid at power-up. The 10 Kč step never started.
        var kiosk = try restart(crashed)
        kiosk.send(.coinBus(.hopperPowerUpAfterInterruptedPayout(.coin50, paid: 1, unpaid: 0)))
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        let settled = try #require(records(resolved) { if case .voucherSettled(let s) = $0 { s } else { nil } }.first)
        #expect(settled.event == .recordPaid && settled.amount == Money(crowns: 550) && settled.state.status == .partiallyPaid)
        #expect(resolved.recordTypes.contains("receipt.issued"))
        #expect(kiosk.engine.status.inService)
    }

    @Test("cash credited when the process died: owed back with a printed slip, transaction cancelled")
    func creditedCashOwed() throws {
        var crashed = Harness.acceptingCash()
        crashed.send(.noteValidator(.noteEscrowed(.note500)))
        crashed.send(.noteValidator(.noteCredited(.note500, NoteCreditKey(session: 1, sequence: 1))))
        var kiosk = try restart(crashed)
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        #expect(resolved.moneyPath.prefix(3) == ["refund.owed", "print", "transaction.closed"])
        #expect(kiosk.owed == Money(crowns: 500))
        #expect(kiosk.engine.status.inService)
    }

    @Test("restart during a card payment: outcome UNKNOWN, never charged again")
    func cardUnknownAfterRestart() throws {
        var crashed = Harness.ready()
        crashed.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        crashed.citizen(.chooseMethod(.card))
        var kiosk = try restart(crashed)
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        #expect(records(resolved) { (r: EngineRecord) -> CardOutcome.Result? in if case .cardOutcome(let c) = r { c.result } else { nil } } == [.unknown])
        #expect(resolved.cardCommands.isEmpty)
        #expect(!kiosk.engine.status.inService)
    }

    @Test("a note cleared into the cashbox at power-up is credited and owed, never lost")
    func noteClearedIntoCashbox() throws {
        var crashed = Harness.acceptingCash()
        crashed.send(.noteValidator(.noteEscrowed(.note200)))
        var kiosk = try restart(crashed)
        let cleared = kiosk.send(.noteValidator(.powerUp(.noteClearedIntoCashbox(.note200))))
        #expect(cleared.moneyPath == ["device.report", "cash.note_credited", "refund.owed", "transaction.closed", "print"])
        kiosk.bringDevicesUp()
        kiosk.send(deadline)
        #expect(kiosk.journaledCredits == Money(crowns: 200) && kiosk.owed == Money(crowns: 200))
        #expect(kiosk.engine.status.inService)
    }

    @Test("a note being stacked at the crash with no power-up report: in doubt, out of service")
    func noteBeingStackedUnknown() throws {
        var crashed = Harness.acceptingCash()
        #expect(crashed.send(.noteValidator(.noteEscrowed(.note1000)))
                .moneyPath == ["cash.note_accepting", "nv.accept"])
        var kiosk = try restart(crashed)
        kiosk.bringDevicesUp()
        let resolved = kiosk.send(deadline)
        #expect(records(resolved) { (r: EngineRecord) -> TransactionClosed.Outcome? in
            if case .transactionClosed(let c) = r { c.outcome } else { nil } } == [.suspect])
        #expect(!kiosk.engine.status.inService)
    }

    @Test("receipt numbers continue gaplessly across restarts and restart at 1 in a new year")
    func receiptNumbering() throws {
        var first = Harness.ready()
        for sequence in 1...2 {
            first.citizen(.startPayment(.fee(code: "OVERENI-PODPISU"), amount: nil))
            first.citizen(.chooseMethod(.cash))
            first.send(.coinBus(.coinCredited(.coin20, eventKey: CoinEventKey(epoch: 0, counter: UInt8(2 * sequence - 1)))))
            first.send(.coinBus(.coinCredited(.coin10, eventKey: CoinEventKey(epoch: 0, counter: UInt8(2 * sequence)))))
        }
        var kiosk = try restart(first)
        kiosk.bringDevicesUp()
        #expect(kiosk.engine.status.lastReceipt?.description == "K01-2026-000002")
        kiosk.today = try DayDate(year: 2027, month: 1, day: 2)
        kiosk.citizen(.startPayment(.fee(code: "OVERENI-PODPISU"), amount: nil))
        kiosk.citizen(.chooseMethod(.card))
        kiosk.send(.cardTerminal(.approved(CardPaymentResult(reference: "K01-T000003-C1", amount: Money(crowns: 30)))))
        #expect(kiosk.engine.status.lastReceipt?.description == "K01-2027-000001")
        let numbers = kiosk.journal.compactMap { if case .receiptIssued(let r) = $0 { r.number } else { nil } }
        try ReceiptSeries(kiosk: Fixture.kiosk).verifyGapless(numbers)
    }

    @Test("a damaged engine record stops the replay")
    func damagedJournal() {
        let bad = JournalRecord.chained(kioskID: "K01", sequence: 1, recordedAt: 0, type: "cash.note_credited",
                                        payload: Array("{\"credit\":{}}".utf8), previousHash: JournalRecord.genesisHash)
        #expect(throws: (any Error).self) {
            try KioskEngine.recovering(from: [bad], configuration: Fixture.configuration, at: Fixture.time(0))
        }
        let foreign = JournalRecord.chained(kioskID: "K01", sequence: 1, recordedAt: 0, type: "demo.note",
                                            payload: Array("{}".utf8), previousHash: JournalRecord.genesisHash)
        #expect(throws: Never.self) {
            try KioskEngine.recovering(from: [foreign], configuration: Fixture.configuration, at: Fixture.time(0))
        }
    }
}
