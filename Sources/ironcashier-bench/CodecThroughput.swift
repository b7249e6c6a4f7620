import DeviceProtocols

/// Encode+decode rates of each codec on typical frames, beside what a 9600-baud line can carry —
/// the codec must never be the bottleneck of a poll loop.
enum CodecThroughput {
    struct Result {
        let name: String
        let framesPerSecond: Double
        let wireFramesPerSecond: Double
    }

    /// 9600 baud, 8 data bits + start + stop (+1 stop for SSP): bytes per second on the wire.
    static func wireRate(frameBytes: Int, bitsPerByte: Double) -> Double { 9_600 / bitsPerByte / Double(frameBytes) }

    static func run(iterations: Int) throws -> [Result] {
        [try ssp(iterations), try ccTalk(iterations), try escpos(iterations / 20), try zvt(iterations)]
    }

    static func ssp(_ n: Int) throws -> Result {
        let frame = try SSPFrame(sequenceFlag: true, address: 0, data: [0xF0, 0xEF, 0x01, 0xEE, 0x7F, 0x00]).encoded()
        var decoded = 0
        let seconds = try time {
            var decoder = SSPFrameDecoder()
            for i in 0..<n {
                let bytes = try SSPFrame(sequenceFlag: i & 1 == 0, address: 0, data: [0xF0, 0xEF, 0x01, 0xEE, 0x7F, 0x00]).encoded()
                decoded += decoder.feed(bytes).count
            }
        }
        precondition(decoded == n, "SSP decoder lost frames")
        return Result(name: "ssp", framesPerSecond: Double(n) / seconds, wireFramesPerSecond: wireRate(frameBytes: frame.count, bitsPerByte: 11))
    }

    static func ccTalk(_ n: Int) throws -> Result {
        let frame = CCTalkFrame(destination: 2, source: 1, header: 229, data: [])
        let reply = CCTalkFrame(destination: 1, source: 2, header: 0, data: [7, 3, 0, 2, 0, 1, 0, 0, 0, 0, 0])
        let replyBytes = try reply.encoded(checksum: .simple8)
        var decoded = 0
        let seconds = try time {
            var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: true)
            for _ in 0..<n {
                let request = try frame.encoded(checksum: .simple8)
                decoder.willSend(request)
                decoded += decoder.receive(request + replyBytes).count
            }
        }
        precondition(decoded >= n, "ccTalk decoder lost frames")
        return Result(name: "cctalk", framesPerSecond: Double(n) / seconds,
                      wireFramesPerSecond: wireRate(frameBytes: replyBytes.count, bitsPerByte: 10))
    }

    static func escpos(_ n: Int) throws -> Result {
        var builder = ESCPOSReceiptBuilder()
        builder.initialize()
        builder.line("Městský úřad — pokladna K01")
        for line in 0..<20 { builder.line("Poplatek ze psa \(line)            1 234,00 Kč") }
        try builder.qrCode("SPD*1.0*ACC:CZ6508000000192000145399*AM:1234.00*CC:CZK*X-VS:1341000123")
        builder.cut()
        let bytes = builder.bytes
        let decoder = ESCPOSDecoder()
        var operations = 0
        let seconds = try time {
            for _ in 0..<max(n, 1) { operations += try decoder.decode(bytes).count }
        }
        precondition(operations > 0)
        return Result(name: "escpos_receipts", framesPerSecond: Double(max(n, 1)) / seconds,
                      wireFramesPerSecond: wireRate(frameBytes: bytes.count, bitsPerByte: 10))
    }

    static func zvt(_ n: Int) throws -> Result {
        let message = ZVTMessage.authorization(ZVTAuthorization(amount: 123_400, currency: .czk))
        let sample = try message.encoded()
        var decoded = 0
        let seconds = try time {
            var decoder = ZVTAPDUStreamDecoder()
            for _ in 0..<n {
                decoder.append(try message.encoded())
                if let apdu = try decoder.next() {
                    _ = try ZVTMessage(apdu: apdu)
                    decoded += 1
                }
            }
        }
        precondition(decoded == n, "ZVT decoder lost messages")
        // ZVT runs over TCP; the wire figure is the same message over a 9600-baud serial ZVT link, for scale.
        return Result(name: "zvt", framesPerSecond: Double(n) / seconds, wireFramesPerSecond: wireRate(frameBytes: sample.count + 6, bitsPerByte: 10))
    }

    private static func time(_ body: () throws -> Void) throws -> Double {
        let elapsed = try ContinuousClock().measure(body)
        return Report.microseconds(elapsed) / 1_000_000
    }
}
