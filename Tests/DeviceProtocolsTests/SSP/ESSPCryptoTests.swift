import Testing
@testable import DeviceProtocols

@Suite("eSSP packets")
struct ESSPCryptoTests {
    private let key = ESSPKey(negotiatedKey: 0x1122_3344_5566_7788)
    private let zeros: (Int) -> [UInt8] = { [UInt8](repeating: 0, count: $0) }

    @Test("protocols.md §2.8.6 vector: encrypted POLL, eCOUNT 0, zero packing, exact frame")
    func pollVector() throws {
        // protocols.md prints nine zero packing bytes; the block holds eight (1+4+1+8+2 = 16),
        // and with eight the stated CRC A1C7, ciphertext and frame CRC all reproduce.
        #expect(ESSPCipher.packingCount(forDataCount: 1) == 8)
        #expect(ESSPCipher.innerPacket([0x07], count: 0, packing: zeros(8)) == sspBytes("01 00000000 07 0000000000000000 A1C7"))
        let sealed = try ESSPCipher.seal([0x07], count: 0, key: key, packing: zeros)
        #expect(sealed == sspBytes("7E 7BAF69DE806DB181EA1CA8F2F262A9AC"))
        let frame = try SSPFrame(sequenceFlag: true, address: 0, data: sealed)
        #expect(frame.encoded() == sspBytes("7F 80 11 7E 7B AF 69 DE 80 6D B1 81 EA 1C A8 F2 F2 62 A9 AC 87 89"))

        let decoded = try #require(sspDecodeFrames(frame.encoded()).first)
        let opened = try ESSPCipher.open(decoded.data, key: key)
        #expect(opened.count == 0)
        #expect(opened.data == [0x07])
    }

    @Test("skokov3812/…#44 capture: the decrypted POLL reply's inner CRC is 0xF406 (06 F4)")
    func captureInnerCRC() throws {
        let plain = ESSPCipher.innerPacket([0xF0, 0xC6], count: 7, packing: sspBytes("BA B3 78 19 66 EF 04"))
        #expect(plain == sspBytes("02 07000000 F0 C6 BAB3781966EF04 06F4"))
        // The capture's key is not public, so its ciphertext cannot be checked; sealed under any
        // key the same plaintext opens to count 7 and OK + PAYOUT_OUT_OF_SERVICE.
        let sealed = try ESSPCipher.seal([0xF0, 0xC6], count: 7, key: key) { _ in sspBytes("BA B3 78 19 66 EF 04") }
        #expect(sealed.count == 17)  // outer LEN 0x11 as in the capture
        let opened = try ESSPCipher.open(sealed, key: key)
        #expect(opened.count == 7)
        let response = try SSPResponse(data: opened.data)
        let context = try SSPPollContext(protocolVersion: 8)
        #expect(try SSPPollEvent.decodeAll(response.okPayload(for: "POLL"), context: context) == [.payoutOutOfService])
    }

    @Test("packing fills every payload size to whole blocks", arguments: [1, 2, 8, 9, 10, 25, 100, 233])
    func packing(dataCount: Int) throws {
        var asked: [Int] = []
        let data = [UInt8](repeating: 0x7F, count: dataCount)
        let sealed = try ESSPCipher.seal(data, count: 3, key: key) { asked.append($0); return zeros($0) }
        #expect(asked == [ESSPCipher.packingCount(forDataCount: dataCount)])
        #expect((sealed.count - 1) % 16 == 0)
        #expect((sealed.count - 1) == dataCount + 7 + asked[0])
        #expect(try ESSPCipher.open(sealed, key: key).data == data)
    }

    @Test("host ↔ slave counters follow ITL's rule: reply N+1, next command N+1")
    func sessionCounters() throws {
        var host = ESSPSession(key: key, role: .host)
        var slave = ESSPSession(key: key, role: .slave)
        for expected: UInt32 in 0..<5 {
            let command = try host.seal(SSPCommand.poll.encoded(), packing: zeros)
            #expect(try ESSPCipher.open(command, key: key).count == expected)
            #expect(try slave.open(command) == [0x07])
            let reply = try slave.seal([0xF0], packing: zeros)
            #expect(try ESSPCipher.open(reply, key: key).count == expected + 1)
            #expect(try host.open(reply) == [0xF0])
        }
        #expect(host.counter == 5)
        #expect(slave.counter == 5)
    }

