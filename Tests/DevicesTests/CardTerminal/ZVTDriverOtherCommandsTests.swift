import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Reversal, end of day, status, card-data hygiene and slip text.
@Suite struct ZVTDriverOtherCommandsTests {
    @Test func reversalReportsTheReversedAmount() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.reverse(receiptNumber: 8))
        #expect(script.written == [[0x06, 0x30, 0x06, 0x00, 0x00, 0x00, 0x87, 0x00, 0x08]])
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 43, receipt: 9)
                            + ZVTPT.printLine("REVERSAL", last: true) + ZVTPT.completion)
        #expect(script.events == [.reversed(CardReversalResult(receiptNumber: 8, amount: Money(crowns: 150),
                                                               traceNumber: 43, slipLines: ["REVERSAL"]))])
        #expect(script.driver.baseline == .trace(43))
    }

    @Test func reversalRejectionsAndLossAreTyped() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.reverse(receiptNumber: 8))
        script.terminalSays(ZVTPT.ack + ZVTPT.abort(0xB4))
        script.command(.reverse(receiptNumber: 12))
        script.terminalSays(ZVTPT.ack + ZVTPT.abort(0xB5))
        #expect(script.events.map(\.failureReason) == [.alreadyReversed, .reversalNotPossible])
        script.command(.reverse(receiptNumber: 8))
        script.terminalSays(ZVTPT.ack)
        script.silence(for: .seconds(181))
        guard case .reversalOutcomeUnknown(receiptNumber: 8, _)? = script.events.last else {
            Issue.record("expected reversalOutcomeUnknown, got \(String(describing: script.events.last))")
            return
        }
        // A reversal is not recovered like a payment: repeating it is safe, so no enquiry is needed.
        #expect(!script.written.contains(ZVTECR.statusEnquiry))
    }

    @Test func endOfDayReportsTheTotalAndTheAdministrationSlip() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.endOfDay)
        #expect(script.written == [ZVTECR.endOfDay])
        let block = ZVTPT.bytes(.printTextBlock(ZVTPrintTextBlock(receiptType: 3, lines: [Array("END OF DAY".utf8)])))
        script.terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 35_000, trace: nil) + block + ZVTPT.completion)
        #expect(script.events == [.endOfDayDone(CardEndOfDayTotals(total: Money(crowns: 350), slipLines: ["END OF DAY"]))])
        script.command(.endOfDay)
        script.terminalSays(ZVTPT.negative(0x9C))
        #expect(script.events.last?.failureReason == .terminalBusy)
    }

    @Test func statusReportsReadinessAndSoftwareVersion() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.status)
        #expect(script.written == [ZVTECR.statusEnquiry])
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x00))
        script.command(.status)
        script.terminalSays(ZVTPT.ack + ZVTPT.enquiryCompletion(status: 0x51))
        script.command(.status)
        script.silence(for: .seconds(5))
        #expect(script.events == [.status(.ready(softwareVersion: "ZVTPT 2.1")), .status(.notReady(code: 0x51)),
                                  .status(.unreachable(reason: "no acknowledgement within 5.0 seconds"))])
    }

    @Test func cardDataFromTheTerminalIsDroppedAndRaisesAFault() throws {
        var script = try ZVTDriverScript()
        script.becomeReady()
        script.command(.pay(amount: Money(crowns: 150), reference: "TX-P25"))
        // Track 2 (BMP 23) must never cross the kiosk boundary; the codec drops it, the driver alarms.
        let leaky = ZVTPT.statusInformation(result: 0x00, amount: 15_000, trace: 42, receipt: 8)
            + [0x23, 0xF0, 0xF3, 0x47, 0x61, 0x73]
        let withTrack2 = [leaky[0], leaky[1], leaky[2] + 6] + leaky.dropFirst(3)
        script.terminalSays(ZVTPT.ack + withTrack2)
        script.terminalSays(ZVTPT.printLine("CARD 4761739001010119") + ZVTPT.completion)
        let faults = script.events.compactMap { event -> String? in
            if case .fault(.cardDataExposed(let text)) = event { return text }
            return nil
        }
        #expect(faults.count == 2)
        guard case .approved(let result)? = script.paymentOutcomes.first else {
            Issue.record("expected approval, got \(script.paymentOutcomes)")
            return
        }
        #expect(result.slipLines == ["CARD 476173******0119"])
        #expect(!"\(script.events)".contains("4761739001010119"))
    }

    @Test func slipTextDecodingAndMasking() {
        #expect(ZVTText.decode([0x43, 0x84, 0x6B, 0x20, 0x20], as: .cp437) == "Cäk")
        #expect(ZVTText.decode([0x8E, 0x9A], as: .cp437) == "ÄÜ")
        #expect(ZVTText.decode([0xA9, 0x01, 0x41], as: .latin1) == "© A")
        #expect(ZVTText.decode([0x4B, 0xE8], as: .latin2) == "Kč")
        // Luhn-valid card numbers, grouped or not, are masked; other long numbers are left alone.
        #expect(ZVTText.maskingCardNumbers("PAN 4761 7390 0101 0119").text == "PAN 4761 73** **** 0119")
        #expect(ZVTText.maskingCardNumbers("AID A0000000041010").masked == false)
        #expect(ZVTText.maskingCardNumbers("SEQ 0010160051234567").masked == false)
        #expect(ZVTText.maskingCardNumbers("************0119").masked == false)
        // Every byte decodes without trapping, in every encoding.
        for encoding in [ZVTTextEncoding.cp437, .latin1, .latin2] {
            #expect(ZVTText.decode((0...255).map { UInt8($0) }, as: encoding).count <= 256)
        }
    }

    @Test func intermediateStatusTextPrefersTheTerminalsOwnDisplayLines() {
        let display = ZVTTLVContainer([.constructed(.displayTexts, [.primitive(.textLines, Array("VLOZTE KARTU".utf8))])])
        let status = ZVTIntermediateStatus(status: .textInTLV, timeoutSeconds: 30, fields: [.tlv(display)])
        #expect(ZVTCardMapping.progress(for: status, encoding: .cp437) == CardProgress(prompt: .pleaseWait, text: "VLOZTE KARTU"))
        let pin = ZVTIntermediateStatus(status: ZVTIntermediateStatusCode(rawValue: 0x41))
        #expect(ZVTCardMapping.progress(for: pin, encoding: .cp437).prompt == .enterPIN)
    }

    @Test func resultCodesMapToEngineReasons() {
        #expect(ZVTCardMapping.failure(for: .abortedByTimeoutOrUser).reason == .cancelled)
        #expect(ZVTCardMapping.failure(for: .cardExpired).reason == .declinedByCard)
        #expect(ZVTCardMapping.failure(for: .printerNotReady).reason == .terminalFault)
        #expect(ZVTCardMapping.failure(for: ZVTResultCode(rawValue: 0xA1)).reason == .communicationFault)
        #expect(ZVTCardMapping.failure(for: nil).reason == .unclassified)
        // A system error says nothing about whether the card was charged: no decision.
        let unclear = ZVTStatusInformation(fields: [.resultCode(.systemError), .amount(100)])
        #expect(ZVTCardMapping.decision(for: unclear) == nil)
        #expect(ZVTCardMapping.decision(for: ZVTStatusInformation(fields: [.amount(100)])) == nil)
    }
}
