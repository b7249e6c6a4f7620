import Testing
@testable import DeviceProtocols

@Suite struct ZVTStatusCodeTests {
    @Test func resultCodesFromTheReferenceHaveTheirMeaningAndCategory() {
        let expected: [(UInt8, ZVTResultCode.Category, String)] = [
            (0x00, .success, "no error"), (0x64, .declined, "card not readable"),
            (0x6C, .cancelled, "abort via timeout or abort key"), (0x6F, .declined, "wrong currency"),
            (0x78, .declined, "card expired"), (0x7A, .declined, "card unknown"),
            (0x83, .protocolError, "function not possible"), (0x9A, .protocolError, "ZVT protocol error"),
            (0x9C, .busy, "please wait"), (0xA0, .communicationFault, "receiver not ready"),
            (0xB4, .reversalRejected, "already reversed"), (0xB5, .reversalRejected, "reversal not possible"),
            (0xC3, .declined, "maximum amount exceeded"), (0xC5, .declined, "payment method not supported"),
            (0xC8, .declined, "amount too small"), (0xCC, .terminalFault, "printer not ready"),
        ]
        for (raw, category, meaning) in expected {
            let code = ZVTResultCode(rawValue: raw)
            #expect(code.category == category, "\(code)")
            #expect(code.meaning == meaning, "\(code)")
        }
        #expect(ZVTResultCode.systemError.category == .unknown)
        #expect(ZVTResultCode(rawValue: 0x01).category == .unknown)
        #expect(ZVTResultCode(rawValue: 0x01).meaning == nil)
        #expect(String(describing: ZVTResultCode.cardExpired) == "result 0x78 (card expired)")
    }

    @Test func everyByteHasACategoryAndRoundTrips() {
        for raw in UInt8.min...UInt8.max {
            let code = ZVTResultCode(rawValue: raw)
            #expect(code.rawValue == raw)
            if code.meaning == nil { #expect(code.category == .unknown) }
        }
    }

    @Test func intermediateStatusMeaningsFoldTheRemoveCardVariants() {
        #expect(ZVTIntermediateStatusCode(rawValue: 0x00).meaning == .waitingForAmountConfirmation)
        #expect(ZVTIntermediateStatusCode(rawValue: 0x04).meaning == .waitingForHost)
        #expect(ZVTIntermediateStatusCode(rawValue: 0x05).meaning == .sendingAutoReversal)
        #expect(ZVTIntermediateStatusCode.insertCard.meaning == .insertCard)
        #expect(ZVTIntermediateStatusCode.removeCard.alsoAsksToRemoveCard)
        #expect(ZVTIntermediateStatusCode(rawValue: 0x15).meaning == .incorrectPIN)
        #expect(ZVTIntermediateStatusCode.approvedTakeGoods.meaning == .approvedTakeGoods)
        #expect(ZVTIntermediateStatusCode.declined.meaning == .declined)
        let declinedRemoveCard = ZVTIntermediateStatusCode(rawValue: 0x5D)
        #expect(declinedRemoveCard.meaning == .declined && declinedRemoveCard.alsoAsksToRemoveCard)
        #expect(!ZVTIntermediateStatusCode.declined.alsoAsksToRemoveCard)
        #expect(ZVTIntermediateStatusCode.textInTLV.meaning == .textInTLV)
        #expect(ZVTIntermediateStatusCode(rawValue: 0x30).meaning == .undocumented)
    }
}
