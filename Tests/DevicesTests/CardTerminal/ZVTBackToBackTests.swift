import DeviceProtocols
@testable import Devices
import KioskSimCore
import Testing
import TownCore

/// Driver vs simulated terminal, byte at a time, on a virtual clock; the terminal's ledger is the truth.
@Suite struct ZVTBackToBackTests {
    private func ready(_ configuration: ZVTTerminalConfiguration = ZVTTerminalConfiguration(),
                       terminal: SimulatedZVTTerminal? = nil) throws -> ZVTBackToBack {
        var pair = try ZVTBackToBack(configuration, terminal: terminal)
        pair.connect()
        pair.runUntilReady()
        try #require(pair.events.contains(.ready))
        return pair
    }

    @Test func approvedPaymentMatchesTheTerminalLedger() throws {
        var pair = try ready()
        pair.submit(.pay(amount: Money(crowns: 150), reference: "B2B-1"))
        pair.runUntilOutcome()
        guard case .approved(let result)? = pair.outcomes.first else {
            Issue.record("expected approval, got \(pair.outcomes)")
            return
        }
        let charge = try #require(pair.terminal.ledger.charges.first)
        #expect(pair.terminal.ledger.charges.count == 1)
        #expect(result.amount == charge.amount)
        #expect(result.receiptNumber == charge.receiptNumber)
        #expect(result.traceNumber == charge.traceNumber)
        #expect(result.maskedPAN == "476173******0119")
        #expect(result.slipLines.last == "APPROVED")
        #expect(result.slipLines.contains("VISA 476173******0119"))
        #expect(pair.events.contains(.inProgress(CardProgress(prompt: .insertCard, text: "Insert or tap your card"))))
        #expect(pair.terminal.status()["charges"] == "1")
        #expect(pair.terminal.status()["net_charged_halere"] == "15000")
        #expect(pair.terminal.describe(ZVTECR.authorization150, fromHost: true) == "authorization 150.00")
    }

    @Test func powerCutBeforeTheBookingIsReportedNotBooked() throws {
        var pair = try ready()
        pair.submit(.pay(amount: Money(crowns: 150), reference: "earlier"))
        pair.runUntilOutcome()
        pair.terminal.cardholderTime = .seconds(60)
        pair.submit(.pay(amount: Money(crowns: 150), reference: "cut"))
        let eventsBefore = pair.events.count
        pair.run(for: .seconds(10)) { $0.dropFirst(eventsBefore).contains { if case .inProgress = $0 { true } else { false } } }
        pair.terminal.powerCycle()
        pair.runUntilOutcome()
        #expect(pair.outcomes.last?.failureReason == .notBooked)
        #expect(pair.terminal.ledger.charges.count == 1)
        #expect(pair.authorizationsReceived == 2)
    }

    @Test func declineBooksNothing() throws {
        var pair = try ready()
        pair.terminal.nextOutcomes = [.decline(code: 0x71)]
        pair.submit(.pay(amount: Money(crowns: 99), reference: "B2B-2"))
        pair.runUntilOutcome()
        #expect(pair.outcomes.map(\.failureReason) == [.declinedByCard])
        #expect(pair.terminal.ledger.charges.isEmpty)
    }

    @Test func slowCardholderWithIntermediateStatusIsWaitedFor() throws {
        // T4 of 30 s, a cardholder taking 95 s: the 5-second intermediate statuses keep the payment alive.
        var pair = try ready(ZVTTerminalConfiguration(completionTimeout: .seconds(30)))
        pair.terminal.cardholderTime = .seconds(95)
        pair.submit(.pay(amount: Money(crowns: 150), reference: "B2B-3"))
        pair.runUntilOutcome()
        guard case .approved(let result)? = pair.outcomes.first else {
            Issue.record("expected approval, got \(pair.outcomes)")
            return
        }
        #expect(!result.recoveredAfterLostResponse)
        #expect(pair.now >= .seconds(95))
        #expect(!pair.terminal.receivedCommands.contains(.statusEnquiry))
    }

    @Test func lostCompletionIsRecoveredWithExactlyOneCharge() throws {
        var pair = try ready()
        pair.terminal.nextOutcomes = [.lostCompletion]
        pair.submit(.pay(amount: Money(crowns: 150), reference: "B2B-4"))
        pair.runUntilOutcome()
        guard case .approved(let result)? = pair.outcomes.first else {
            Issue.record("expected a recovered approval, got \(pair.outcomes)")
            return
        }
        #expect(result.recoveredAfterLostResponse)
        #expect(pair.terminal.ledger.charges.count == 1)
        #expect(result.receiptNumber == pair.terminal.ledger.charges.first?.receiptNumber)
        #expect(pair.authorizationsReceived == 1)
        let commands = pair.terminal.receivedCommands
        #expect(commands.suffix(3) == [.authorization, .statusEnquiry, ZVTCommandCode(0x06, 0x20)])
    }

    @Test func swallowedAuthorizationAfterAnEarlierPaymentIsReportedNotBooked() throws {
        var pair = try ready()
        pair.submit(.pay(amount: Money(crowns: 150), reference: "earlier"))
        pair.runUntilOutcome()
        pair.terminal.nextOutcomes = [.neverAnswer]
        pair.submit(.pay(amount: Money(crowns: 150), reference: "swallowed"))
        pair.runUntilOutcome()
        #expect(pair.outcomes.last?.failureReason == .notBooked)
        #expect(pair.terminal.ledger.charges.count == 1)
        #expect(pair.authorizationsReceived == 2)
    }

