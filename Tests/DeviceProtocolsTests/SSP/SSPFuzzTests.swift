import Testing
@testable import DeviceProtocols

/// Seeded fuzzing: random and mutated input must never trap, must only produce typed errors,
/// and whatever is accepted must re-encode to exactly the bytes it came from.
@Suite("SSP fuzz")
struct SSPFuzzTests {
    /// Bytes with 0x7F (STX) over-represented, so stuffing and resync paths are hit often.
    private static func noisyBytes(_ count: Int, _ rng: inout SSPSeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...3, using: &rng) == 0 ? 0x7F : UInt8.random(in: 0...255, using: &rng) }
    }

    private static func mutate(_ bytes: [UInt8], _ rng: inout SSPSeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let index = out.isEmpty ? 0 : Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !out.isEmpty: out[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            case 1 where !out.isEmpty: out.remove(at: index)
            case 2: out.insert(UInt8.random(in: 0...255, using: &rng), at: index)
            case 3: out.insert(0x7F, at: index)
            case 4: out = Array(out.prefix(index))
            default: if !out.isEmpty { out[index] = UInt8.random(in: 0...255, using: &rng) }
            }
        }
        return out
    }

    @Test("frame decoder: 120 000 random and mutated frames, chunked at random")
    func frameDecoder() throws {
        var rng = SSPSeededGenerator(seed: 0x5350_5F46_5241_4D45)
        let sentinel = try SSPFrame(sequenceFlag: true, address: 0, data: [0xF0, 0x7F, 0xEE, 0x01])
        var decoder = SSPFrameDecoder()
        var seen: Set<String> = []
        var decodedFrames = 0

        for round in 0..<120_000 {
            let input: [UInt8]
            if round % 2 == 0 {
                input = Self.noisyBytes(Int.random(in: 0...48, using: &rng), &rng)
            } else {
                let data = Self.noisyBytes(Int.random(in: 1...40, using: &rng), &rng)
                let frame = try SSPFrame(sequenceFlag: Bool.random(using: &rng),
                                         address: UInt8.random(in: 0...0x7E, using: &rng), data: data)
                input = Self.mutate(frame.encoded(), &rng)
            }
            var results: [Result<SSPFrame, SSPFrameDecodingError>] = []
            var start = 0
            while start < input.count {
                let end = min(input.count, start + Int.random(in: 1...9, using: &rng))
                results += decoder.feed(input[start..<end])
                start = end
            }
            for result in results {
                switch result {
                case .success(let frame):
                    decodedFrames += 1
                    // Accepted frames are real frames: they re-encode and re-decode to themselves.
                    #expect(sspDecodeFrames(frame.encoded()) == [frame])
                case .failure(let error):
                    seen.insert(String(describing: error).prefix(12).description)
                }
            }
            // After the driver's inter-byte timeout the decoder is clean and resynchronises.
            _ = decoder.abandonPartialFrame()
            #expect(decoder.feed(sentinel.encoded()) == [.success(sentinel)])
        }
        #expect(decodedFrames > 0)
        #expect(seen.count >= 4)  // noise, truncation, CRC and length errors all exercised
    }

    @Test("poll event parser: 100 000 random and mutated payloads in every context")
    func pollEvents() throws {
        var rng = SSPSeededGenerator(seed: 0x4556_454E_5453)
        let contexts = try [6, 7, 8].flatMap { version in
            try [SSPUnitType.smartPayout, .validator].map { try SSPPollContext(protocolVersion: UInt8(version), unitType: $0) }
        }
        var accepted = 0
        for round in 0..<100_000 {
            let context = contexts[round % contexts.count]
            var payload: [UInt8]
            if round % 2 == 0 {
                payload = Self.noisyBytes(Int.random(in: 0...40, using: &rng), &rng)
            } else {
                payload = []
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let event = sspPayoutEventSamples[Int.random(in: 0..<sspPayoutEventSamples.count, using: &rng)]
                    payload += (try? event.encoded(context: context)) ?? []
                }
                if Bool.random(using: &rng) { payload = Self.mutate(payload, &rng) }
            }
            let decoded = Result { () throws(SSPPollDecodingError) in try SSPPollEvent.decodeAll(payload, context: context) }
            switch decoded {
            case .success(let events):
                accepted += 1
                #expect(try SSPPollEvent.encodeAll(events, context: context) == payload)
            case .failure(let error):
                // The events reported before the failure are exactly the bytes before it.
                #expect(error.offset <= payload.count)
                #expect(try SSPPollEvent.encodeAll(error.decodedBefore, context: context) == Array(payload.prefix(error.offset)))
            }
        }
        #expect(accepted > 10_000)
    }

    @Test("commands, responses, setup and eSSP packets: 60 000 random inputs")
    func otherDecoders() throws {
        var rng = SSPSeededGenerator(seed: 0x434F_4D4D_414E_44)
        let key = ESSPKey(negotiatedKey: 0x1122_3344_5566_7788)
        var commandsAccepted = 0
        for round in 0..<60_000 {
            let base: [UInt8]
            switch round % 4 {
            case 0: base = sspAllCommandSamples[Int.random(in: 0..<sspAllCommandSamples.count, using: &rng)].encoded()
            case 1: base = SSPSetupTests.czkPayload
            case 2: base = try ESSPCipher.seal(Self.noisyBytes(Int.random(in: 1...20, using: &rng), &rng),
                                               count: 0, key: key) { Self.noisyBytes($0, &rng) }
            default: base = Self.noisyBytes(Int.random(in: 0...30, using: &rng), &rng)
            }
            let input = Bool.random(using: &rng) ? Self.mutate(base, &rng) : base

            if let command = try? SSPCommand.decode(input) {
                commandsAccepted += 1
                #expect(command.encoded() == input)
            }
            if let response = try? SSPResponse(data: input) { #expect(response.encoded() == input) }
            if let setup = try? SSPSetupInfo(payload: input) { #expect(setup.encoded() == input) }
            if let levels = try? SSPReply.decodeLevels(input) { #expect(SSPReply.encodeLevels(levels) == input) }
            if let opened = try? ESSPCipher.open(input, key: key) {
                #expect((1...ESSPCipher.maximumDataCount).contains(opened.data.count))
            }
        }
        #expect(commandsAccepted > 5_000)
    }
}