    @Test("an old reply or command is a replay; a count ahead is out of step; neither moves the counter")
    func replayRejected() throws {
        var host = ESSPSession(key: key, role: .host)
        var slave = ESSPSession(key: key, role: .slave)
        let firstCommand = try host.seal([0x07], packing: zeros)
        _ = try slave.open(firstCommand)
        let firstReply = try slave.seal([0xF0], packing: zeros)
        _ = try host.open(firstReply)
        let secondCommand = try host.seal([0x07], packing: zeros)

        #expect(throws: ESSPError.replayedCounter(expected: 2, found: 1)) { try host.open(firstReply) }
        #expect(throws: ESSPError.replayedCounter(expected: 1, found: 0)) { try slave.open(firstCommand) }
        let ahead = try ESSPCipher.seal([0xF0], count: 9, key: key, packing: zeros)
        #expect(throws: ESSPError.unexpectedCounter(expected: 2, found: 9)) { try host.open(ahead) }
        #expect(host.counter == 2)
        #expect(try slave.open(secondCommand) == [0x07])
        #expect(slave.counter == 2)
    }

    @Test("wrong key, tampering, bad STEX, bad sizes and bad eLEN are typed errors")
    func errors() throws {
        let sealed = try ESSPCipher.seal([0x07], count: 0, key: key, packing: zeros)
        #expect(throws: ESSPError.self) { try ESSPCipher.open(sealed, key: ESSPKey(negotiatedKey: 1)) }
        var tampered = sealed
        tampered[5] ^= 0x01
        #expect(throws: ESSPError.self) { try ESSPCipher.open(tampered, key: key) }
        #expect(throws: ESSPError.notEncrypted(firstByte: 0x07)) { try ESSPCipher.open([0x07], key: key) }
        #expect(throws: ESSPError.notEncrypted(firstByte: nil)) { try ESSPCipher.open([], key: key) }
        #expect(throws: ESSPError.ciphertextCount(0)) { try ESSPCipher.open([0x7E], key: key) }
        #expect(throws: ESSPError.ciphertextCount(15)) { try ESSPCipher.open(Array(sealed.dropLast()), key: key) }
        #expect(throws: ESSPError.dataCountOutOfRange(0)) { try ESSPCipher.seal([], count: 0, key: key, packing: zeros) }
        #expect(throws: ESSPError.dataCountOutOfRange(234)) {
            try ESSPCipher.seal([UInt8](repeating: 1, count: 234), count: 0, key: key, packing: zeros)
        }
        #expect(throws: ESSPError.packingCount(expected: 8, found: 3)) {
            try ESSPCipher.seal([0x07], count: 0, key: key) { _ in [1, 2, 3] }
        }
        // A CRC-valid block whose eLEN claims more data than the block holds.
        var lying = ESSPCipher.innerPacket([0x07], count: 0, packing: zeros(8))
        lying[0] = 12
        lying.removeLast(2)
        lying.sspAppendLE16(CRC16.ssp.checksum(lying))
        let encrypted = try ESSPCipher.permuteBlocks(lying, key: key, forward: true)
        #expect(throws: ESSPError.innerLength(declared: 12, room: 9)) { try ESSPCipher.open([0x7E] + encrypted, key: key) }
        #expect(throws: ESSPError.ciphertextCount(15)) { try ESSPCipher.permuteBlocks(zeros(15), key: key, forward: true) }
    }

    @Test("the largest payload still fits one SSP frame")
    func largestPayload() throws {
        let sealed = try ESSPCipher.seal([UInt8](repeating: 0x33, count: ESSPCipher.maximumDataCount), count: 0,
                                         key: key, packing: zeros)
        #expect(sealed.count == 241)
        #expect(throws: Never.self) { try SSPFrame(sequenceFlag: false, address: 0, data: sealed) }
    }
}
