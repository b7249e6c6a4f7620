import Testing
@testable import DeviceProtocols

@Suite struct ZVTBMPFieldTests {
    static let typedFields: [ZVTBMPField] = [
        .timeout(60), .maxStatusInfos(3), .serviceByte(0x01), .amount(2_040), .pumpNumber(7),
        .tlv(ZVTTLVContainer([.primitive(.receiptType, [0x02])])), .traceNumber(999_999),
        .time(try! ZVTTime(hour: 23, minute: 59, second: 58)), .date(try! ZVTMonthDay(month: 12, day: 31)),
        .expiryDate(try! ZVTExpiryDate(year: 29, month: 2)), .cardSequenceNumber(1), .paymentType(0x40),
        .cardNumber(try! ZVTCardNumber(digits: [4, 1, 1, 1, 1, 1, nil, nil, nil, nil, nil, nil, 1, 1, 1, 1])),
        .resultCode(.cardExpired), .terminalID(28_004_869), .vuNumber(zvtASCII("100461763      ")),
        .originalTraceNumber(12), .aid([1, 2, 3, 4, 5, 6, 7, 8]), .additionalText(zvtASCII("GEN.NR.:611804")),
        .password(zvtTestPassword), .currency(.czk), .receiptNumber(9_999), .turnoverRecordNumber(470),
        .cardType(0x2E), .cardName(zvtASCII("Visa")), .cardTypeNetworkOperator(5), .resultCodeAS(0x00),
        .fullDate(try! ZVTDate(year: 25, month: 6, day: 22)),
        .redactedCardData(bmp: 0x23, byteCount: 19), .uninterpreted(bmp: 0xF1, value: zvtASCII("FAHRERNUMMER    ")),
        .uninterpreted(bmp: 0xBA, value: [1, 2, 3, 4, 5]), .uninterpreted(bmp: 0x60, value: []),
    ]

    @Test(arguments: typedFields)
    func everyFieldRoundTrips(field: ZVTBMPField) throws {
        let bytes = try ZVTBMPCodec.encodeField(field)
        #expect(bytes.first == field.bmp)
        #expect(try ZVTBMPCodec.decodeFields(bytes) == [field])
    }

    @Test func allFieldsInOneRunRoundTrip() throws {
        let bytes = try ZVTBMPCodec.encodeFields(Self.typedFields)
        #expect(try ZVTBMPCodec.decodeFields(bytes) == Self.typedFields)
    }

    @Test func unknownBMPStopsDecodingWithATypedError() {
        #expect(throws: ZVTCodecError.unknownBMP(0x07)) { try ZVTBMPCodec.decodeFields([0x27, 0x00, 0x07, 0x01]) }
        #expect(throws: ZVTCodecError.unknownBMP(0x07)) { try ZVTBMPCodec.encodeField(.uninterpreted(bmp: 0x07, value: [1])) }
    }

