import Testing
@testable import DeviceProtocols

/// Seeded random and mutated print jobs for the ESC/POS decoders. Reaching the end proves nothing
/// trapped; the invariants prove chunking never changes the result and decoding is canonical.
@Suite struct ESCPOSFuzzTests {
    static let iterations = 100_000

    private static let sampleOperations: [ESCPOSOperation] = [
        .initialize, .selectCodePage(18), .align(.center), .emphasis(true), .characterSize(.doubleWidthAndHeight),
        .text("Příjmový doklad"), .lineFeed, .feedLines(2), .qrCode(.selectModel(.model2)), .qrCode(.moduleSize(5)),
        .qrCode(.errorCorrection(.m)), .qrCode(.store(Array("SPD*1.0*AM:10.00".utf8))), .qrCode(.print),
        .statusRequest(.paperSensor), .cut(.feedAndPartial(3)), .carriageReturn, .cut(.full),
    ]

    private static func job(_ random: inout ESCPOSFuzzRandom) -> [UInt8] {
        let operations = (0..<(1 + random.next() % 8)).map { _ in
            sampleOperations[Int(random.next() % UInt64(sampleOperations.count))]
        }
        return operations.flatMap(\.encoded)
    }

    private static func mutate(_ input: [UInt8], _ random: inout ESCPOSFuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...(random.next() % 3) {
            let index = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0 where !bytes.isEmpty: bytes[index] = random.byte()
            case 1 where !bytes.isEmpty: bytes[index] ^= 1 << UInt8(random.next() % 8)
            case 2: bytes.insert([0x1B, 0x1D, 0x10, 0x0A, random.byte()][Int(random.next() % 5)], at: index)
            case 3 where !bytes.isEmpty: bytes.remove(at: index)
            default: bytes = Array(bytes.prefix(index))
            }
        }
        return bytes
    }

    private static func input(_ random: inout ESCPOSFuzzRandom) -> [UInt8] {
        switch random.next() % 3 {
        case 0: return random.bytes(Int(random.next() % 48))
        case 1: return mutate(job(&random), &random)
        default: return job(&random)
        }
    }

    @Test func wholeJobDecodingIsCanonicalAndNeverTraps() {
        var random = ESCPOSFuzzRandom(seed: 0xE5C_905)
        var decoded = 0, notCanonical = 0
        let decoder = ESCPOSDecoder()
        for _ in 0..<Self.iterations {
            guard let operations = try? decoder.decode(Self.input(&random)) else { continue }
            decoded += 1
            if (try? decoder.decode(operations.flatMap(\.encoded))) != operations { notCanonical += 1 }
            var paper = ESCPOSPaper()
            paper.apply(operations)
        }
        #expect(decoded > 30_000)
        #expect(notCanonical == 0)
    }

    @Test func chunkingNeverChangesStreamEvents() {
        var random = ESCPOSFuzzRandom(seed: 852)
        var chunkDependent = 0, malformed = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.input(&random)
            var whole = ESCPOSStreamDecoder()
            let expected = whole.receive(bytes) + whole.finish()
            var chunked = ESCPOSStreamDecoder()
            var events: [ESCPOSStreamDecoder.Event] = []
            var position = 0
            while position < bytes.count {
                let end = min(bytes.count, position + 1 + Int(random.next() % 6))
                events += chunked.receive(bytes[position..<end])
                position = end
            }
            events += chunked.finish()
            if events != expected { chunkDependent += 1 }
            malformed += expected.filter { if case .malformed = $0 { true } else { false } }.count
        }
        #expect(chunkDependent == 0)
        #expect(malformed > 10_000)
    }

    @Test func statusParsingNeverTraps() {
        var random = ESCPOSFuzzRandom(seed: 4)
        var accepted = 0
        for _ in 0..<Self.iterations {
            guard let byte = try? ESCPOSStatusByte(random.byte()) else { continue }
            accepted += 1
            let condition = ESCPOSPrinterCondition(
                offline: ESCPOSOfflineStatus(byte), error: ESCPOSErrorStatus(byte),
                paper: ESCPOSPaperStatus(byte, layout: random.next() % 2 == 0 ? .epson : .citizenPPU231)
            )
            _ = condition.canPrint
        }
        #expect(accepted > 0)
    }
}
