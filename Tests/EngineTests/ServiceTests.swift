import Devices
import Journal
import Testing
import TownCore
@testable import Engine

@Suite("Service state, faults and fail-closed (flow 6, P14)")
struct ServiceTests {
    @Test("boot: acceptors off, out of service until the needed devices are ready, then welcome")
    func bootSequence() {
        var kiosk = Harness(engine: KioskEngine(configuration: Fixture.configuration, at: Fixture.time(0)))
        kiosk.loadData()
        let boot = kiosk.send(.boot)
        #expect(boot.noteValidatorCommands == [.enable(accepting: [])])
        #expect(boot.coinCommands == [.disableCoins])
        #expect(boot.screens == [.outOfService(reference: nil)])
        #expect(boot.records.isEmpty, "starting devices are not a journaled fault")
        let nv = kiosk.send(.noteValidator(.ready))
        #expect(nv.noteValidatorCommands.contains(.setRouting(.note100, toRecycler: true)))
        #expect(nv.noteValidatorCommands.contains(.setRouting(.note5000, toRecycler: false)))
        #expect(nv.noteValidatorCommands.contains(.refreshLevels))
        kiosk.send(.coinBus(.ready))
        let printer = kiosk.send(.printer(.condition(.ready)))
        #expect(printer.screens == [.welcome(cardAvailable: false)])
        #expect(kiosk.send(.cardTerminal(.ready)).screens == [.welcome(cardAvailable: true)])
        #expect(kiosk.engine.status.inService)
    }

    @Test("journal failure: devices disabled, out of service, and nothing more happens")
    func journalFailure() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        let failed = kiosk.send(.journalFailed(reason: "disk I/O error"))
        #expect(failed == [.noteValidator(.disable), .coinBus(.emergencyStop), .ui(.screen(.outOfService(reference: "K01-T000001")))])
        #expect(kiosk.engine.status.phase == "halted" && !kiosk.engine.status.inService)
        #expect(kiosk.send(.noteValidator(.noteEscrowed(.note500))).isEmpty)
        #expect(kiosk.send(.noteValidator(.noteCredited(.note500, NoteCreditKey(session: 1, sequence: 1)))).isEmpty)
        #expect(kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil)).isEmpty)
    }

    @Test("journal failure during a card payment also aborts the terminal")
    func journalFailureDuringCard() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        kiosk.citizen(.chooseMethod(.card))
        #expect(kiosk.send(.journalFailed(reason: "disk full")).cardCommands == [.abort])
    }

    @Test("a needed device faults: out of service with a journaled reason; back when it recovers")
    func deviceFault() throws {
        var kiosk = Harness.ready()
        let paperOut = kiosk.send(.printer(.condition(.paperOut)))
        guard case .outOfService(let record) = paperOut.records.first else { Issue.record("not journaled"); return }
        #expect(record.cause == .deviceFault && record.reason.contains("printer"))
        #expect(paperOut.screens == [.outOfService(reference: nil)])
        #expect(kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil)).notices == [.error(.outOfService)])
        let back = kiosk.send(.printer(.condition(.ready)))
        #expect(back.recordTypes == ["kiosk.in_service"])
        #expect(back.screens == [.welcome(cardAvailable: true)])
    }

    @Test("the note validator fails during a cash payment: the payment is cancelled and the cash given back")
    func faultDuringIntake() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        kiosk.send(.coinBus(.coinCredited(.coin50, eventKey: CoinEventKey(epoch: 0, counter: 1))))
        let fault = kiosk.send(.noteValidator(.fault(.stackerFull)))
        guard case .changePlanned(let plan) = fault.records.first else { Issue.record("no refund"); return }
        #expect(plan.purpose == .refund && plan.amount == Money(crowns: 50))
        let done = completeSteps(plan.steps, on: &kiosk)
        #expect(done.records.contains { if case .outOfService(let o) = $0 { o.cause == .deviceFault } else { false } })
    }

    @Test("a jam with a note being stacked makes the payment suspect")
    func jamDuringStacking() {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        kiosk.send(.noteValidator(.noteEscrowed(.note1000)))
        let jam = kiosk.send(.noteValidator(.fault(.safeJam(.note1000))))
        #expect(jam.records.contains { if case .transactionClosed(let c) = $0 { c.outcome == .suspect } else { false } })
        #expect(jam.screens.contains(.problem(reference: "K01-T000001")))
    }

    @Test("technician out of service is sticky; an unavailable card terminal only hides card payment")
    func technicianAndCard() {
        var kiosk = Harness.ready()
        let out = kiosk.send(.technician(.putOutOfService(reason: "refill")))
        #expect(out.records.contains { if case .outOfService(let o) = $0 { o.cause == .technician } else { false } })
        kiosk.send(.printer(.condition(.ready)))
        #expect(!kiosk.engine.status.inService)
        kiosk.send(.technician(.putInService(technician: "tech")))
        kiosk.send(.cardTerminal(.fault(.connectionLost("cable"))))
        #expect(kiosk.engine.status.inService)
        let summary = kiosk.citizen(.startPayment(.variableSymbol("555"), amount: nil))
        #expect(summary.screens.contains { if case .paymentSummary(let s) = $0 { s.methods == [.cash] } else { false } })
        #expect(kiosk.citizen(.chooseMethod(.card)).notices == [.error(.methodUnavailable)])
    }

    @Test("change below the configured minimum takes the kiosk out of service")
    func changeUnavailable() {
        var configuration = Fixture.configuration
        configuration.minimumChangeValue = Money(crowns: 200)
        let kiosk = Harness.ready(units: Fixture.cashUnits(notes: [:], coins: [.coin10: 5]), configuration: configuration)
        #expect(!kiosk.engine.status.inService)
        #expect(kiosk.journal.contains { if case .outOfService(let o) = $0 { o.cause == .changeUnavailable } else { false } })
    }

    @Test("every record round-trips through the journal's canonical JSON")
    func recordsRoundTrip() throws {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        kiosk.send(.noteValidator(.noteEscrowed(.note2000)))
        let credited = kiosk.send(.noteValidator(.noteCredited(.note2000, NoteCreditKey(session: 1, sequence: 1))))
        completeSteps(plannedSteps(credited.records), on: &kiosk)
        kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1")))
        kiosk.send(.pinChecked(voucherID: try VoucherID("VOUCHER01"), matches: true))
        let stored = kiosk.storedJournal
        #expect(stored.count == kiosk.journal.count)
        for (record, original) in zip(stored, kiosk.journal) {
            #expect(try EngineRecord(decoding: record) == original)
        }
        #expect(Set(kiosk.journal.map(\.type)).isSuperset(of: ["payment.started", "cash.note_credited", "change.planned",
                                                               "change.dispensed", "receipt.issued", "payout.intent"]))
    }
}