    @Test func variableLengthPrefixesAreChecked() {
        #expect(throws: ZVTCodecError.invalidLengthPrefix(context: "BMP 0x22", byte: 0x0A)) {
            try ZVTBMPCodec.decodeFields([0x22, 0xF0, 0x0A])
        }
        #expect(throws: ZVTCodecError.invalidLengthPrefix(context: "BMP 0x3C", byte: 0xFA)) {
            try ZVTBMPCodec.decodeFields([0x3C, 0xF0, 0xFA, 0xF0])
        }
        #expect(throws: ZVTCodecError.truncated(context: "BMP 0x22", needed: 5, available: 2)) {
            try ZVTBMPCodec.decodeFields([0x22, 0xF0, 0xF5, 0x12, 0x34])
        }
        #expect(throws: ZVTCodecError.truncated(context: "BMP 0x8B length", needed: 2, available: 1)) {
            try ZVTBMPCodec.decodeFields([0x8B, 0xF1])
        }
        #expect(throws: ZVTCodecError.tooLong(context: "BMP 0x3C", length: 1_000, limit: 999)) {
            try ZVTBMPCodec.encodeField(.additionalText([UInt8](repeating: 0x41, count: 1_000)))
        }
    }

    @Test func fixedFieldsAreCheckedOnBothSides() {
        #expect(throws: ZVTCodecError.truncated(context: "BMP 0x04", needed: 6, available: 3)) {
            try ZVTBMPCodec.decodeFields([0x04, 0x00, 0x00, 0x01])
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "time hour", value: 25, allowed: 0...23)) {
            try ZVTBMPCodec.decodeFields([0x0C, 0x25, 0x00, 0x00])
        }
        #expect(throws: ZVTCodecError.invalidBCD(context: "BMP 0x87", byte: 0x0F)) {
            try ZVTBMPCodec.decodeFields([0x87, 0x04, 0x0F])
        }
        #expect(throws: ZVTCodecError.wrongFieldSize(context: "BMP 0x2A", expected: 15, found: 3)) {
            try ZVTBMPCodec.encodeField(.vuNumber([1, 2, 3]))
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "BMP 0x0B", value: 1_000_000, allowed: 0...999_999)) {
            try ZVTBMPCodec.encodeField(.traceNumber(1_000_000))
        }
        #expect(throws: ZVTCodecError.unexpectedBMP(context: "uninterpreted field (has a typed case or carries card data)", bmp: 0x04)) {
            try ZVTBMPCodec.encodeField(.uninterpreted(bmp: 0x04, value: [0, 0, 0, 0, 0, 1]))
        }
    }

    @Test func cardDataBMPsAreDroppedNotKept() throws {
        // Track 2 and CVV must never survive decoding; only presence and size remain.
        let fields = try ZVTBMPCodec.decodeFields([0x23, 0xF0, 0xF3, 0x41, 0x11, 0x11, 0x3A, 0x12, 0x3F])
        #expect(fields == [.redactedCardData(bmp: 0x23, byteCount: 3), .redactedCardData(bmp: 0x3A, byteCount: 2)])
        #expect(fields.zvtRedactedBMPs == [0x23, 0x3A])
        #expect(try ZVTBMPCodec.encodeFields(fields) == [0x23, 0xF0, 0xF3, 0xEE, 0xEE, 0xEE, 0x3A, 0xEE, 0xEE])
        #expect(throws: ZVTCodecError.unexpectedBMP(context: "redacted card data", bmp: 0x27)) {
            try ZVTBMPCodec.encodeField(.redactedCardData(bmp: 0x27, byteCount: 1))
        }
        #expect(throws: ZVTCodecError.tooLong(context: "BMP 0x3A", length: 3, limit: 2)) {
            try ZVTBMPCodec.encodeField(.redactedCardData(bmp: 0x3A, byteCount: 3))
        }
        #expect(throws: ZVTCodecError.wrongFieldSize(context: "BMP 0x3A", expected: 2, found: 1)) {
            try ZVTBMPCodec.encodeField(.redactedCardData(bmp: 0x3A, byteCount: 1))
        }
    }

    @Test func clearPANFromTerminalIsMaskedOnDecoding() throws {
        let fields = try ZVTBMPCodec.decodeFields([0x22, 0xF0, 0xF8, 0x41, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11])
        let card = try #require(fields.zvtCardNumber)
        #expect(card.maskedText == "411111******1111")
        #expect(card.wasMaskedByCodec)
        #expect(try ZVTBMPCodec.encodeFields(fields) == [0x22, 0xF0, 0xF8, 0x41, 0x11, 0x11, 0xEE, 0xEE, 0xEE, 0x11, 0x11])
    }

    @Test func oddLengthPANUsesFinalPadNibbleOnly() throws {
        let bytes: [UInt8] = [0x22, 0xF0, 0xF8, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xE1, 0x23, 0x4F]
        let card = try #require(try ZVTBMPCodec.decodeFields(bytes).zvtCardNumber)
        #expect(card.maskedText == "***********1234")
        #expect(card.digits.count == 15)
        #expect(try ZVTBMPCodec.encodeField(.cardNumber(card)) == bytes)
        #expect(throws: ZVTCodecError.invalidCardNumberNibble(0x0F)) {
            try ZVTBMPCodec.decodeFields([0x22, 0xF0, 0xF2, 0xF1, 0x23])
        }
        #expect(throws: ZVTCodecError.invalidCardNumberNibble(0x0A)) {
            try ZVTBMPCodec.decodeFields([0x22, 0xF0, 0xF1, 0xA1])
        }
    }

    @Test func displayLineFromEcrtermShowTextDecodesAsUninterpreted() throws {
        let bytes = [0xF1, 0xF1, 0xF6] + zvtASCII("FAHRERNUMMER    ")
        #expect(try ZVTBMPCodec.decodeFields(bytes) == [.uninterpreted(bmp: 0xF1, value: zvtASCII("FAHRERNUMMER    "))])
    }
}
