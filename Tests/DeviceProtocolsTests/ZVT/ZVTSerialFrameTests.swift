import Testing
@testable import DeviceProtocols

@Suite struct ZVTSerialFrameTests {
    /// Further ecrterm `tests/data_encoding.py` frames (not in protocols.md): checks the CRC on other payloads.
    @Test func ecrtermInitialisationAndShowTextFramesCheckOut() throws {
        let initialisation = zvtBytes("10 02 06 93 03 12 34 56 10 03 CA A4")
        let showText = zvtBytes("""
            10 02 06 E0 25 F2 F1 F5 45 49 4E 47 45 42 45 4E 20 55 4E 44 20 4F 4B F1 F1 F6 46 41 48 52 45 52 4E 55 4D 4D \
            45 52 20 20 20 20 10 03 5A BA
            """)
        for frame in [initialisation, showText] {
            let events = try zvtDecodeSerial(frame)
            guard case .frame(let payload)? = events.first, events.count == 1 else {
                Issue.record("expected one frame, got \(events)")
                continue
            }
            #expect(ZVTSerialFrame.encode(apduBytes: payload) == frame)
            // Neither command is modelled; both must still frame and decode as unmodelled APDUs.
            guard case .unmodelled(let apdu) = try ZVTMessage(bytes: payload) else {
                Issue.record("expected an unmodelled message")
                continue
            }
            #expect(try apdu.encoded() == payload)
        }
    }

    @Test func linkLevelAckAndNakAreEvents() throws {
        let ackFrame = zvtBytes("10 02 80 00 00 10 03 F5 1F")
        let events = try zvtDecodeSerial([0x06] + ackFrame + [0x15])
        #expect(events == [.ack, .frame([0x80, 0x00, 0x00]), .nak])
    }

    @Test func stuffedDLEInCRCAndPayloadRoundTrips() throws {
        // 10 10 in the payload is one data byte 0x10; the CRC bytes themselves are never stuffed.
        let payload: [UInt8] = [0x06, 0x01, 0x07, 0x04, 0x00, 0x00, 0x00, 0x10, 0x10, 0x10]
        let frame = ZVTSerialFrame.encode(apduBytes: payload)
        #expect(frame.count == 2 + payload.count + 3 + 2 + 2)
        #expect(try zvtDecodeSerial(frame) == [.frame(payload)])
    }

    @Test func corruptedCRCIsReportedAndTheNextFrameStillDecodes() throws {
        var bad = zvtBytes("10 02 80 00 00 10 03 F5 1F")
        bad[bad.count - 1] ^= 0x01
        let good = zvtBytes("10 02 06 0F 00 10 03 C6 33")
        var decoder = ZVTSerialFrameDecoder()
        decoder.append(bad + good)
        #expect(throws: ZVTCodecError.crcMismatch(computed: 0x1FF5, received: 0x1EF5)) { try decoder.next() }
        #expect(try decoder.next() == .frame([0x06, 0x0F, 0x00]))
    }

    @Test func malformedLinkBytesAreTypedErrors() throws {
        var decoder = ZVTSerialFrameDecoder()
        decoder.append([0x41])
        #expect(throws: ZVTCodecError.unexpectedSerialByte(context: "expected DLE STX, ACK or NAK", byte: 0x41)) {
            try decoder.next()
        }
        decoder.append([0x10, 0x05])
        #expect(throws: ZVTCodecError.unexpectedSerialByte(context: "expected STX after DLE", byte: 0x05)) {
            try decoder.next()
        }
        decoder.append([0x10, 0x02, 0x80, 0x10, 0x07])
        #expect(throws: ZVTCodecError.unexpectedSerialByte(context: "expected DLE or ETX after DLE inside a frame", byte: 0x07)) {
            try decoder.next()
        }
        #expect(try decoder.next() == nil)
    }

    @Test func restartedFrameIsReportedThenDecoded() throws {
        var decoder = ZVTSerialFrameDecoder()
        decoder.append([0x10, 0x02, 0x06, 0x01] + zvtBytes("10 02 80 00 00 10 03 F5 1F"))
        #expect(throws: ZVTCodecError.unexpectedSerialByte(context: "frame restarted by DLE STX before DLE ETX", byte: 0x02)) {
            try decoder.next()
        }
        #expect(try decoder.next() == .frame([0x80, 0x00, 0x00]))
    }

    @Test func oversizedFrameIsDiscardedWholeAndDecodingResumes() throws {
        var decoder = ZVTSerialFrameDecoder(maximumPayloadLength: 4)
        let long = ZVTSerialFrame.encode(apduBytes: [0x06, 0xD1, 0x03, 0x00, 0x10, 0x41])
        decoder.append(long + [0x06])
        #expect(throws: ZVTCodecError.tooLong(context: "serial frame payload", length: 5, limit: 4)) { try decoder.next() }
        #expect(try decoder.next() == .ack)
    }
}
