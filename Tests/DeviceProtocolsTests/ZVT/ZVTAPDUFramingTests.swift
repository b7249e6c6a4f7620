import Testing
@testable import DeviceProtocols

@Suite struct ZVTAPDUFramingTests {
    @Test func shortLengthIsOneByte() throws {
        let apdu = ZVTAPDU(.printLine, data: [UInt8](repeating: 0x41, count: 254))
        let bytes = try apdu.encoded()
        #expect(Array(bytes.prefix(3)) == [0x06, 0xD1, 0xFE])
        #expect(bytes.count == 257)
        #expect(try ZVTAPDU.decode(bytes) == apdu)
    }

    @Test func lengthFrom255UsesExtendedLittleEndianForm() throws {
        for count in [255, 256, 0x1234, ZVTAPDU.maximumDataLength] {
            let apdu = ZVTAPDU(.printTextBlock, data: [UInt8](repeating: 0x20, count: count))
            let bytes = try apdu.encoded()
            #expect(Array(bytes.prefix(5)) == [0x06, 0xD3, 0xFF, UInt8(count & 0xFF), UInt8(count >> 8)])
            #expect(try ZVTAPDU.decode(bytes) == apdu)
        }
    }

    @Test func nonCanonicalExtendedLengthIsAccepted() throws {
        // FF 03 00 = 3 bytes in the long form; a terminal may always use it.
        #expect(try ZVTAPDU.decode([0x06, 0x1E, 0xFF, 0x03, 0x00, 0x6C, 0x01, 0x02]) == ZVTAPDU(.terminalAbort, data: [0x6C, 0x01, 0x02]))
    }

    @Test func encodingRejectsOversizedData() {
        let apdu = ZVTAPDU(.printTextBlock, data: [UInt8](repeating: 0, count: ZVTAPDU.maximumDataLength + 1))
        #expect(throws: ZVTCodecError.tooLong(context: "APDU 06 D3 data", length: 65_536, limit: 65_535)) {
            try apdu.encoded()
        }
    }

    @Test func singleDecodeRejectsTruncatedTrailingAndForeignBytes() {
        #expect(throws: ZVTCodecError.truncated(context: "APDU header", needed: 1, available: 2)) {
            try ZVTAPDU.decode([0x80, 0x00])
        }
        #expect(throws: ZVTCodecError.truncated(context: "APDU header", needed: 2, available: 3)) {
            try ZVTAPDU.decode([0x06, 0xD3, 0xFF])
        }
        #expect(throws: ZVTCodecError.truncated(context: "APDU 04 FF data", needed: 1, available: 1)) {
            try ZVTAPDU.decode([0x04, 0xFF, 0x02, 0x0A])
        }
        #expect(throws: ZVTCodecError.trailingBytes(context: "APDU 80 00", count: 1)) {
            try ZVTAPDU.decode([0x80, 0x00, 0x00, 0x00])
        }
        // Ingenico Move 3500's "15 03 69" (Portalum issue #42) and an HTTP banner are not ZVT.
        #expect(throws: ZVTCodecError.unexpectedClass(found: 0x15)) { try ZVTAPDU.decode([0x15, 0x03, 0x69]) }
        #expect(throws: ZVTCodecError.unexpectedClass(found: 0x48)) { try ZVTAPDU.decode(zvtASCII("HTTP/1.1")) }
    }

    @Test func streamDecoderSplitsBackToBackAPDUsAtEveryChunkSize() throws {
        let apdus = [
            ZVTAPDU(ZVTCommandCode(0x80, 0x00)),
            ZVTAPDU(.intermediateStatus, data: [0x0A, 0x3C]),
            ZVTAPDU(.printTextBlock, data: [UInt8](repeating: 0x41, count: 300)),
            ZVTAPDU(.completion),
        ]
        var stream: [UInt8] = []
        for apdu in apdus { stream += try apdu.encoded() }
        for chunkSize in 1...9 {
            #expect(try zvtDecodeStream(stream, chunkSize: chunkSize) == apdus)
        }
        #expect(try zvtDecodeStream(stream, chunkSize: stream.count) == apdus)
    }

    @Test func streamDecoderWaitsForMoreAndReportsTruncationAtClose() throws {
        var decoder = ZVTAPDUStreamDecoder()
        decoder.append([0x06, 0xD3, 0xFF, 0x2C])
        #expect(try decoder.next() == nil)
        #expect(throws: ZVTCodecError.truncated(context: "APDU header at end of stream", needed: 1, available: 4)) {
            try decoder.finish()
        }
        decoder.append([0x01, 0x41])
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 6)
        #expect(throws: ZVTCodecError.truncated(context: "APDU 06 D3 data at end of stream", needed: 299, available: 1)) {
            try decoder.finish()
        }
        decoder.reset()
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test func streamDecoderRejectsOversizedDeclaredLengthBeforeBuffering() {
        var decoder = ZVTAPDUStreamDecoder(maximumDataLength: 1024)
        decoder.append([0x06, 0xD3, 0xFF, 0x01, 0x04])
        #expect(throws: ZVTCodecError.tooLong(context: "APDU 06 D3 declared length", length: 1025, limit: 1024)) {
            try decoder.next()
        }
    }

    @Test func streamDecoderStaysFailedUntilReset() throws {
        var decoder = ZVTAPDUStreamDecoder()
        decoder.append([0x80, 0x00, 0x00, 0x42, 0x80, 0x00, 0x00])
        #expect(try decoder.next() == ZVTAPDU(ZVTCommandCode(0x80, 0x00)))
        #expect(throws: ZVTCodecError.unexpectedClass(found: 0x42)) { try decoder.next() }
        #expect(throws: ZVTCodecError.unexpectedClass(found: 0x42)) { try decoder.next() }
        decoder.reset()
        decoder.append([0x80, 0x00, 0x00])
        #expect(try decoder.next() == ZVTAPDU(ZVTCommandCode(0x80, 0x00)))
    }

    @Test func streamDecoderCanAcceptVendorClasses() throws {
        var decoder = ZVTAPDUStreamDecoder(acceptedClasses: ZVTAPDU.knownClasses.union([0x42]))
        decoder.append([0x42, 0x01, 0x00])
        #expect(try decoder.next() == ZVTAPDU(ZVTCommandCode(0x42, 0x01)))
    }
}
