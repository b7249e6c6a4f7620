import Testing
@testable import DeviceProtocols

@Suite struct ZVTMessageRoundTripTests {
    static let displayText = ZVTTLVContainer([
        .constructed(.displayTexts, [.primitive(.textLines, zvtASCII("Vlozte kartu")), .primitive(.textLines, zvtASCII("Castka 150,00"))]),
    ])

    static let messages: [ZVTMessage] = [
        .registration(ZVTRegistration(password: .zero, config: [.sendIntermediateStatus, .ecrPrintsPaymentReceipts],
                                      currency: .czk, serviceByte: [.displayTextsInCapitals],
                                      tlv: ZVTTLVContainer([.primitive(ZVTTLVTag(0x12)!, [0x40])]))),
        .registration(ZVTRegistration(password: zvtTestPassword, config: .classic)),
        .authorization(ZVTAuthorization(amount: 15_000, currency: .czk, paymentType: 0x40, timeout: 120,
                                        maxStatusInfos: 5, tlv: displayText)),
        .statusEnquiry(ZVTStatusEnquiry(password: zvtTestPassword, serviceByte: [.serviceMenuNotOnFunctionKey])),
        .reversal(ZVTReversal(password: zvtTestPassword, receiptNumber: 470)),
        .endOfDay(ZVTEndOfDay(password: zvtTestPassword)),
        .abortCommand, .logOff, .diagnosis, .resetTerminal,
        .acknowledgement(.positive), .acknowledgement(.negative(.success)), .acknowledgement(.pleaseWait),
        .acknowledgement(.functionNotPossible), .acknowledgement(.changeAmount(500)),
        .intermediateStatus(ZVTIntermediateStatus(status: .insertCard)),
        .intermediateStatus(ZVTIntermediateStatus(status: .textInTLV, timeoutSeconds: 30, fields: [.tlv(displayText)])),
        .statusInformation(ZVTStatusInformation(fields: [
            .resultCode(.success), .amount(15_000), .traceNumber(471), .receiptNumber(12), .currency(.czk),
            .cardNumber(try! ZVTCardNumber(digits: [nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 4, 7, 7, 1])),
        ])),
        .printLine(ZVTPrintLine(attribute: 0xC0, text: zvtASCII("  DEKUJEME  "))),
        .printTextBlock(ZVTPrintTextBlock(receiptType: 2, lines: [zvtASCII("KARTA ****4771"), zvtASCII("CZK 150,00")])),
        .completion(ZVTCompletion()),
        .completion(ZVTCompletion(fields: [.paymentType(0x00), .terminalID(28_004_869), .currency(.czk)])),
        .completion(ZVTCompletion(softwareVersion: zvtASCII("GER-APP-v2.0.9"), terminalStatus: 0x00)),
        .terminalAbort(ZVTTerminalAbort(resultCode: .abortedByTimeoutOrUser)),
        .terminalAbort(ZVTTerminalAbort(resultCode: nil)),
        .unmodelled(ZVTAPDU(ZVTCommandCode(0x04, 0x01), data: [0xAA, 0x25, 0x06, 0x22, 0x0C, 0x10, 0x00, 0x00])),
    ]

    @Test(arguments: messages)
    func messageRoundTripsThroughBytesFedOneAtATime(message: ZVTMessage) throws {
        let bytes = try message.encoded()
        #expect(try ZVTMessage(bytes: bytes) == message)
        let apdus = try zvtDecodeStream(bytes, chunkSize: 1)
        #expect(apdus.count == 1)
        #expect(try apdus.map { try ZVTMessage(apdu: $0) } == [message])
    }

