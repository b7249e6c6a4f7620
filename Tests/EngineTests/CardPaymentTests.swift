import Devices
import Testing
import TownCore
@testable import Engine

@Suite("Card and mixed payments (flows 2 and 3)")
struct CardPaymentTests {
    static let ref = "K01-T000001-C1"

    func approved(_ amount: Money, reference: String = ref) -> EngineInput {
        .cardTerminal(.approved(CardPaymentResult(reference: reference, amount: amount, receiptNumber: 42, traceNumber: 7,
                                                  maskedPAN: "476173******0119", slipLines: ["VISA", "SCHVALENO"])))
    }

    @Test("approved: exact amount charged, receipt with the terminal's slip lines")
    func approvedPayment() throws {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        let chosen = kiosk.citizen(.chooseMethod(.card))
        #expect(chosen.moneyPath == ["payment.method_chosen", "card.requested", "card.pay"])
        #expect(chosen.cardCommands == [.pay(amount: Money(halere: 123_440), reference: Self.ref)])
        let done = kiosk.send(approved(Money(halere: 123_440)))
        #expect(done.moneyPath == ["card.outcome", "receipt.issued", "transaction.closed", "print", "nv.refreshLevels"])
        let job = try #require(done.printJobs.first)
        #expect(job.lines.contains { $0.text == "SCHVALENO" })
        let receipt = try #require(done.records.compactMap { if case .receiptIssued(let r) = $0 { r } else { nil } }.first)
        #expect(receipt.card == Money(halere: 123_440) && receipt.cash == .zero && receipt.rounding == .zero)
        guard case .cardOutcome(let outcome) = done.records.first else { Issue.record("no outcome"); return }
        #expect(outcome.maskedPAN == "476173******0119" && outcome.result == .approved)
    }

    @Test("declined: back to the method choice, nothing journaled as paid")
    func declined() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        kiosk.citizen(.chooseMethod(.card))
        let declined = kiosk.send(.cardTerminal(.declined(CardPaymentDecline(
            reference: Self.ref, amount: Money(halere: 123_440), failure: CardFailure(reason: .declinedByCard, message: "zamítnuto")))))
        #expect(declined.recordTypes == ["card.outcome"])
        #expect(declined.notices.contains(.cardDeclined))
        #expect(declined.screens.contains { if case .paymentSummary = $0 { true } else { false } })
        #expect(kiosk.engine.status.phase == "payment.choosingMethod")
        // A second try uses a new reference; the first is never re-sent.
        let retry = kiosk.citizen(.chooseMethod(.card))
        #expect(retry.cardCommands == [.pay(amount: Money(halere: 123_440), reference: "K01-T000001-C2")])
    }

    @Test("outcome unknown: journaled UNKNOWN, never charged again, reference printed, out of service")
    func unknownOutcome() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        kiosk.citizen(.chooseMethod(.card))
        let unknown = kiosk.send(.cardTerminal(.outcomeUnknown(CardPaymentUnknown(
            reference: Self.ref, amount: Money(halere: 123_440), reason: "completion lost"))))
        #expect(unknown.moneyPath.prefix(3) == ["card.outcome", "transaction.closed", "print"])
        #expect(unknown.cardCommands.isEmpty)
        #expect(unknown.screens.contains(.problem(reference: "K01-T000001")))
        #expect(unknown.records.contains { if case .outOfService(let o) = $0 { o.cause == .unresolvedTransaction } else { false } })
        #expect(!kiosk.engine.status.inService)
        #expect(kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil)).notices == [.error(.outOfService)])
        // A technician reconciles it and puts the kiosk back.
        let back = kiosk.send(.technician(.putInService(technician: "tech-1")))
        #expect(back.recordTypes == ["kiosk.in_service"])
        #expect(kiosk.engine.status.inService)
    }

    @Test("mixed: cash part first (with change), then the rest by card")
    func mixed() throws {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        let chosen = kiosk.citizen(.chooseMethod(.mixed(cashPart: Money(crowns: 300))))
        guard case .methodChosen(let method) = chosen.records.first else { Issue.record("no method"); return }
        #expect(method.cashDue == Money(crowns: 300) && method.cardDue == Money(crowns: 934))
        kiosk.send(.noteValidator(.noteEscrowed(.note500)))
        let credited = kiosk.send(.noteValidator(.noteCredited(.note500, NoteCreditKey(session: 1, sequence: 1))))
        #expect(credited.moneyPath.prefix(4) == ["cash.note_credited", "nv.enable", "coin.disableCoins", "change.planned"])
        let change = completeSteps(plannedSteps(credited.records), on: &kiosk)
        #expect(change.cardCommands == [.pay(amount: Money(crowns: 934), reference: Self.ref)])
        let done = kiosk.send(approved(Money(crowns: 934)))
        let receipt = try #require(done.records.compactMap { if case .receiptIssued(let r) = $0 { r } else { nil } }.first)
        #expect(receipt.cash == Money(crowns: 300) && receipt.card == Money(crowns: 934) && receipt.change == Money(crowns: 200))
    }

    @Test("mixed: card declined, then cancel gives the cash part back")
    func mixedDeclinedThenCancel() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.mixed(cashPart: Money(crowns: 200))))
        kiosk.send(.noteValidator(.noteEscrowed(.note200)))
        kiosk.send(.noteValidator(.noteCredited(.note200, NoteCreditKey(session: 1, sequence: 1))))
        kiosk.send(.cardTerminal(.declined(CardPaymentDecline(
            reference: Self.ref, amount: Money(crowns: 1034), failure: CardFailure(reason: .cancelled, message: "zrušeno")))))
        let cancel = kiosk.citizen(.cancel)
        #expect(cancel.moneyPath == ["change.planned", "nv.payout"])
        guard case .changePlanned(let plan) = cancel.records.first else { Issue.record("no plan"); return }
        #expect(plan.purpose == .refund && plan.amount == Money(crowns: 200))
        let closed = completeSteps(plan.steps, on: &kiosk)
        #expect(closed.records.contains { if case .transactionClosed(let c) = $0 { c.outcome == .cancelled } else { false } })
        #expect(kiosk.dispensed(.refund) == Money(crowns: 200))
    }

    @Test("cancel during the card payment aborts; an approval that still arrives completes the payment")
    func cancelDuringCard() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        kiosk.citizen(.chooseMethod(.card))
        #expect(kiosk.citizen(.cancel).cardCommands == [.abort])
        #expect(kiosk.citizen(.cancel).isEmpty, "abort is sent once")
        let done = kiosk.send(approved(Money(halere: 123_440)))
        #expect(done.recordTypes.contains("receipt.issued"))
    }
}
