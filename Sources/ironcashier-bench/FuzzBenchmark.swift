import ArgumentParser
import DeviceProtocols
import TownCore

/// The long fuzz run: millions of random and mutated frames through every decoder. The test run does
/// 100 000 per codec; this one goes as far as you like. Finishing is the result — a decoder that traps
/// ends the process — and the counts show how much got past the framing into the parsers.
struct FuzzBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fuzz", abstract: "Random and mutated frames through every decoder.")

    @Option(help: "Inputs per codec.") var iterations = 1_000_000
    @Option(help: "Seed, so a failure can be replayed.") var seed: UInt64 = 0xF022

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive") }
    }

    func run() throws {
        for target in try FuzzTargets.all() {
            var random = SeededRandomNumberGenerator(seed: seed)
            var accepted = 0
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for _ in 0..<iterations where target.feed(Mutator.input(from: target.corpus, using: &random)) { accepted += 1 }
            }
            let seconds = Report.microseconds(elapsed) / 1_000_000
            Report.line("\(target.name)_fuzz_inputs", Double(iterations), decimals: 0)
            Report.line("\(target.name)_fuzz_accepted", Double(accepted), decimals: 0)
            Report.line("\(target.name)_fuzz_inputs_per_s", Double(iterations) / seconds, decimals: 0)
        }
    }
}

/// Makes fuzz inputs: random bytes, or a valid frame with bits flipped, bytes cut, inserted or repeated,
/// or two frames run together — the damage a serial line and a buggy device actually do.
enum Mutator {
    static func input(from corpus: [[UInt8]], using random: inout SeededRandomNumberGenerator) -> [UInt8] {
        guard var bytes = corpus.randomElement(using: &random), random.next() % 8 != 0 else {
            return random.bytes(Int(random.next() % 64))
        }
        for _ in 0...Int(random.next() % 3) {
            guard !bytes.isEmpty else { break }
            let at = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 6 {
            case 0: bytes[at] ^= UInt8(1) << (random.next() % 8)
            case 1: bytes.removeSubrange(at...)
            case 2: bytes.insert(random.byte(), at: at)
            case 3: bytes.remove(at: at)
            case 4: bytes.insert(contentsOf: bytes[at...].prefix(8), at: at)
            default: bytes += corpus.randomElement(using: &random) ?? []
            }
        }
        return bytes
    }
}

/// One decoder and frames it should accept.
struct FuzzTarget {
    let name: String
    let corpus: [[UInt8]]
    /// True when the input decoded to something; false when it was refused with a typed error.
    let feed: ([UInt8]) -> Bool
}

enum FuzzTargets {
    static func all() throws -> [FuzzTarget] {
        [try ssp(), try sspEvents(), try ccTalk(), escpos(), try zvt()]
    }

    static func ssp() throws -> FuzzTarget {
        let corpus = try [[0x11], [0x07], [0x05], [0x33, 0x10, 0x27, 0x00, 0x00, 0x43, 0x5A, 0x4B, 0x58], [0x7F, 0x7F]].map {
            try SSPFrame(sequenceFlag: true, address: 0, data: $0).encoded()
        }
        return FuzzTarget(name: "ssp", corpus: corpus) { bytes in
            var decoder = SSPFrameDecoder()
            return decoder.feed(bytes).contains { if case .success = $0 { true } else { false } }
        }
    }

    static func sspEvents() throws -> FuzzTarget {
        let context = try SSPPollContext(protocolVersion: 8)
        let corpus: [[UInt8]] = [[0xF0, 0xEF, 0x01, 0xEE, 0x01], [0xF0, 0xCC, 0xEB], [0xF0, 0xE8], [0xF0]]
        return FuzzTarget(name: "ssp_events", corpus: corpus) { bytes in
            (try? SSPPollEvent.decodeAll(bytes, context: context)) != nil
        }
    }

    static func ccTalk() throws -> FuzzTarget {
        let corpus = try [
            CCTalkFrame(destination: 2, source: 1, header: 229),
            CCTalkFrame(destination: 1, source: 2, header: 0, data: [7, 3, 0, 2, 0, 1, 0, 0, 0, 0, 0]),
            CCTalkFrame(destination: 3, source: 1, header: 167, data: [5]),
        ].map { try $0.encoded(checksum: .simple8) }
        return FuzzTarget(name: "cctalk", corpus: corpus) { bytes in
            var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: false)
            let events = decoder.receive(bytes)
            _ = decoder.flushPartialInput()
            return events.contains { if case .frame = $0 { true } else { false } }
        }
    }

    static func escpos() -> FuzzTarget {
        var builder = ESCPOSReceiptBuilder()
        builder.initialize()
        builder.line("Příliš žluťoučký kůň")
        try? builder.qrCode("SPD*1.0*ACC:CZ6508000000192000145399*AM:1.00")
        builder.cut()
        let decoder = ESCPOSDecoder()
        return FuzzTarget(name: "escpos", corpus: [builder.bytes, [0x10, 0x04, 0x04], [0x1B, 0x40]]) { bytes in
            (try? decoder.decode(bytes)) != nil
        }
    }

    static func zvt() throws -> FuzzTarget {
        let corpus = try [
            ZVTMessage.authorization(ZVTAuthorization(amount: 123_400, currency: .czk)),
            ZVTMessage.statusEnquiry(ZVTStatusEnquiry(password: .zero)),
            ZVTMessage.acknowledgement(.positive),
        ].map { try $0.encoded() }
        return FuzzTarget(name: "zvt", corpus: corpus) { bytes in
            var decoder = ZVTAPDUStreamDecoder()
            decoder.append(bytes)
            guard let apdu = try? decoder.next() else { return false }
            return (try? ZVTMessage(apdu: apdu)) != nil
        }
    }
}
