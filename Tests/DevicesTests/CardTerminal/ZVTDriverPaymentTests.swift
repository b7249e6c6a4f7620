import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Pure machine scripts: terminal bytes in, frames and engine events out.
@Suite struct ZVTDriverPaymentTests {
    @Test func registersThenLearnsTheLastTraceThenIsReady() throws {
        var script = try ZVTDriverScript()
        script.start()
        #expect(script.written == [ZVTECR.registration])
        script.terminalSays(ZVTPT.ack)
        #expect(script.step == .receive(timeout: .milliseconds(500)))
        script.terminalSays(ZVTPT.completion)
        // The completion is acknowledged, then the probe asks for the last receipt.
        #expect(script.written == [ZVTECR.registration, ZVTPT.ack, ZVTECR.repeatReceipt])
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 5_000, trace: 41) + ZVTPT.completion)
        #expect(script.events == [.ready])
        #expect(script.driver.baseline == .trace(41))
        #expect(script.step == .idle(.seconds(10)))
    }

    @Test func approvedPaymentReportsMaskedCardDataAndTheSlip() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-1"))
        #expect(script.written == [ZVTECR.authorization150])
        script.terminalSays(ZVTPT.ack)
        script.terminalSays(ZVTPT.intermediate(0x0A))
        #expect(script.events == [.inProgress(CardProgress(prompt: .insertCard, text: "Insert or tap your card"))])
        let card = try ZVTCardNumber(digits: [4, 7, 6, 1, 7, 3, 9, 0, 0, 1, 0, 1, 0, 1, 1, 9])
        script.terminalSays(ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42, receipt: 8,
                                                 extra: [.cardNumber(card), .terminalID(52_800_123), .cardType(0x0A),
                                                         .cardName(Array("VISA".utf8))]))
        script.terminalSays(ZVTPT.printLine("AMOUNT CZK 150.00") + ZVTPT.printLine("APPROVED", last: true))
        script.terminalSays(ZVTPT.completion)

        let expected = CardPaymentResult(reference: "TX-1", amount: Money(crowns: 150), receiptNumber: 8, traceNumber: 42,
                                         terminalID: 52_800_123, cardType: 0x0A, cardName: "VISA",
                                         maskedPAN: "476173******0119", slipLines: ["AMOUNT CZK 150.00", "APPROVED"])
        #expect(script.paymentOutcomes == [.approved(expected)])
        // Every terminal message was acknowledged: intermediate, status, 2 print lines, completion.
        #expect(script.written.filter { $0 == ZVTPT.ack }.count == 5)
        #expect(script.driver.baseline == .trace(42))
        #expect(script.step == .idle(.seconds(10)))
    }

    @Test func declineCarriesTheTerminalsCodeAndCategory() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(halere: 9_950), reference: "TX-2"))
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x71, amount: 9_950, trace: 42) + ZVTPT.abort(0x71))
        let outcome = try #require(script.paymentOutcomes.first)
        guard case .declined(let decline) = outcome else {
            Issue.record("expected a decline, got \(outcome)")
            return
        }
        #expect(decline.reference == "TX-2")
        #expect(decline.failure.reason == .declinedByCard)
        #expect(decline.failure.code == 0x71)
        #expect(decline.failure.message.contains("credit not sufficient"))
        #expect(script.paymentOutcomes.count == 1)
    }

    @Test func abortDuringThePaymentIsSentOnceAndTheTerminalsAbortDecides() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 20), reference: "TX-3"))
        script.terminalSays(ZVTPT.ack + ZVTPT.intermediate(0x0A))
        script.command(.abort)
        script.command(.abort)
        // The runner gets back to the machine at the end of the current read slice.
        script.silence(for: .milliseconds(500))
        #expect(script.written.filter { $0 == ZVTECR.abort }.count == 1)
        script.terminalSays(ZVTPT.ack)  // the terminal acknowledges our abort
        #expect(script.paymentOutcomes.isEmpty)
        script.terminalSays(ZVTPT.abort(0x6C))
        #expect(script.paymentOutcomes.map(\.failureReason) == [.cancelled])
        #expect(script.authorizationsWritten == 1)
    }

    @Test func abortDropsPaymentsThatHaveNotStarted() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.status)
        script.command(.pay(amount: Money(crowns: 20), reference: "queued"))
        script.command(.abort)
        #expect(script.paymentOutcomes == [.declined(CardPaymentDecline(
            reference: "queued", amount: Money(crowns: 20),
            failure: CardFailure(reason: .cancelled, message: "aborted before it reached the terminal")))])
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        #expect(script.authorizationsWritten == 0)
    }

    @Test func busyTerminalRefusesThePaymentWithoutRecovery() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 20), reference: "TX-4"))
        script.terminalSays(ZVTPT.negative(0x9C))
        #expect(script.paymentOutcomes.map(\.failureReason) == [.terminalBusy])
        // Refused before it started: nothing to recover, no enquiry.
        #expect(script.step == .idle(.seconds(10)))
        #expect(!script.written.contains(ZVTECR.statusEnquiry))

        script.command(.status)
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x9C))
        #expect(script.events.last == .status(.busy))
    }

    @Test func commandsWithoutATerminalOrOutOfRangeFailAtOnce() throws {
        var script = try ZVTDriverScript()
        script.command(.pay(amount: Money(crowns: 10), reference: "early"))
        script.command(.status)
        #expect(script.events.map(\.failureReason) == [.terminalUnavailable, nil])
        #expect(script.events.last == .status(.unreachable(reason: "card terminal not connected")))

        script.becomeReady()
        script.command(.pay(amount: .zero, reference: "zero"))
        script.command(.pay(amount: Money(halere: 1_000_000_000_000), reference: "huge"))
        script.command(.reverse(receiptNumber: 10_000))
        #expect(script.events.map(\.failureReason) == [.invalidRequest, .invalidRequest, .invalidRequest])
        #expect(script.written.isEmpty)
    }

    @Test func aTerminalThatSkipsTheAcknowledgementStillCompletes() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-5"))
        script.terminalSays(ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42, receipt: 9) + ZVTPT.completion)
        guard case .approved(let result)? = script.paymentOutcomes.first else {
            Issue.record("expected approval, got \(script.paymentOutcomes)")
            return
        }
        #expect(result.receiptNumber == 9)
        #expect(!result.recoveredAfterLostResponse)
    }

    @Test func commandsRunOneAtATimeInOrder() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 150), reference: "first"))
        script.command(.pay(amount: Money(crowns: 20), reference: "second"))
        #expect(script.written == [ZVTECR.authorization150])
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42) + ZVTPT.completion)
        // Only after the first payment's completion is acknowledged does the second start.
        #expect(script.written == [ZVTECR.authorization150, ZVTPT.ack, ZVTPT.ack, ZVTECR.authorization(halere: 2_000)])
    }

    @Test func messagesTheCodecDoesNotModelGetFunctionNotPossible() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-6"))
        script.terminalSays(ZVTPT.ack + [0x04, 0x0D, 0x00])  // input request: not something a kiosk answers
        #expect(script.written.last == ZVTPT.functionNotPossible)
        #expect(script.paymentOutcomes.isEmpty)
    }
}