    @Test func swallowedFirstAuthorizationOnAFreshTerminalStaysUnknown() throws {
        var pair = try ready()
        pair.terminal.nextOutcomes = [.neverAnswer]
        pair.submit(.pay(amount: Money(crowns: 150), reference: "first-ever"))
        pair.runUntilOutcome()
        guard case .outcomeUnknown(let unknown)? = pair.outcomes.first else {
            Issue.record("expected outcomeUnknown, got \(pair.outcomes)")
            return
        }
        #expect(unknown.reference == "first-ever")
        #expect(pair.terminal.ledger.charges.isEmpty)
        #expect(pair.authorizationsReceived == 1)
    }

    @Test func customerCancelAndEngineAbortBothEndDeclinedWithoutACharge() throws {
        var pair = try ready()
        pair.terminal.nextOutcomes = [.customerCancels]
        pair.submit(.pay(amount: Money(crowns: 150), reference: "cancelled"))
        pair.runUntilOutcome()
        pair.terminal.cardholderTime = .seconds(60)
        pair.submit(.pay(amount: Money(crowns: 150), reference: "aborted"))
        let eventsBefore = pair.events.count
        // Abort once the customer is at the PIN pad (the terminal's first status for this payment).
        pair.run(for: .seconds(10)) { $0.dropFirst(eventsBefore).contains { if case .inProgress = $0 { true } else { false } } }
        pair.submit(.abort)
        pair.runUntilOutcome()
        #expect(pair.outcomes.map(\.failureReason) == [.cancelled, .cancelled])
        #expect(pair.terminal.ledger.charges.isEmpty)
        #expect(pair.terminal.receivedCommands.contains(.abortCommand))
    }

    @Test func busyTerminalIsATypedRefusal() throws {
        var pair = try ready()
        pair.terminal.busy = true
        pair.submit(.pay(amount: Money(crowns: 150), reference: "busy"))
        pair.runUntilOutcome()
        pair.submit(.status)
        pair.run(for: .seconds(10)) { $0.contains(.status(.busy)) }
        #expect(pair.outcomes.map(\.failureReason) == [.terminalBusy])
        #expect(pair.events.contains(.status(.busy)))
        #expect(pair.terminal.ledger.charges.isEmpty)
    }

    @Test func slowCardholderWithoutIntermediateStatusIsRecoveredThroughABusyTerminal() throws {
        // No intermediate status: after T4 the driver asks, the terminal (still with the customer) says
        // "please wait", and the driver asks again until the payment is booked.
        var configuration = ZVTTerminalConfiguration(completionTimeout: .seconds(20))
        configuration.registrationConfig.remove(.sendIntermediateStatus)
        var pair = try ready(configuration)
        pair.terminal.cardholderTime = .seconds(40)
        pair.submit(.pay(amount: Money(crowns: 150), reference: "slow"))
        pair.runUntilOutcome()
        guard case .approved(let result)? = pair.outcomes.first else {
            Issue.record("expected a recovered approval, got \(pair.outcomes)")
            return
        }
        #expect(result.recoveredAfterLostResponse)
        #expect(pair.terminal.ledger.charges.count == 1)
        #expect(pair.authorizationsReceived == 1)
        #expect(pair.terminal.receivedCommands.filter { $0 == .statusEnquiry }.count >= 2)
    }

    @Test func garbledStatusInformationIsRecoveredWithoutASecondCharge() throws {
        var pair = try ready(ZVTTerminalConfiguration(completionTimeout: .seconds(20)))
        pair.submit(.pay(amount: Money(crowns: 150), reference: "garbled"))
        // Let the cardholder finish; the next thing the terminal sends (its status information) is garbled.
        pair.run(for: .seconds(10)) { $0.contains { if case .inProgress(let p) = $0 { p.prompt == .connecting } else { false } } }
        pair.corruptNextTerminalByte = true
        pair.runUntilOutcome()
        #expect(pair.events.contains { if case .fault(.protocolViolation) = $0 { true } else { false } })
        guard case .approved(let result)? = pair.outcomes.first else {
            Issue.record("expected a recovered approval, got \(pair.outcomes)")
            return
        }
        #expect(result.recoveredAfterLostResponse)
        #expect(pair.terminal.ledger.charges.count == 1)
        #expect(pair.authorizationsReceived == 1)
    }

    @Test func reversalAndEndOfDayAgreeWithTheLedger() throws {
        var pair = try ready()
        pair.submit(.pay(amount: Money(crowns: 150), reference: "kept"))
        pair.runUntilOutcome()
        pair.submit(.pay(amount: Money(crowns: 80), reference: "reversed"))
        pair.runUntilOutcome()
        guard case .approved(let second)? = pair.outcomes.last, let receipt = second.receiptNumber else {
            Issue.record("expected approvals, got \(pair.outcomes)")
            return
        }
        pair.submit(.reverse(receiptNumber: receipt))
        pair.run(for: .seconds(10)) { $0.contains { if case .reversed = $0 { true } else { false } } }
        pair.submit(.reverse(receiptNumber: receipt))
        pair.run(for: .seconds(10)) { $0.contains { if case .reversalFailed = $0 { true } else { false } } }
        pair.submit(.endOfDay)
        pair.run(for: .seconds(10)) { $0.contains { if case .endOfDayDone = $0 { true } else { false } } }

        #expect(pair.events.contains { if case .reversed(let r) = $0 { r.amount == Money(crowns: 80) } else { false } })
        #expect(pair.events.contains { $0.failureReason == .alreadyReversed })
        #expect(pair.terminal.ledger.netCharged == Money(crowns: 150))
        guard case .endOfDayDone(let totals)? = pair.events.last else {
            Issue.record("expected end of day, got \(String(describing: pair.events.last))")
            return
        }
        #expect(totals.total == Money(crowns: 150))
        #expect(totals.slipLines.contains("TOTAL CZK 150.00"))
        #expect(pair.terminal.ledger.periodTotal == .zero)
    }
}
