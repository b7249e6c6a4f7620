import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// The money rule: an authorization whose answer is lost is never sent again; the terminal is asked.
@Suite struct ZVTDriverRecoveryTests {
    /// Ready, a 150 Kč payment acknowledged and under way (insert card shown).
    private func paymentUnderWay(_ configuration: ZVTTerminalConfiguration = ZVTTerminalConfiguration()) throws -> ZVTDriverScript {
        var script = try ZVTDriverScript(configuration)
        script.becomeReady(lastTrace: 41)
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-9"))
        script.terminalSays(ZVTPT.ack + ZVTPT.intermediate(0x0A))
        return script
    }

    @Test func silenceAfterTheCardholderAsksTheTerminalAndNeverResends() throws {
        var script = try paymentUnderWay()
        // A cardholder may take long: 170 s of silence is still within T4 (180 s).
        script.silence(for: .seconds(170))
        #expect(!script.written.contains(ZVTECR.statusEnquiry))
        script.silence(for: .seconds(11))
        #expect(script.written.last == ZVTECR.statusEnquiry)
        #expect(script.events.contains(.inProgress(CardProgress(prompt: .pleaseWait,
                                                                 text: "Checking the payment with the card terminal"))))
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        #expect(script.written.last == ZVTECR.repeatReceipt)
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42, receipt: 8)
                            + ZVTPT.printLine("** DUPLICATE **") + ZVTPT.printLine("APPROVED", last: true) + ZVTPT.completion)
        guard case .approved(let result)? = script.paymentOutcomes.first else {
            Issue.record("expected a recovered approval, got \(script.paymentOutcomes)")
            return
        }
        #expect(result.recoveredAfterLostResponse)
        #expect(result.receiptNumber == 8)
        #expect(result.slipLines == ["** DUPLICATE **", "APPROVED"])
        #expect(script.paymentOutcomes.count == 1)
        #expect(script.authorizationsWritten == 1)
    }

    @Test func intermediateStatusRestartsT4() throws {
        var script = try paymentUnderWay()
        for _ in 0..<6 {
            script.silence(for: .seconds(100))
            script.terminalSays(ZVTPT.intermediate(0x01))
        }
        // 600 s of cardholder, never 180 s of silence: no recovery started.
        #expect(!script.written.contains(ZVTECR.statusEnquiry))
        script.terminalSays(ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42) + ZVTPT.completion)
        #expect(script.paymentOutcomes.count == 1)
    }

    @Test func missingAcknowledgementLeadsToEnquiryAndANotBookedVerdict() throws {
        var script = try ZVTDriverScript()
        script.becomeReady(lastTrace: 41)
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-10"))
        script.silence(for: .seconds(5))
        #expect(script.written == [ZVTECR.authorization150, ZVTECR.statusEnquiry])
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        // The terminal's last transaction is still trace 41, the one known before the payment.
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 5_000, trace: 41) + ZVTPT.completion)
        #expect(script.paymentOutcomes.map(\.failureReason) == [.notBooked])
        #expect(script.authorizationsWritten == 1)
    }

    @Test func garbledReplyWaitsForQuietThenAsksInsteadOfResending() throws {
        var script = try paymentUnderWay()
        let garbageAt = script.now
        script.terminalSays([0x33, 0x44, 0x55])
        guard case .fault(.protocolViolation)? = script.events.last else {
            Issue.record("expected a protocol fault, got \(script.events)")
            return
        }
        script.silence(until: garbageAt + .milliseconds(500))
        // More bytes while resynchronising restart the quiet period (1 s).
        script.terminalSays([0x06, 0x0F])
        script.silence(until: garbageAt + .milliseconds(1_000))
        #expect(!script.written.contains(ZVTECR.statusEnquiry))
        script.silence(until: garbageAt + .milliseconds(1_500))
        #expect(script.written.last == ZVTECR.statusEnquiry)
        #expect(script.authorizationsWritten == 1)
    }

    @Test func acknowledgedApprovalStandsWhenOnlyTheCompletionIsLost() throws {
        var script = try paymentUnderWay()
        script.terminalSays(ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42, receipt: 8))
        script.silence(for: .seconds(181))
        guard case .approved(let result)? = script.paymentOutcomes.first else {
            Issue.record("expected approval from the acknowledged status information, got \(script.paymentOutcomes)")
            return
        }
        #expect(!result.recoveredAfterLostResponse)
        #expect(!script.written.contains(ZVTECR.statusEnquiry))
    }

    @Test func busyTerminalIsAskedAgainUntilItAnswers() throws {
        var script = try paymentUnderWay()
        script.silence(for: .seconds(181))
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x9C))
        #expect(script.step == .idle(.seconds(5)))
        script.silence(for: .seconds(5))
        #expect(script.written.filter { $0 == ZVTECR.statusEnquiry }.count == 2)
        script.terminalSays(ZVTPT.negative(0x9C))
        script.silence(for: .seconds(5))
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42) + ZVTPT.completion)
        #expect(script.written.filter { $0 == ZVTECR.statusEnquiry }.count == 3)
        guard case .approved? = script.paymentOutcomes.first else {
            Issue.record("expected approval, got \(script.paymentOutcomes)")
            return
        }
        #expect(script.authorizationsWritten == 1)
    }

    @Test func aTerminalThatNeverAnswersEndsAsOutcomeUnknown() throws {
        var script = try paymentUnderWay()
        script.silence(for: .seconds(181 + 310))
        #expect(script.paymentOutcomes.count == 1)
        guard case .outcomeUnknown(let unknown)? = script.paymentOutcomes.first else {
            Issue.record("expected outcomeUnknown, got \(script.paymentOutcomes)")
            return
        }
        #expect(unknown.reference == "TX-9")
        #expect(unknown.amount == Money(crowns: 150))
        #expect(unknown.reason.contains("recovery deadline"))
        #expect(script.authorizationsWritten == 1)
        #expect(script.written.filter { $0 == ZVTECR.statusEnquiry }.count > 10)
    }

    @Test func unknownBaselineKeepsTheOutcomeUnknownWithTheEvidence() throws {
        var script = try ZVTDriverScript()
        script.start()
        script.terminalSays(ZVTPT.ack + ZVTPT.completion)
        script.terminalSays(ZVTPT.functionNotPossible)  // the terminal cannot repeat receipts
        #expect(script.events == [.ready])
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-11"))
        script.terminalSays(ZVTPT.ack)
        script.silence(for: .seconds(181))
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        script.terminalSays(ZVTPT.functionNotPossible)
        guard case .outcomeUnknown(let unknown)? = script.paymentOutcomes.first else {
            Issue.record("expected outcomeUnknown, got \(script.paymentOutcomes)")
            return
        }
        #expect(unknown.reason.contains("cannot repeat its last receipt"))
        #expect(script.authorizationsWritten == 1)
    }

    @Test func amountMismatchOnTheNewestTransactionIsNotTakenAsThisPayment() throws {
        var script = try paymentUnderWay()
        script.silence(for: .seconds(181))
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 999, trace: 42) + ZVTPT.completion)
        guard case .outcomeUnknown(let unknown)? = script.paymentOutcomes.first else {
            Issue.record("expected outcomeUnknown, got \(script.paymentOutcomes)")
            return
        }
        #expect(unknown.lastTerminalTransaction?.traceNumber == 42)
        #expect(unknown.lastTerminalTransaction?.amount == Money(halere: 999))
    }

    @Test func connectionLostMidPaymentIsRecoveredAfterReconnecting() throws {
        var script = try paymentUnderWay()
        script.events += script.driver.transportLost("peer reset", at: script.now)
        #expect(script.events.contains(.fault(.connectionLost("peer reset"))))
        #expect(script.paymentOutcomes.isEmpty)
        script.written.removeAll()
        script.start()
        script.terminalSays(ZVTPT.ack + ZVTPT.completion)
        // Registered again: the unresolved payment is asked about before anything else (no new probe).
        #expect(script.written == [ZVTECR.registration, ZVTPT.ack, ZVTECR.statusEnquiry])
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42) + ZVTPT.completion)
        guard case .approved(let result)? = script.paymentOutcomes.first else {
            Issue.record("expected a recovered approval, got \(script.paymentOutcomes)")
            return
        }
        #expect(result.recoveredAfterLostResponse)
        #expect(script.events.last == .ready)
        #expect(script.authorizationsWritten == 0)
    }

    @Test func lateMessagesFromAnAbandonedConversationAreNotTakenAsAnswers() throws {
        var script = try paymentUnderWay()
        script.silence(for: .seconds(181))
        #expect(script.written.last == ZVTECR.statusEnquiry)
        // The lost payment's status information and completion arrive late, before the enquiry's ack.
        script.terminalSays(ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42) + ZVTPT.completion)
        #expect(script.paymentOutcomes.isEmpty)
        // Acknowledged (so the terminal is not left hanging), but not used as the enquiry's answer.
        #expect(script.written.suffix(2) == [ZVTPT.ack, ZVTPT.ack])
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        #expect(script.written.last == ZVTECR.repeatReceipt)
    }

    @Test func traceBaselineHandlesWrapAround() {
        #expect(ZVTTraceBaseline.trace(999_998).isOlder(than: 3) == true)
        #expect(ZVTTraceBaseline.trace(3).isOlder(than: 999_998) == false)
        #expect(ZVTTraceBaseline.trace(41).isOlder(than: 41) == false)
        #expect(ZVTTraceBaseline.trace(41).isOlder(than: nil) == nil)
        #expect(ZVTTraceBaseline.unknown.isOlder(than: 42) == nil)
        #expect(ZVTTraceBaseline.noTransactions.isOlder(than: 1) == true)
    }
}
