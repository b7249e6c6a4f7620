import Devices
import Testing
import TownCore
@testable import Engine

@Suite("Voucher payout (flow 5)")
struct PayoutTests {
    let voucherID = try! VoucherID("VOUCHER01")

    func settled(_ actions: [EngineAction]) -> VoucherSettled? {
        actions.records.compactMap { if case .voucherSettled(let s) = $0 { s } else { nil } }.first
    }

    @Test("happy path: attempt journaled before the PIN check, intent before the first dispense, receipt")
    func happyPath() throws {
        var kiosk = Harness.ready()
        let start = kiosk.citizen(.startVoucherPayout(voucherID: "voucher01", pin: EnteredPIN("1234")))
        #expect(start.moneyPath == ["voucher.pin_attempt", "checkPIN"])
        guard case .pinAttempt(let attempt) = start.records.first else { Issue.record("no attempt"); return }
        #expect(attempt.step == .started && attempt.state.failedPinAttempts == 1 && attempt.state.pinCheck == .attemptOpen)
        #expect(!"\(start)".contains("1234"), "the PIN never appears in a printed action")

        let checked = kiosk.send(.pinChecked(voucherID: voucherID, matches: true))
        #expect(checked.moneyPath == ["voucher.pin_attempt", "payout.intent", "nv.payout"])
        guard case .payoutIntent(let intent) = checked.records.last else { Issue.record("no intent"); return }
        #expect(intent.voucher.status == .paying)
        #expect(intent.rounding.rounded == Money(crowns: 1500))
        #expect(intent.plan.counts == [.note500: 3])

        let done = completeSteps(intent.steps, on: &kiosk)
        #expect(done.moneyPath.prefix(4) == ["payout.outcome", "voucher.settled", "receipt.issued", "transaction.closed"])
        let result = try #require(settled(done))
        #expect(result.event == .recordPaid && result.state.status == .paid && result.state.paidSoFar == Money(crowns: 1500))
        #expect(done.screens.contains(.payoutDone(PayoutDone(receipt: "K01-2026-000001", paid: Money(crowns: 1500),
                                                             remainingOnVoucher: .zero, reference: "K01-T000001"))))
        // Paid vouchers are not payable again.
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234"))).notices
                == [.error(.voucherNotPayable)])
    }

    @Test("wrong PIN five times locks the voucher; each attempt is journaled before its check")
    func pinLock() {
        var kiosk = Harness.ready()
        for attempt in 1...5 {
            let start = kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("0000")))
            #expect(start.moneyPath == ["voucher.pin_attempt", "checkPIN"])
            let wrong = kiosk.send(.pinChecked(voucherID: voucherID, matches: false))
            let expected: UIError = attempt == 5 ? .voucherLocked : .wrongPIN(attemptsLeft: 5 - attempt)
            #expect(wrong.notices.contains(.error(expected)))
            #expect(wrong.recordTypes == ["voucher.pin_attempt", "transaction.closed"])
        }
        let locked = kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        #expect(locked.notices == [.error(.voucherLocked)])
        #expect(locked.records.isEmpty && !locked.contains { if case .checkPIN = $0 { true } else { false } })
    }

    @Test("the lock survives a restart: attempts come back from the journal")
    func pinLockAcrossRestart() throws {
        var kiosk = Harness.ready()
        for _ in 1...4 {
            kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("0000")))
            kiosk.send(.pinChecked(voucherID: voucherID, matches: false))
        }
        // The fifth attempt is cut by a power loss during the KDF: it stays counted.
        kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("0000")))
        let engine = try KioskEngine.recovering(from: kiosk.storedJournal, configuration: Fixture.configuration, at: Fixture.time(0))
        var restarted = Harness(engine: engine)
        restarted.journal = kiosk.journal
        restarted.loadData()
        restarted.send(.boot)
        restarted.bringDevicesUp()
        #expect(restarted.engine.status.phase == "recovering")
        restarted.send(.timerFired(TimerID(kind: .recoveryDeadline, generation: 1)))
        #expect(restarted.engine.status.inService)
        let locked = restarted.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        #expect(locked.notices == [.error(.voucherLocked)])
    }

    @Test("jam mid-payout: exactly the device-reported amount is paid, the rest stays on the voucher")
    func partialPayout() throws {
        var kiosk = Harness.ready(vouchers: [Fixture.voucher(amount: Money(halere: 153_460))])
        kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        let checked = kiosk.send(.pinChecked(voucherID: voucherID, matches: true))
        guard case .payoutIntent(let intent) = checked.records.last else { Issue.record("no intent"); return }
        #expect(intent.rounding.rounded == Money(crowns: 1535) && intent.rounding.difference == Money(halere: 40))
        let jam = kiosk.send(.noteValidator(.payoutInterrupted(payoutID: intent.steps[0].id, paid: Money(crowns: 1000),
                                                               requested: Money(crowns: 1500), reason: .jammed)))
        #expect(jam.moneyPath == ["payout.outcome", "coin.dispense"])
        let rest = completeSteps(Array(intent.steps.dropFirst()), on: &kiosk)
        let result = try #require(settled(rest))
        #expect(result.amount == Money(crowns: 1035))
        #expect(result.state.status == .partiallyPaid && result.state.paidSoFar == Money(crowns: 1035))
        #expect(rest.recordTypes.contains("receipt.issued"))
        #expect(kiosk.dispensed(.voucher) == Money(crowns: 1035))
    }

    @Test("payout outcome unknown: voucher SUSPECT, never payable again, kiosk out of service")
    func unknownPayout() throws {
        var kiosk = Harness.ready()
        kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234")))
        let checked = kiosk.send(.pinChecked(voucherID: voucherID, matches: true))
        guard case .payoutIntent(let intent) = checked.records.last else { Issue.record("no intent"); return }
        let lost = kiosk.send(.noteValidator(.payoutOutcomeUnknown(payoutID: intent.steps[0].id, knownPaid: Money(crowns: 500))))
        let result = try #require(settled(lost))
        #expect(result.event == .markSuspect && result.state.status == .suspect && result.amount == Money(crowns: 500))
        #expect(lost.noteValidatorCommands.filter { if case .payout = $0 { true } else { false } }.isEmpty, "never repeated")
        #expect(lost.screens.contains(.problem(reference: "K01-T000001")))
        #expect(!kiosk.engine.status.inService)
        kiosk.send(.technician(.putInService(technician: "tech")))
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234"))).notices
                == [.error(.voucherNotPayable)])
    }

    @Test("expired, foreign and unpayable vouchers are refused before any PIN attempt")
    func refusals() {
        var kiosk = Harness.ready(vouchers: [
            Fixture.voucher(expiry: try! DayDate(year: 2026, month: 3, day: 14)),
            Fixture.voucher("BIGVOUCHER", amount: Money(crowns: 900_000)),
        ])
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1"))).notices == [.error(.voucherExpired)])
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "BIGVOUCHER", pin: EnteredPIN("1"))).notices == [.error(.cannotPayOutNow)])
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "NOSUCH1", pin: EnteredPIN("1"))).notices == [.error(.unknownVoucher)])
        #expect(kiosk.journal.filter { $0.type == VoucherPinAttempt.recordType }.isEmpty)
    }
}
