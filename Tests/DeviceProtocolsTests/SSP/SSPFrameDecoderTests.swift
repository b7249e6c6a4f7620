import Testing
@testable import DeviceProtocols

@Suite("SSP incremental frame decoder")
struct SSPFrameDecoderTests {
    private let stream: [UInt8] = sspWireVectors.flatMap { sspBytes($0.wire) }
    private var expectedFrames: [SSPFrame] {
        sspWireVectors.compactMap { try? SSPFrame(sequenceFlag: $0.sequenceFlag, address: $0.address, data: sspBytes($0.data)) }
    }

    @Test("all vectors back to back, one byte at a time")
    func byteAtATime() {
        var decoder = SSPFrameDecoder()
        var frames: [SSPFrame] = []
        for byte in stream {
            for result in decoder.feed([byte]) {
                switch result {
                case .success(let frame): frames.append(frame)
                case .failure(let error): Issue.record("unexpected \(error)")
                }
            }
        }
        #expect(frames == expectedFrames)
        #expect(!decoder.isInsideFrame)
    }

    @Test("every chunk size gives the same frames", arguments: [2, 3, 5, 7, 11, 64, 1000])
    func chunked(size: Int) {
        var decoder = SSPFrameDecoder()
        var frames: [SSPFrame] = []
        var start = 0
        while start < stream.count {
            let end = min(start + size, stream.count)
            frames += decoder.feed(stream[start..<end]).compactMap { try? $0.get() }
            start = end
        }
        #expect(frames == expectedFrames)
    }

    @Test("a stuffed pair split across chunks is joined")
    func splitStuffing() throws {
        let wire = sspBytes("7F 00 03 02 7F 7F 00 2D 9A")
        var decoder = SSPFrameDecoder()
        #expect(decoder.feed(wire[0..<5]).isEmpty)
        let results = decoder.feed(wire[5...])
        #expect(results.count == 1)
        #expect(try results.first?.get().data == [0x02, 0x7F, 0x00])
    }

    @Test("noise before a frame is reported once, then the frame")
    func noiseThenFrame() throws {
        var decoder = SSPFrameDecoder()
        let results = decoder.feed(sspBytes("00 13 F0 7F 7F 55") + sspBytes("7F 80 01 F0 23 80"))
        #expect(results.count == 2)
        #expect(results.first == .failure(.discardedBytes(count: 6)))
        #expect(try results.last?.get().data == [0xF0])
    }

    @Test("a new STX mid-frame reports a truncated packet and decodes the new one")
    func interruptedFrame() throws {
        var decoder = SSPFrameDecoder()
        let results = decoder.feed(sspBytes("7F 80 03 F0 EF") + sspBytes("7F 80 01 F0 23 80"))
        #expect(results == [
            .failure(.truncated(expectedBodyCount: 7, receivedBodyCount: 4)),
            .success(try SSPFrame(sequenceFlag: true, address: 0, data: [0xF0])),
        ])
    }

    @Test("a bad CRC is a typed error and the next frame still decodes")
    func badCRC() throws {
        var decoder = SSPFrameDecoder()
        let results = decoder.feed(sspBytes("7F 80 01 11 65 83") + sspBytes("7F 80 01 11 65 82"))
        #expect(results.count == 2)
        #expect(results.first == .failure(.crcMismatch(computed: 0x8265, received: 0x8365)))
        #expect(try results.last?.get().data == [0x11])
    }

    @Test("LEN 0 is rejected at once and decoding resumes")
    func zeroLength() throws {
        var decoder = SSPFrameDecoder()
        let results = decoder.feed(sspBytes("7F 80 00") + sspBytes("7F 00 01 07 11 88"))
        #expect(results.first == .failure(.zeroLength))
        #expect(try results.last?.get().data == [0x07])
        #expect(results.count == 2)
    }

    @Test("a CRC-valid frame from address 0x7F is refused as invalid address")
    func invalidAddress() {
        let data: [UInt8] = [0xF0]
        let crc = SSPFrame.crc(sequenceAndAddress: 0xFF, data: data)
        #expect(crc == 0x062C)
        var decoder = SSPFrameDecoder()
        #expect(decoder.feed([0x7F, 0xFF, 0x01, 0xF0, UInt8(crc & 0xFF), UInt8(crc >> 8)]) == [.failure(.invalidAddress(0x7F))])
    }

    @Test("abandoning a partial frame reports it; the decoder is then clean")
    func abandon() {
        var decoder = SSPFrameDecoder()
        #expect(decoder.feed(sspBytes("7F 80 03 F0")).isEmpty)
        #expect(decoder.isInsideFrame)
        #expect(decoder.abandonPartialFrame() == .truncated(expectedBodyCount: 7, receivedBodyCount: 3))
        #expect(!decoder.isInsideFrame)
        #expect(decoder.abandonPartialFrame() == nil)
        #expect(decoder.feed(sspBytes("7F 80 01 F0 23 80")).count == 1)

        #expect(decoder.feed(sspBytes("7F")).isEmpty)
        #expect(decoder.abandonPartialFrame() == .discardedBytes(count: 1))
        #expect(decoder.feed(sspBytes("7F 80")).isEmpty)
        #expect(decoder.abandonPartialFrame() == .truncated(expectedBodyCount: nil, receivedBodyCount: 1))
    }

    @Test("joining mid-frame: a stuffed pair outside a frame is noise, not a start")
    func joinMidStream() throws {
        // Tail of "7F 00 03 02 7F 7F 00 2D 9A" starting at the stuffed pair, then a good frame.
        var decoder = SSPFrameDecoder()
        let results = decoder.feed(sspBytes("7F 7F 00 2D 9A") + sspBytes("7F 00 01 07 11 88"))
        #expect(results == [
            .failure(.discardedBytes(count: 5)),
            .success(try SSPFrame(sequenceFlag: false, address: 0, data: [0x07])),
        ])
    }
}
