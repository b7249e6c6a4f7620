import Testing
@testable import DeviceProtocols

/// Seeded fuzzing of every decoder: random and mutated APDUs must never trap, may only fail with
/// `ZVTCodecError` (guaranteed by typed throws, exercised here), and whatever decodes must re-encode stably.
@Suite struct ZVTFuzzTests {
    static let iterations = 100_000

    static func corpus() throws -> [[UInt8]] {
        var corpus = try ZVTMessageRoundTripTests.messages.map { try $0.encoded() }
        corpus += try ZVTReferenceVectorTests.serialVectors.map { try $0.message.encoded() }
        corpus.append(zvtBytes(ZVTReferenceVectorTests.simulatorStatusInformation))
        corpus.append(zvtBytes("061e2e6c062b1f1605ff000014411f1720416262727563682064757263682065787465726e6573204b6f6d6d616e646f21"))
        return corpus
    }

    struct Outcome {
        var decodedMessages = 0
        var rejected = 0
        var streamAPDUs = 0
        var serialFrames = 0
    }

    @Test func decodersSurviveRandomAndMutatedInput() throws {
        let corpus = try Self.corpus()
        var generator = ZVTSeededGenerator(seed: 0x2A7_C0DE)
        var outcome = Outcome()
        for iteration in 0..<Self.iterations {
            let input: [UInt8]
            switch iteration % 4 {
            case 0, 1: input = Self.mutate(corpus[Int.random(in: 0..<corpus.count, using: &generator)], using: &generator)
            case 2: input = Self.structuredRandomAPDU(using: &generator)
            default: input = (0..<Int.random(in: 0...48, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            Self.checkMessageDecoding(input, &outcome)
            Self.checkStreamDecoding(input, chunk: Int.random(in: 1...8, using: &generator), &outcome)
            Self.checkSerialDecoding(input, includeUnframed: iteration % 8 == 0, &outcome)
        }
        // Both paths must have been exercised substantially, or the fuzzer is not testing anything.
        #expect(outcome.decodedMessages > Self.iterations / 20)
        #expect(outcome.rejected > Self.iterations / 20)
        #expect(outcome.streamAPDUs > Self.iterations / 20)
        #expect(outcome.serialFrames > Self.iterations / 20)
    }

    /// Decode → encode → decode → encode must reach a fixed point after one normalisation.
    static func checkMessageDecoding(_ input: [UInt8], _ outcome: inout Outcome) {
        do throws(ZVTCodecError) {
            let message = try ZVTMessage(bytes: input)
            outcome.decodedMessages += 1
            let once = try message.encoded()
            let twice = try ZVTMessage(bytes: once).encoded()
            if once != twice { Issue.record("re-encoding is not stable for input \(input)") }
        } catch {
            outcome.rejected += 1
            if error.description.isEmpty { Issue.record("error without a message for input \(input)") }
        }
    }

    static func checkStreamDecoding(_ input: [UInt8], chunk: Int, _ outcome: inout Outcome) {
        var decoder = ZVTAPDUStreamDecoder(maximumDataLength: 512)
        var start = 0
        do throws(ZVTCodecError) {
            while start < input.count {
                let end = min(start + chunk, input.count)
                decoder.append(input[start..<end])
                while let apdu = try decoder.next() {
                    outcome.streamAPDUs += 1
                    _ = try? ZVTMessage(apdu: apdu)
                }
                start = end
            }
            try decoder.finish()
        } catch {
            if error.description.isEmpty { Issue.record("error without a message for input \(input)") }
        }
    }

    /// Frames the input (so CRCs are right and APDU decoding is reached), then corrupts a copy; sometimes also
    /// feeds the raw bytes. (Raw garbage throws once per byte, and Swift Testing records a backtrace for every
    /// throw, so doing that on every iteration would only slow the suite down.)
    static func checkSerialDecoding(_ input: [UInt8], includeUnframed: Bool, _ outcome: inout Outcome) {
        let framed = ZVTSerialFrame.encode(apduBytes: input)
        var corrupted = framed
        if !corrupted.isEmpty { corrupted[input.count % corrupted.count] ^= 0x5A }
        for stream in includeUnframed ? [framed, corrupted, input] : [framed, corrupted] {
            var decoder = ZVTSerialFrameDecoder()
            decoder.append(stream)
            var steps = 0
            var firstError: ZVTCodecError?
            while steps <= stream.count {
                steps += 1
                do throws(ZVTCodecError) {
                    guard let event = try decoder.next() else { break }
                    if case .frame(let payload) = event {
                        outcome.serialFrames += 1
                        _ = try? ZVTMessage(bytes: payload)
                    }
                } catch {
                    // The serial decoder resynchronises, so one garbage stream yields many errors; rendering
                    // the first one's message is enough.
                    firstError = firstError ?? error
                }
            }
            if let firstError, firstError.description.isEmpty { Issue.record("error without a message for input \(stream)") }
        }
    }

    static func mutate(_ seed: [UInt8], using generator: inout ZVTSeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3: bytes = Array(bytes.prefix(position))
            case 4 where bytes.count > 3:
                // Keep the length field consistent so the mutation reaches the message parsers.
                bytes[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
                if bytes[2] != 0xFF { bytes[2] = UInt8(min(bytes.count - 3, 254)) }
            default:
                let from = min(position, bytes.count)
                bytes.replaceSubrange(from..<bytes.count, with: Array(bytes[from..<bytes.count].reversed()))
            }
        }
        return bytes
    }

    /// A well-framed APDU for a modelled command whose data is a run of random, mostly plausible BMPs.
    static func structuredRandomAPDU(using generator: inout ZVTSeededGenerator) -> [UInt8] {
        let commands: [ZVTCommandCode] = [
            .registration, .authorization, .statusEnquiry, .reversal, .endOfDay, .intermediateStatus,
            .statusInformation, .printLine, .printTextBlock, .completion, .terminalAbort, ZVTCommandCode(0x84, 0x9D),
        ]
        let bmps: [UInt8] = [0x01, 0x03, 0x04, 0x06, 0x0B, 0x0C, 0x0D, 0x0E, 0x19, 0x22, 0x23, 0x27, 0x29, 0x2A,
                             0x3C, 0x49, 0x60, 0x87, 0x8A, 0x8B, 0xAA, 0xF1, 0x07, 0x30]
        var data: [UInt8] = []
        if Bool.random(using: &generator) { data += [0x12, 0x34, 0x56] }
        for _ in 0..<Int.random(in: 0...5, using: &generator) {
            data.append(bmps[Int.random(in: 0..<bmps.count, using: &generator)])
            let length = Int.random(in: 0...12, using: &generator)
            if Bool.random(using: &generator) { data += [0xF0, 0xF0 | UInt8(length / 10), 0xF0 | UInt8(length % 10)].suffix(2) }
            data += (0..<length).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0...0x99, using: &generator) & 0x99
                                               : UInt8.random(in: 0...255, using: &generator)
            }
        }
        let command = commands[Int.random(in: 0..<commands.count, using: &generator)]
        return (try? ZVTAPDU(command, data: data).encoded()) ?? []
    }
}
