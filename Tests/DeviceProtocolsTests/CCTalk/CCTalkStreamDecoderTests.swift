import Testing
@testable import DeviceProtocols

@Suite struct CCTalkStreamDecoderTests {
    typealias T = CCTalkTestSupport

    private func frames(_ events: [CCTalkStreamDecoder.Event]) -> [CCTalkFrame] {
        events.compactMap { if case let .frame(frame) = $0 { frame } else { nil } }
    }

    @Test func byteAtATimeGivesTheSameFramesAsOneChunk() throws {
        let stream = T.bytes("01 00 02 00 FD") + T.bytes("01 0D 02 00 43 6F 69 6E 20 41 63 63 65 70 74 6F 72 16")
            + T.bytes("01 04 03 00 00 00 07 03 EE")
        var whole = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: false)
        let expected = frames(whole.receive(stream))
        #expect(expected.count == 3)

        var dripped = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: false)
        var collected: [CCTalkStreamDecoder.Event] = []
        for byte in stream { collected += dripped.receive([byte]) }
        #expect(frames(collected) == expected)
        #expect(dripped.pendingByteCount == 0)
    }

    @Test func echoOfTheSentFrameIsDroppedBeforeTheReply() throws {
        let request = T.bytes("02 00 01 E5 18")
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: true)
        decoder.willSend(request)
        let reply = T.bytes("01 0B 02 00 01 01 00 00 00 00 00 00 00 00 00 F0")
        var events: [CCTalkStreamDecoder.Event] = []
        for byte in request + reply { events += decoder.receive([byte]) }
        #expect(events.first == .echoRemoved(byteCount: 5))
        #expect(frames(events) == [try T.decodeSimple("01 0B 02 00 01 01 00 00 00 00 00 00 00 00 00 F0")])
        #expect(events.count == 2)
    }

    @Test func missingEchoIsReportedAndTheReplyStillDecodes() throws {
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: true)
        decoder.willSend(T.bytes("02 00 01 FE FF"))
        let events = decoder.receive(T.bytes("01 00 02 00 FD"))
        #expect(events == [
            .echoMismatch(expected: T.bytes("02 00 01 FE FF"), found: [0x01]),
            .frame(CCTalkFrame(destination: 1, source: 2, header: 0)),
        ])
    }

    @Test func echoPrecededByNoiseIsStillRecognisedAsEcho() throws {
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: true)
        let request = T.bytes("03 00 01 A6 56")
        decoder.willSend(request)
        let events = decoder.receive([0xAA] + request + T.bytes("01 04 03 00 00 00 07 03 EE"))
        #expect(events.contains(.echoRemoved(byteCount: 5)))
        #expect(frames(events).map(\.header) == [0])
    }

    @Test func garbageBeforeAFrameIsDiscardedAndDecodingResyncs() throws {
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: false)
        // Each garbage byte is followed by an impossible length or fails its checksum.
        let events = decoder.receive([0x55, 0xFF, 0xFD] + T.bytes("01 00 02 00 FD"))
        guard case let .discarded(bytes, _) = events.first else {
            Issue.record("expected discarded bytes first, got \(events)")
            return
        }
        #expect(bytes == [0x55, 0xFF, 0xFD])
        #expect(frames(events) == [CCTalkFrame(destination: 1, source: 2, header: 0)])
    }

    @Test func corruptedFrameIsDroppedAndTheNextOneDecodes() {
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: false)
        let events = decoder.receive(T.bytes("01 00 02 00 FE 01 00 02 05 F8"))
        #expect(frames(events) == [CCTalkFrame(destination: 1, source: 2, header: CCTalkHeader.negativeAcknowledge)])
    }

    @Test func corruptedLengthWaitsUntilTheGapFlush() {
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: false)
        // Length byte 0x40 claims 64 data bytes; only the inter-byte gap can end the wait.
        #expect(decoder.receive(T.bytes("01 40 02 00 FD")).isEmpty)
        #expect(decoder.flushPartialInput() == T.bytes("01 40 02 00 FD"))
        #expect(frames(decoder.receive(T.bytes("01 00 02 06 F7"))) == [CCTalkFrame(destination: 1, source: 2, header: CCTalkHeader.busy)])
    }

    @Test func ackNakAndBusyAreClassified() throws {
        #expect(try CCTalkReply(frame: T.decodeSimple("01 00 02 00 FD")) == .reply([]))
        #expect(try CCTalkReply(frame: T.decodeSimple("01 00 02 00 FD")).isAcknowledge)
        #expect(try CCTalkReply(frame: T.decodeSimple("01 00 02 05 F8")) == .negativeAcknowledge)
        #expect(try CCTalkReply(frame: T.decodeSimple("01 00 02 06 F7")) == .busy)
        #expect(throws: CCTalkMessageError.unexpectedReplyHeader(found: 254)) {
            try CCTalkReply(frame: T.decodeSimple("01 00 02 FE FF"))
        }
        #expect(try CCTalkCommand.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 2))
            .parseReply(T.decodeSimple("01 00 03 05 F7")) == .negativeAcknowledged)
    }

    @Test func crcRepliesAreAttributedToTheAddressedDevice() throws {
        var decoder = CCTalkStreamDecoder(checksumMode: .crc16, stripsEcho: true)
        let request = try CCTalkCommand.resetDevice.frame(to: 40).encoded(checksum: .crc16)
        decoder.willSend(request)
        let events = decoder.receive(request + T.bytes("01 00 30 00 37"))
        #expect(events == [.echoRemoved(byteCount: 5), .frame(CCTalkFrame(destination: 1, source: 40, header: 0))])
    }

    @Test func addressPollAnswersAreCollectedRaw() throws {
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: true)
        let poll = try CCTalkCommand.addressPoll.frame(to: 2).encoded(checksum: .simple8)
        #expect(poll == [0, 0, 1, 253, 2])
        decoder.willSend(poll)
        #expect(decoder.receive(poll + [2, 3, 40]) == [.echoRemoved(byteCount: 5)])
        #expect(try CCTalkAddressPoll.addresses(from: decoder.flushPartialInput()) == [2, 3, 40])
        #expect(throws: CCTalkMessageError.self) { try CCTalkAddressPoll.addresses(from: [2, 1]) }
    }
}
