import Devices
import Testing
import TownCore
@testable import Engine

@Suite("Cash payment (flow 1)")
struct CashPaymentTests {
    let key = { (n: UInt64) in NoteCreditKey(session: 0xAB, sequence: n) }

    @Test("pay 1 234 Kč with a 2 000 Kč note: change 766 planned, dispensed, receipt")
    func payWithChange() throws {
        var kiosk = Harness.ready()
        #expect(kiosk.engine.status.inService)
        let started = kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        #expect(started.recordTypes == ["payment.started"])
        #expect(started.screens.contains { if case .paymentSummary(let s) = $0 { s.amount == Money(crowns: 1234) } else { false } })

        let chosen = kiosk.citizen(.chooseMethod(.cash))
        #expect(chosen.recordTypes == ["payment.method_chosen"])
        #expect(chosen.noteValidatorCommands == [.enable(accepting: Set(Denomination.notes))])
        #expect(chosen.coinCommands == [.enableCoins(Set(Denomination.coins))])

        let escrow = kiosk.send(.noteValidator(.noteEscrowed(.note2000)))
        #expect(escrow.noteValidatorCommands == [.accept])
        #expect(escrow.recordTypes == ["cash.note_accepting"], "escrow is not money; the intent precedes the accept")
        #expect(kiosk.engine.status.credited == .zero)

        let credited = kiosk.send(.noteValidator(.noteCredited(.note2000, key(1))))
        // The credit is journaled before anything else, then acceptance stops, then the change intent.
        #expect(credited.moneyPath == ["cash.note_credited", "nv.enable", "coin.disableCoins", "change.planned", "nv.payout"])
        let steps = plannedSteps(credited.records)
        guard case .changePlanned(let plan) = credited.records.last else { Issue.record("no plan"); return }
        #expect(plan.amount == Money(crowns: 766))
        #expect(plan.plan.total == Money(crowns: 766))
        #expect(plan.plan.counts == [.note500: 1, .note200: 1, .coin50: 1, .coin10: 1, .coin5: 1, .coin1: 1])
        #expect(steps.map(\.amount) == [Money(crowns: 700), Money(crowns: 50), Money(crowns: 10), Money(crowns: 5), Money(crowns: 1)])
        #expect(credited.noteValidatorCommands.last == .payout(payoutID: steps[0].id, amount: Money(crowns: 700)))

        // Each step's outcome is journaled before the next command goes out.
        let first = kiosk.send(.noteValidator(.payoutFinished(payoutID: steps[0].id, paid: Money(crowns: 700))))
        #expect(first.moneyPath == ["change.dispensed", "coin.dispense"])
        let rest = completeSteps(Array(steps.dropFirst()), on: &kiosk)
        #expect(rest.moneyPath.suffix(4) == ["receipt.issued", "transaction.closed", "print", "nv.refreshLevels"])
        let receipt = try #require(rest.records.compactMap { if case .receiptIssued(let r) = $0 { r } else { nil } }.first)
        #expect(receipt.number.description == "K01-2026-000001")
        #expect(receipt.amount == Money(crowns: 1234) && receipt.cash == Money(crowns: 1234) && receipt.change == Money(crowns: 766))
        #expect(rest.screens.contains(.paymentDone(PaymentDone(receipt: "K01-2026-000001", paid: Money(crowns: 1234),
                                                               change: Money(crowns: 766), owed: .zero,
                                                               reference: "K01-T000001"))))
        #expect(kiosk.journaledCredits == Money(crowns: 2000))
        #expect(kiosk.dispensed(.change) == Money(crowns: 766))
        #expect(kiosk.engine.status.phase == "idle")
    }

    @Test("cash total is rounded to whole crowns and the difference journaled")
    func rounding() throws {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        let chosen = kiosk.citizen(.chooseMethod(.cash))
        guard case .methodChosen(let method) = chosen.records.first else { Issue.record("no method record"); return }
        #expect(method.cashDue == Money(crowns: 1234))
        #expect(method.rounding.difference == Money(halere: -40))
        kiosk.send(.noteValidator(.noteEscrowed(.note1000)))
        kiosk.send(.noteValidator(.noteCredited(.note1000, key(1))))
        kiosk.send(.noteValidator(.noteEscrowed(.note200)))
        kiosk.send(.noteValidator(.noteCredited(.note200, key(2))))
        for n in 0..<3 { kiosk.send(.coinBus(.coinCredited(.coin10, eventKey: CoinEventKey(epoch: 0, counter: UInt8(n + 1))))) }
        let last = kiosk.send(.coinBus(.coinCredited(.coin2, eventKey: CoinEventKey(epoch: 0, counter: 4))))
        let lastTwo = kiosk.send(.coinBus(.coinCredited(.coin2, eventKey: CoinEventKey(epoch: 0, counter: 5))))
        #expect(last.recordTypes == ["cash.coin_credited"])
        let receipt = try #require(lastTwo.records.compactMap { if case .receiptIssued(let r) = $0 { r } else { nil } }.first)
        #expect(receipt.amount == Money(halere: 123_440))
        #expect(receipt.cash == Money(crowns: 1234))
        #expect(receipt.rounding == Money(halere: -40))
        #expect(!lastTwo.recordTypes.contains("change.planned"), "exact payment needs no change")
    }

    @Test("a note the kiosk cannot change is returned and the citizen told which notes it takes")
    func noteRefusedWithoutChange() {
        // No coins, recycler holds only 100 Kč notes: a 2 000 Kč note for 1 234 Kč cannot be changed.
        var kiosk = Harness.ready(units: Fixture.cashUnits(notes: [.note100: 3], coins: [:]))
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        let chosen = kiosk.citizen(.chooseMethod(.cash))
        #expect(chosen.noteValidatorCommands == [.enable(accepting: [.note100, .note200, .note500, .note1000])])
        let escrow = kiosk.send(.noteValidator(.noteEscrowed(.note2000)))
        #expect(escrow.noteValidatorCommands == [.returnNote])
        #expect(escrow.notices.contains(.noteReturned(.note2000, acceptedNotes: [.note100, .note200, .note500, .note1000])))
        let returned = kiosk.send(.noteValidator(.noteReturned(.note2000)))
        #expect(returned.records.isEmpty)
        #expect(kiosk.engine.status.credited == .zero)
        #expect(kiosk.engine.status.phase == "payment.acceptingCash")
        // A validator-level refusal also tells the citizen what works.
        let rejected = kiosk.send(.noteValidator(.noteRejected(.refusedByValidator)))
        #expect(rejected.notices == [.noteRejected(acceptedNotes: [.note100, .note200, .note500, .note1000])])
    }

    @Test("partial payment of an obligation that allows it, by amount and by finishing early")
    func partialPayment() throws {
        var kiosk = Harness.ready()
        let refused = kiosk.citizen(.startPayment(.variableSymbol("555"), amount: Money(crowns: 500)))
        #expect(refused.notices == [.error(.partialPaymentNotAllowed)])
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: Money(crowns: 500)))
        kiosk.citizen(.chooseMethod(.cash))
        kiosk.send(.noteValidator(.noteEscrowed(.note500)))
        let paid = kiosk.send(.noteValidator(.noteCredited(.note500, key(1))))
        let receipt = try #require(paid.records.compactMap { if case .receiptIssued(let r) = $0 { r } else { nil } }.first)
        #expect(receipt.amount == Money(crowns: 500))

        // The obligation now owes 734 Kč; the citizen inserts 300 Kč and finishes with that.
        let summary = kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        #expect(summary.records.contains { if case .paymentStarted(let p) = $0 { p.outstanding == Money(crowns: 734) } else { false } })
        kiosk.citizen(.chooseMethod(.cash))
        kiosk.send(.noteValidator(.noteEscrowed(.note200)))
        kiosk.send(.noteValidator(.noteCredited(.note200, key(2))))
        kiosk.send(.noteValidator(.noteEscrowed(.note100)))
        kiosk.send(.noteValidator(.noteCredited(.note100, key(3))))
        let finished = kiosk.citizen(.finishWithInserted)
        #expect(finished.moneyPath == ["payment.method_chosen", "nv.enable", "coin.disableCoins", "receipt.issued",
                                       "transaction.closed", "print", "nv.refreshLevels"])
        let second = try #require(finished.records.compactMap { if case .receiptIssued(let r) = $0 { r } else { nil } }.first)
        #expect(second.amount == Money(crowns: 300))
        #expect(second.number.sequence == 2)
    }

    @Test("a repeated credit event never credits twice")
    func duplicateCredit() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        kiosk.send(.noteValidator(.noteEscrowed(.note500)))
        let first = kiosk.send(.noteValidator(.noteCredited(.note500, key(7))))
        let again = kiosk.send(.noteValidator(.noteCredited(.note500, key(7))))
        let coin = kiosk.send(.coinBus(.coinCredited(.coin20, eventKey: CoinEventKey(epoch: 1, counter: 9))))
        let coinAgain = kiosk.send(.coinBus(.coinCredited(.coin20, eventKey: CoinEventKey(epoch: 1, counter: 9))))
        #expect(first.recordTypes == ["cash.note_credited"])
        #expect(again.isEmpty)
        #expect(coin.recordTypes == ["cash.coin_credited"])
        #expect(coinAgain.isEmpty)
        #expect(kiosk.engine.status.credited == Money(crowns: 520))
        #expect(kiosk.journaledCredits == Money(crowns: 520))
    }

    @Test("unknown variabilní symbol, settled obligation and fees")
    func identification() throws {
        var kiosk = Harness.ready()
        #expect(kiosk.citizen(.startPayment(.variableSymbol("99"), amount: nil)).notices == [.error(.unknownPayment)])
        #expect(kiosk.citizen(.startPayment(.variableSymbol("12a"), amount: nil)).notices == [.error(.unreadableSymbol)])
        #expect(kiosk.citizen(.startPayment(.fee(code: "NOPE"), amount: nil)).notices == [.error(.unknownFee)])
        let scanned = kiosk.citizen(.startPayment(.scannedCode("SPD*1.0*ACC:CZ6508000000192000145399*AM:1234.00*X-VS:1234567890\r\n"),
                                                  amount: nil))
        #expect(scanned.recordTypes == ["payment.started"])
        kiosk.citizen(.cancel)
        let fee = kiosk.citizen(.startPayment(.fee(code: "OVERENI-PODPISU"), amount: nil))
        guard case .paymentStarted(let started) = fee.records.first else { Issue.record("no record"); return }
        #expect(started.target.kind == .fee && started.amount == Money(crowns: 30))
    }
}