    @Test func typedBodiesRejectTheWrongControlField() {
        #expect(throws: ZVTCodecError.unexpectedCommand(expected: .authorization, found: .registration)) {
            try ZVTAuthorization(apdu: ZVTAPDU(.registration, data: [0x12, 0x34, 0x56, 0xBA]))
        }
    }

    @Test func authorizationFieldRules() {
        #expect(throws: ZVTCodecError.missingField(context: "authorization", field: "amount (BMP 04)")) {
            try ZVTMessage(bytes: [0x06, 0x01, 0x03, 0x49, 0x02, 0x03])
        }
        #expect(throws: ZVTCodecError.unexpectedBMP(context: "authorization", bmp: 0x04)) {
            try ZVTMessage(bytes: [0x06, 0x01, 0x0E, 0x04, 0, 0, 0, 0, 0x01, 0, 0x04, 0, 0, 0, 0, 0x02, 0])
        }
        // The ECR never sends card data; a PAN in an authorization is refused, not carried.
        #expect(throws: ZVTCodecError.unexpectedBMP(context: "authorization", bmp: 0x22)) {
            try ZVTMessage(bytes: [0x06, 0x01, 0x0B, 0x04, 0, 0, 0, 0, 0x01, 0, 0x22, 0xF0, 0xF1, 0x41])
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "BMP 0x04", value: -5, allowed: 0...999_999_999_999)) {
            try ZVTAuthorization(amount: -5).apdu()
        }
    }

    @Test func registrationNeedsCurrencyBeforeServiceByte() {
        #expect(throws: ZVTCodecError.missingField(context: "registration", field: "currency before service byte / TLV")) {
            try ZVTRegistration(password: .zero, config: .classic, serviceByte: [.displayTextsInCapitals]).apdu()
        }
        #expect(throws: ZVTCodecError.truncated(context: "registration currency", needed: 2, available: 1)) {
            try ZVTMessage(bytes: [0x06, 0x00, 0x05, 0x12, 0x34, 0x56, 0xBA, 0x09])
        }
        #expect(throws: ZVTCodecError.unexpectedBMP(context: "registration", bmp: 0x04)) {
            try ZVTMessage(bytes: [0x06, 0x00, 0x0D, 0x12, 0x34, 0x56, 0xBA, 0x09, 0x78, 0x04, 0, 0, 0, 0, 0, 0x01])
        }
    }

    @Test func reversalAndEndOfDayShapes() {
        #expect(throws: ZVTCodecError.missingField(context: "reversal", field: "receipt number (BMP 87)")) {
            try ZVTMessage(bytes: [0x06, 0x30, 0x03, 0x12, 0x34, 0x56])
        }
        #expect(throws: ZVTCodecError.trailingBytes(context: "end-of-day", count: 1)) {
            try ZVTMessage(bytes: [0x06, 0x50, 0x04, 0x12, 0x34, 0x56, 0x00])
        }
        #expect(throws: ZVTCodecError.trailingBytes(context: "command 06 B0", count: 1)) {
            try ZVTMessage(bytes: [0x06, 0xB0, 0x01, 0x00])
        }
    }

    @Test func acknowledgementShapes() throws {
        #expect(try ZVTMessage(bytes: [0x84, 0x00, 0x00]) == .acknowledgement(.negative(.success)))
        #expect(ZVTAcknowledgement.negative(.success).isPositive)
        #expect(!ZVTAcknowledgement.pleaseWait.isPositive)
        #expect(try ZVTMessage(bytes: [0x84, 0x9D, 0x07, 0x04, 0, 0, 0, 0, 0x05, 0x00]) == .acknowledgement(.changeAmount(500)))
        #expect(throws: ZVTCodecError.trailingBytes(context: "positive acknowledgement", count: 1)) {
            try ZVTMessage(bytes: [0x80, 0x00, 0x01, 0x00])
        }
        #expect(throws: ZVTCodecError.unexpectedCommand(expected: ZVTCommandCode(0x80, 0x00), found: ZVTCommandCode(0x80, 0x01))) {
            try ZVTMessage(bytes: [0x80, 0x01, 0x00])
        }
        #expect(throws: ZVTCodecError.missingField(context: "change-amount acknowledgement 84 9D", field: "exactly one amount (BMP 04)")) {
            try ZVTMessage(bytes: [0x84, 0x9D, 0x00])
        }
    }

    /// ecrterm `test_parsing_completion.py`: Completion after Status Enquiry with software version and nested TLV.
    @Test func ecrtermCompletionWithSoftwareVersion() throws {
        let bytes = zvtBytes("""
            060f89f0f4f04745522d4150502d76322e302e393b635230322e30312e30312d30302e30392d322d323b4343323600065b1f44045250\
            0245e4431f400a6356454e4420626f782b1f41284745522d4150502d76322e302e393b635230322e30312e30312d30302e30392d322d\
            323b434332361f420411e930ec1f430100340d1f0e04202306221f0f03085556
            """)
        guard case .completion(let completion) = try ZVTMessage(bytes: bytes) else {
            Issue.record("expected a completion")
            return
        }
        #expect(completion.softwareVersion == zvtASCII("GER-APP-v2.0.9;cR02.01.01-00.09-2-2;CC26"))
        #expect(completion.terminalStatus == 0x00)
        let tlv = try #require(completion.fields.zvtTLV)
        #expect(tlv.firstValue(of: ZVTTLVTag(0x1F42)!) == [0x11, 0xE9, 0x30, 0xEC])  // serial number 11e930ec
        #expect(tlv.objects.count == 3)
        #expect(try ZVTMessage.completion(completion).encoded() == bytes)
    }

    /// ecrterm `test_parsing_abort.py`: Abort 6C with extended error code and text in TLV.
    @Test func ecrtermAbortWithExtendedError() throws {
        let bytes = zvtBytes("061e2e6c062b1f1605ff000014411f1720416262727563682064757263682065787465726e6573204b6f6d6d616e646f21")
        guard case .terminalAbort(let abort) = try ZVTMessage(bytes: bytes) else {
            Issue.record("expected a terminal abort")
            return
        }
        #expect(abort.resultCode == .abortedByTimeoutOrUser)
        #expect(abort.resultCode?.category == .cancelled)
        #expect(abort.fields.zvtTLV?.firstValue(of: .extendedErrorCode) == [0xFF, 0x00, 0x00, 0x14, 0x41])
        #expect(abort.fields.zvtTLV?.firstValue(of: .extendedErrorText) == zvtASCII("Abbruch durch externes Kommando!"))
        #expect(try ZVTMessage.terminalAbort(abort).encoded() == bytes)
    }

    @Test func displayPrintAndStatusAccessors() throws {
        let status = ZVTIntermediateStatus(status: .textInTLV, timeoutSeconds: 30, fields: [.tlv(Self.displayText)])
        #expect(status.displayLines == [zvtASCII("Vlozte kartu"), zvtASCII("Castka 150,00")])
        let block = ZVTPrintTextBlock(receiptType: 2, lines: [zvtASCII("A"), zvtASCII("B")])
        #expect(block.receiptType == 2)
        #expect(block.lines == [zvtASCII("A"), zvtASCII("B")])
        let centred = ZVTPrintLine(attribute: 0x40, text: [])
        #expect(centred.isCentred && !centred.isLastLine && !centred.isDoubleWidth)
        let last = ZVTPrintLine(attribute: 0x81, text: [])
        #expect(last.isLastLine && !last.isLineFeed && !last.isCentred)
        #expect(ZVTPrintLine(attribute: 0xFF, text: [3]).isLineFeed)
        #expect(ZVTPrintLine(attribute: 0x30, text: []).isDoubleWidth && ZVTPrintLine(attribute: 0x30, text: []).isDoubleHeight)
        #expect(throws: ZVTCodecError.truncated(context: "print line attribute", needed: 1, available: 0)) {
            try ZVTMessage(bytes: [0x06, 0xD1, 0x00])
        }
    }

    @Test func completionAndAbortEncodingRules() {
        #expect(throws: ZVTCodecError.unexpectedBMP(context: "completion (would read as a software version)", bmp: 0xF1)) {
            try ZVTCompletion(fields: [.uninterpreted(bmp: 0xF1, value: [])]).apdu()
        }
        #expect(throws: ZVTCodecError.missingField(context: "completion", field: "software version before terminal status")) {
            try ZVTCompletion(terminalStatus: 0).apdu()
        }
        #expect(throws: ZVTCodecError.missingField(context: "terminal abort", field: "result code before BMPs")) {
            try ZVTTerminalAbort(resultCode: nil, fields: [.amount(1)]).apdu()
        }
        #expect(throws: ZVTCodecError.missingField(context: "intermediate status", field: "timeout byte before BMPs")) {
            try ZVTIntermediateStatus(status: .pleaseWait, fields: [.amount(1)]).apdu()
        }
    }
}
