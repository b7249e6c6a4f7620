import Testing
@testable import DeviceProtocols

@Suite struct CCTalkFrameTests {
    typealias T = CCTalkTestSupport

    @Test(arguments: [CCTalkChecksumMode.simple8, .crc16])
    func framesRoundTripForEveryDataLength(mode: CCTalkChecksumMode) throws {
        var random = CCTalkFuzzRandom(seed: 7)
        for length in 0...CCTalkFrame.maximumDataLength {
            let frame = CCTalkFrame(destination: random.byte(), source: 9, header: random.byte(), data: random.bytes(length))
            let bytes = try frame.encoded(checksum: mode)
            #expect(bytes.count == length + 5)
            #expect(try CCTalkFrame.decode(bytes, checksum: mode, impliedSource: 9) == frame)
        }
    }

    @Test func simpleChecksumMakesTheByteSumZero() throws {
        let bytes = try CCTalkFrame(destination: 2, source: 1, header: 229, data: [1, 2, 3]).encoded(checksum: .simple8)
        #expect(bytes.reduce(UInt8(0), &+) == 0)
    }

    @Test func crcModeCarriesCRCInSourceAndChecksumSlots() throws {
        let frame = CCTalkFrame(destination: 3, source: 1, header: 166, data: [])
        let bytes = try frame.encoded(checksum: .crc16)
        let crc = CRC16.ccTalk.checksum([3, 0, 166])
        #expect(bytes == [3, 0, UInt8(crc & 0xFF), 166, UInt8(crc >> 8)])
    }

    @Test func crcModeDetectsACorruptedCRC() {
        #expect(throws: CCTalkFrameError.crcMismatch(expected: 0x3F46, found: 0x3F47)) {
            try CCTalkFrame.decode(T.bytes("28 00 47 01 3F"), checksum: .crc16)
        }
    }

    @Test func decodingRejectsShortAndMisSizedInput() {
        #expect(throws: CCTalkFrameError.truncated(expectedAtLeast: 5, found: 4)) {
            try CCTalkFrame.decode([2, 0, 1, 254], checksum: .simple8)
        }
        #expect(throws: CCTalkFrameError.lengthMismatch(declaredDataLength: 1, expectedTotal: 6, found: 5)) {
            try CCTalkFrame.decode(T.bytes("02 01 01 E4 18"), checksum: .simple8)
        }
        #expect(throws: CCTalkFrameError.lengthMismatch(declaredDataLength: 0, expectedTotal: 5, found: 6)) {
            try CCTalkFrame.decode(T.bytes("02 00 01 FE FF 00"), checksum: .simple8)
        }
        #expect(throws: CCTalkFrameError.dataLengthTooLarge(maximum: 252, found: 253)) {
            try CCTalkFrame.decode([2, 253, 1, 0, 0], checksum: .simple8)
        }
    }

    @Test func encodingRefusesOversizedData() {
        let frame = CCTalkFrame(destination: 2, source: 1, header: 0, data: Array(repeating: 0, count: 253))
        #expect(throws: CCTalkFrameError.dataLengthTooLarge(maximum: 252, found: 253)) {
            try frame.encoded(checksum: .simple8)
        }
    }

    @Test func errorMessagesSayWhatWasExpectedAndFound() {
        let message = CCTalkFrameError.checksumMismatch(expected: 0x7B, found: 0xBA).description
        #expect(message.contains("expected 0x7B"))
        #expect(message.contains("found 0xBA"))
    }

    @Test func broadcastReachesSlavesButNotTheHost() {
        #expect(CCTalkAddress.destination(0, isFor: 2))
        #expect(!CCTalkAddress.destination(0, isFor: CCTalkAddress.host))
        #expect(CCTalkAddress.destination(3, isFor: 3))
        #expect(!CCTalkAddress.destination(3, isFor: 2))
    }
}
