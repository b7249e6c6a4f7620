import Testing
@testable import DeviceProtocols

@Suite struct ZVTTLVTests {
    @Test func tagsAreValidated() throws {
        #expect(ZVTTLVTag(0x25)?.isConstructed == true)
        #expect(ZVTTLVTag(0x07)?.isConstructed == false)
        #expect(ZVTTLVTag(0x1F07)?.bytes == [0x1F, 0x07])
        #expect(ZVTTLVTag(0x1F07)?.isConstructed == false)
        #expect(ZVTTLVTag(0x1F) == nil)                    // announces a second byte that is missing
        #expect(ZVTTLVTag(bytes: [0x07, 0x01]) == nil)     // one-byte tag with an extra byte
        #expect(ZVTTLVTag(bytes: [0x1F, 0x81]) == nil)     // continuation bit on the last byte
        #expect(ZVTTLVTag(bytes: [0x1F, 0x81, 0x01])?.number == 0x1F8101)
        #expect(ZVTTLVTag(bytes: []) == nil)
    }

    @Test func lengthFormsShortOneByteAndTwoByte() throws {
        for (count, prefix) in [(0x7F, [0x7F]), (0x80, [0x81, 0x80]), (0xFF, [0x81, 0xFF]), (0x100, [0x82, 0x01, 0x00])] as [(Int, [UInt8])] {
            let container = ZVTTLVContainer([.primitive(.textLines, [UInt8](repeating: 0x41, count: count))])
            let field = try ZVTBMPCodec.encodeField(.tlv(container))
            let objectLength = 1 + prefix.count + count
            let containerHeader = objectLength < 0x80 ? 1 : (objectLength < 0x100 ? 2 : 3)
            let start = 1 + containerHeader + 1  // BMP 06, container length, tag 07
            #expect(Array(field[start..<(start + prefix.count)]) == prefix)
            #expect(try ZVTBMPCodec.decodeFields(field) == [.tlv(container)])
        }
    }

    @Test func nonCanonicalLongLengthIsAccepted() throws {
        #expect(try ZVTBMPCodec.decodeFields([0x06, 0x81, 0x03, 0x07, 0x01, 0x41]) ==
                [.tlv(ZVTTLVContainer([.primitive(.textLines, [0x41])]))])
    }

    @Test func malformedTLVIsATypedError() {
        let cases: [([UInt8], ZVTCodecError)] = [
            ([0x06, 0x83, 0x00, 0x00, 0x01],
             .invalidTLV(context: "TLV container (BMP 06)", reason: "expected a length byte below 0x80, 0x81 or 0x82, found 0x83")),
            ([0x06, 0x06, 0x1F, 0x81, 0x81, 0x81, 0x01, 0x00],
             .invalidTLV(context: "TLV container (BMP 06)", reason: "expected a tag of at most 4 bytes, found a longer one")),
            ([0x06, 0x03, 0x07, 0x05, 0x41], .truncated(context: "TLV tag 07 value", needed: 5, available: 1)),
            ([0x06, 0x05, 0x07], .truncated(context: "TLV container (BMP 06)", needed: 5, available: 1)),
            // A constructed tag (25) whose content is not a TLV sequence.
            ([0x06, 0x03, 0x25, 0x01, 0x07], .truncated(context: "TLV tag 07 length", needed: 1, available: 0)),
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected) { try ZVTBMPCodec.decodeFields(bytes) }
        }
    }

    @Test func nestingDepthIsBounded() {
        // 20 nested constructed tags 25 with empty innermost content.
        var body: [UInt8] = []
        for _ in 0..<20 { body = [0x25, UInt8(body.count)] + body }
        #expect(throws: ZVTCodecError.invalidTLV(context: "TLV container (BMP 06)",
                                                reason: "expected nesting depth below 16, found deeper")) {
            try ZVTBMPCodec.decodeFields([0x06, UInt8(body.count)] + body)
        }
    }

    @Test func contentMustMatchTagKindWhenEncoding() throws {
        let printTexts = try #require(ZVTTLVTag(0x25))
        let textLines = try #require(ZVTTLVTag(0x07))
        #expect(throws: ZVTCodecError.invalidTLV(context: "TLV tag 25", reason: "expected nested objects for a constructed tag, found bytes")) {
            try ZVTBMPCodec.encodeField(.tlv(ZVTTLVContainer([.primitive(printTexts, [0x41])])))
        }
        #expect(throws: ZVTCodecError.invalidTLV(context: "TLV tag 07", reason: "expected bytes for a primitive tag, found nested objects")) {
            try ZVTBMPCodec.encodeField(.tlv(ZVTTLVContainer([.constructed(textLines, [])])))
        }
    }

    @Test func lookupsSearchNestedObjectsInOrder() {
        let container = ZVTTLVContainer([
            .primitive(.receiptType, [0x02]),
            .constructed(.printTexts, [.primitive(.textLines, zvtASCII("A")), .primitive(.textLines, zvtASCII("B"))]),
            .primitive(.textLines, zvtASCII("C")),
        ])
        #expect(container.primitiveValues(of: .textLines) == [zvtASCII("A"), zvtASCII("B"), zvtASCII("C")])
        #expect(container.firstValue(of: .receiptType) == [0x02])
        #expect(container.firstValue(of: .extendedErrorCode) == nil)
    }
}
