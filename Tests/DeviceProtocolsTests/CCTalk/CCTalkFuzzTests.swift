import Testing
@testable import DeviceProtocols

/// Seeded random and mutated input for every ccTalk decoder. Reaching the end proves nothing trapped;
/// the invariants checked along the way prove the decoders did not silently invent or lose bytes.
@Suite struct CCTalkFuzzTests {
    static let iterations = 100_000

    private static let commands: [CCTalkCommand] = [
        .simplePoll, .resetDevice, .requestPollingPriority, .requestManufacturerId, .requestEquipmentCategory,
        .requestSerialNumber, .performSelfCheck, .requestCoinAcceptorStatus, .requestInhibitStatus,
        .readBufferedCredit, .requestMasterInhibit, .requestCoinId(position: 1), .testHopper,
        .requestHopperStatus, .emergencyStop, .requestHopperDispenseCount,
        .requestPayoutHighLowStatus(hopperNumber: nil), .requestCipherKey, .addressPoll, .enableHopper(true),
    ]

    /// Valid frames to mutate: reference commands and plausible replies.
    private static func seedFrames(_ random: inout CCTalkFuzzRandom) -> [UInt8] {
        let frame: CCTalkFrame
        switch random.next() % 3 {
        case 0:
            frame = commands[Int(random.next() % UInt64(commands.count))].frame(to: 2 + random.byte() % 3)
        case 1:
            frame = CCTalkFrame(destination: 1, source: 2, header: 0, data: random.bytes(11))
        default:
            frame = CCTalkFrame(destination: random.byte(), source: random.byte(), header: random.byte(),
                                data: random.bytes(Int(random.next() % 16)))
        }
        return (try? frame.encoded(checksum: random.next() % 2 == 0 ? .simple8 : .crc16)) ?? []
    }

    static func mutate(_ input: [UInt8], _ random: inout CCTalkFuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...(random.next() % 3) {
            let index = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 6 {
            case 0 where !bytes.isEmpty: bytes[index] ^= 1 << UInt8(random.next() % 8)
            case 1 where !bytes.isEmpty: bytes[index] = random.byte()
            case 2: bytes.insert(random.byte(), at: index)
            case 3 where !bytes.isEmpty: bytes.remove(at: index)
            case 4: bytes = Array(bytes.prefix(index))
            default: bytes += bytes.prefix(index)
            }
        }
        return bytes
    }

    private static func input(_ random: inout CCTalkFuzzRandom) -> [UInt8] {
        switch random.next() % 3 {
        case 0: return random.bytes(Int(random.next() % 40))
        case 1: return mutate(seedFrames(&random), &random)
        default: return seedFrames(&random)
        }
    }

    @Test func frameDecoderAndMessageParsersNeverTrap() {
        var random = CCTalkFuzzRandom(seed: 0xCC7A_1C)
        var decoded = 0, reencodeMismatches = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.input(&random)
            for mode in [CCTalkChecksumMode.simple8, .crc16] {
                guard let frame = try? CCTalkFrame.decode(bytes, checksum: mode, impliedSource: 1) else { continue }
                decoded += 1
                if mode == .simple8, (try? frame.encoded(checksum: mode)) != bytes { reencodeMismatches += 1 }
                _ = try? CCTalkCommand(frame: frame)
                _ = try? CCTalkReply(frame: frame)
                _ = try? Self.commands[Int(random.next() % UInt64(Self.commands.count))].parseReply(frame)
                _ = try? CCTalkCommand.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: 1)).parseReply(frame)
            }
        }
        #expect(decoded > 10_000)
        #expect(reencodeMismatches == 0)
    }

    @Test func streamDecoderAccountsForEveryByte() {
        var random = CCTalkFuzzRandom(seed: 0x5EED)
        var decoder = CCTalkStreamDecoder(checksumMode: .simple8, stripsEcho: true)
        var fed = 0, accounted = 0, frames = 0
        for iteration in 0..<Self.iterations {
            if iteration % 7 == 0 { decoder.willSend(Self.seedFrames(&random)) }
            var chunk = Self.input(&random)
            fed += chunk.count
            while !chunk.isEmpty {
                let size = 1 + Int(random.next() % 8)
                for event in decoder.receive(chunk.prefix(size)) {
                    switch event {
                    case let .frame(frame): accounted += frame.data.count + 5; frames += 1
                    case let .echoRemoved(count): accounted += count
                    case let .discarded(bytes, _): accounted += bytes.count
                    case .echoMismatch: break
                    }
                }
                chunk.removeFirst(min(size, chunk.count))
            }
            if iteration % 50 == 0 { accounted += decoder.flushPartialInput().count }
        }
        #expect(fed == accounted + decoder.pendingByteCount)
        #expect(frames > 1000)
    }

    @Test func eventTrackerNeverTrapsOnArbitraryReplies() throws {
        var random = CCTalkFuzzRandom(seed: 229)
        var tracker = CCTalkEventTracker(lastCounter: 0)
        var newEvents = 0, oversizedBatches = 0
        for _ in 0..<Self.iterations {
            let reply = try CCTalkBufferedEvents(replyData: random.bytes(CCTalkBufferedEvents.replyLength))
            if case let .newEvents(events) = tracker.accept(reply) {
                newEvents += events.count
                if !(1...5).contains(events.count) { oversizedBatches += 1 }
            }
        }
        #expect(newEvents > 0)
        #expect(oversizedBatches == 0)
    }
}
