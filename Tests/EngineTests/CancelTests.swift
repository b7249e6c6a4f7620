import Devices
import Testing
import TownCore
@testable import Engine

@Suite("Cancel and timeouts (flows 4 and 6)")
struct CancelTests {
    func paying(_ units: [CashUnit] = Fixture.cashUnits()) -> Harness {
        var kiosk = Harness.ready(units: units)
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        return kiosk
    }

    @Test("cancel with a note in escrow: acceptance stops, the note comes back, nothing is credited")
    func cancelWithEscrow() {
        var kiosk = paying(Fixture.cashUnits(notes: [:], coins: [:]))
        // Nothing to give change with: the 2 000 Kč note is being returned when the citizen cancels.
        kiosk.send(.noteValidator(.noteEscrowed(.note2000)))
        let cancel = kiosk.citizen(.cancel)
        #expect(cancel.moneyPath == ["nv.enable", "coin.disableCoins"])
        #expect(kiosk.engine.status.phase == "payment.acceptingCash", "waits for the note to leave escrow")
        let returned = kiosk.send(.noteValidator(.noteReturned(.note2000)))
        #expect(returned.records.map(\.type) == ["transaction.closed"])
        guard case .transactionClosed(let closed) = returned.records.first else { return }
        #expect(closed.outcome == .abandoned)
        #expect(returned.screens.contains(.cancelled(CancelledSummary(givenBack: .zero, owed: .zero, reference: "K01-T000001"))))
    }

    @Test("cancel while an accepted note is stacking: the credit is awaited, then everything is given back")
    func cancelWhileStacking() {
        var kiosk = paying()
        kiosk.send(.noteValidator(.noteEscrowed(.note500)))
        let cancel = kiosk.citizen(.cancel)
        #expect(cancel.records.isEmpty)
        let credited = kiosk.send(.noteValidator(.noteCredited(.note500, NoteCreditKey(session: 3, sequence: 1))))
        #expect(credited.moneyPath == ["cash.note_credited", "change.planned", "nv.payout"])
        completeSteps(plannedSteps(credited.records), on: &kiosk)
        #expect(kiosk.dispensed(.refund) == Money(crowns: 500))
        #expect(kiosk.journaledCredits == Money(crowns: 500))
    }

    @Test("cancel with credited cash: paid back in cash")
    func cancelWithCredit() {
        var kiosk = paying()
        kiosk.send(.noteValidator(.noteEscrowed(.note200)))
        kiosk.send(.noteValidator(.noteCredited(.note200, NoteCreditKey(session: 3, sequence: 1))))
        kiosk.send(.coinBus(.coinCredited(.coin20, eventKey: CoinEventKey(epoch: 0, counter: 1))))
        let cancel = kiosk.citizen(.cancel)
        guard case .changePlanned(let plan) = cancel.records.first else { Issue.record("no refund plan"); return }
        #expect(plan.purpose == .refund && plan.amount == Money(crowns: 220))
        let done = completeSteps(plan.steps, on: &kiosk)
        #expect(done.screens.contains(.cancelled(CancelledSummary(givenBack: Money(crowns: 220), owed: .zero,
                                                                   reference: "K01-T000001"))))
        #expect(kiosk.owed == .zero)
    }

    @Test("refund the devices cannot pay: refund.owed journaled and printed for the cash desk")
    func refundOwed() throws {
        var kiosk = paying(Fixture.cashUnits(notes: [:], coins: [.coin1: 1]))
        kiosk.send(.coinBus(.coinCredited(.coin20, eventKey: CoinEventKey(epoch: 0, counter: 1))))
        kiosk.send(.coinBus(.coinCredited(.coin5, eventKey: CoinEventKey(epoch: 0, counter: 2))))
        let cancel = kiosk.citizen(.cancel)
        guard case .changePlanned(let plan) = cancel.records.first else { Issue.record("no plan"); return }
        #expect(plan.plan.total == Money(crowns: 1), "best effort: only one crown in the hopper")
        let done = completeSteps(plan.steps, on: &kiosk)
        #expect(done.moneyPath.prefix(4) == ["change.dispensed", "refund.owed", "transaction.closed", "print"])
        let slip = try #require(done.printJobs.first)
        #expect(slip.lines.contains { $0.text.contains("24,00 Kč") })
        #expect(done.screens.contains(.cancelled(CancelledSummary(givenBack: Money(crowns: 1), owed: Money(crowns: 24),
                                                                   reference: "K01-T000001"))))
        #expect(kiosk.owed + kiosk.dispensed() == kiosk.journaledCredits, "money never disappears")
    }

    @Test("a hopper that stops early: paid exactly what it reports, the rest owed")
    func changeInterrupted() {
        var kiosk = paying()
        kiosk.send(.noteValidator(.noteEscrowed(.note2000)))
        let credited = kiosk.send(.noteValidator(.noteCredited(.note2000, NoteCreditKey(session: 3, sequence: 1))))
        let steps = plannedSteps(credited.records)
        kiosk.send(.noteValidator(.payoutInterrupted(payoutID: steps[0].id, paid: Money(crowns: 500),
                                                     requested: Money(crowns: 700), reason: .jammed)))
        completeSteps(Array(steps.dropFirst()), on: &kiosk)
        #expect(kiosk.dispensed(.change) == Money(crowns: 566))
        #expect(kiosk.owed == Money(crowns: 200))
        #expect(kiosk.journal.contains { if case .receiptIssued(let r) = $0 { r.owed == Money(crowns: 200) } else { false } })
    }

    @Test("inactivity: the payment is cancelled and the cash given back; stale timers are ignored")
    func inactivity() throws {
        var kiosk = paying()
        kiosk.send(.coinBus(.coinCredited(.coin10, eventKey: CoinEventKey(epoch: 0, counter: 1))))
        let started = kiosk.send(.coinBus(.coinCredited(.coin10, eventKey: CoinEventKey(epoch: 0, counter: 2))))
        let timer = try #require(started.compactMap { if case .startTimer(let id, _) = $0, id.kind == .inactivity { id } else { nil } }.last)
        #expect(kiosk.send(.timerFired(TimerID(kind: .inactivity, generation: timer.generation - 1))).isEmpty)
        let expired = kiosk.send(.timerFired(timer))
        #expect(expired.notices.contains(.timedOut))
        guard case .changePlanned(let plan) = expired.records.first else { Issue.record("no refund"); return }
        #expect(plan.purpose == .refund && plan.amount == Money(crowns: 20))
    }

    @Test("money arriving with no payment open is credited and owed, never lost")
    func creditWithoutPayment() {
        var kiosk = Harness.ready()
        let stray = kiosk.send(.coinBus(.coinCredited(.coin50, eventKey: CoinEventKey(epoch: 0, counter: 1))))
        #expect(stray.moneyPath == ["cash.coin_credited", "refund.owed", "transaction.closed", "print"])
        #expect(kiosk.owed == Money(crowns: 50))
    }
}
