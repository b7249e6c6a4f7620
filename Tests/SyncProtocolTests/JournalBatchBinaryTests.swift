import SyncProtocol
import Testing

@Suite struct JournalBatchBinaryTests {
    static func record(_ sequence: Int64, type: String = "payment.started", payload: String = #"{"amount":10000}"#) -> WireRecord {
        WireRecord(sequence: sequence, recordedAt: 1_767_225_600_000 + sequence, type: type, payload: Array(payload.utf8),
                   previousHash: [UInt8](repeating: UInt8(truncatingIfNeeded: sequence), count: 32),
                   hash: [UInt8](repeating: UInt8(truncatingIfNeeded: sequence + 1), count: 32))
    }

    static let push = JournalPush(kiosk: "K01", records: [record(1), record(2, type: "cash.note_credited", payload: ""), record(3)])

    static func failure(_ bytes: [UInt8]) -> WireDecodingError? {
        do {
            _ = try JournalBatchBinary.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func aBatchSurvivesTheRoundTripByteForByte() throws {
        let decoded = try JournalBatchBinary.decode(JournalBatchBinary.encode(Self.push))
        #expect(decoded == Self.push)
    }

    @Test func theLayoutIsTheDocumentedOne() {
        let one = JournalPush(kiosk: "K01", records: [WireRecord(sequence: 258, recordedAt: 1, type: "t", payload: [0x7B, 0x7D],
                                                                 previousHash: [UInt8](repeating: 0xAA, count: 32),
                                                                 hash: [UInt8](repeating: 0xBB, count: 32))])
        let expected: [UInt8] = Array("ICJB".utf8) + [1, 3] + Array("K01".utf8) + [0, 0, 0, 1]
            + [0, 0, 0, 0, 0, 0, 1, 2] + [0, 0, 0, 0, 0, 0, 0, 1] + [1, 0x74] + [0, 0, 0, 2, 0x7B, 0x7D]
            + [UInt8](repeating: 0xAA, count: 32) + [UInt8](repeating: 0xBB, count: 32)
        #expect(JournalBatchBinary.encode(one) == expected)
    }

    @Test func anEmptyBatchIsValid() throws {
        let empty = JournalPush(kiosk: "K01", records: [])
        #expect(try JournalBatchBinary.decode(JournalBatchBinary.encode(empty)) == empty)
    }

    @Test func everyTruncationIsAnErrorThatNamesTheField() {
        let bytes = JournalBatchBinary.encode(Self.push)
        for length in 0..<bytes.count {
            let error = Self.failure(Array(bytes.prefix(length)))
            #expect(error != nil, "a body cut at \(length) of \(bytes.count) bytes was accepted")
        }
        #expect(Self.failure(Array(bytes.prefix(bytes.count - 40)))?.path == "records[2].previous_hash")
        #expect(Self.failure(Array(bytes.prefix(bytes.count - 1)))?.message.contains("expected 32 more bytes") == true)
    }

    @Test func trailingBytesAreRefused() {
        let error = Self.failure(JournalBatchBinary.encode(Self.push) + [0])
        #expect(error?.message == "expected the body to end after 3 records, found 1 more bytes")
    }

    @Test func aForeignBodyOrVersionIsRefused() {
        #expect(Self.failure(Array(#"{"kiosk":"K01","records":[]}"#.utf8))?.message.contains("ICJB") == true)
        var bytes = JournalBatchBinary.encode(Self.push)
        bytes[4] = 2
        #expect(Self.failure(bytes)?.message == "expected version 1, found 2")
    }

    @Test func fieldsOutsideTheirRangeAreRefused() {
        let header: [UInt8] = Array("ICJB".utf8) + [1, 3] + Array("K01".utf8)
        #expect(Self.failure(header + [0, 0, 0x07, 0xD1])?.message == "expected at most 2000 records, found 2001")

        let zeroSequence = JournalPush(kiosk: "K01", records: [WireRecord(sequence: 0, recordedAt: 0, type: "t", payload: [],
                                                                          previousHash: [UInt8](repeating: 0, count: 32),
                                                                          hash: [UInt8](repeating: 0, count: 32))])
        #expect(Self.failure(JournalBatchBinary.encode(zeroSequence))?.path == "records[0].sequence")

        var badType = JournalBatchBinary.encode(Self.push)
        let typeStart = header.count + 4 + 16 + 1
        badType[typeStart] = 0xFF
        #expect(Self.failure(badType)?.message == "expected UTF-8 text, found invalid bytes")

        var emptyType = JournalBatchBinary.encode(Self.push)
        emptyType[typeStart - 1] = 0
        #expect(Self.failure(emptyType)?.message == "expected a record type of 1–64 bytes, found 0")

        let hugePayload = header + [0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 1] + [1, 0x74] + [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(Self.failure(hugePayload)?.path == "records[0].payload")
    }

    @Test func damagedBodiesNeverTrapAndWhatDecodesIsCanonical() {
        var generator = SystemRandomNumberGenerator()
        let valid = JournalBatchBinary.encode(Self.push)
        var decoded = 0
        for _ in 0..<2_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            // A flipped payload or hash byte still decodes (the server's hash check catches it); whatever decodes
            // must encode back to exactly the bytes received, so nothing is silently reinterpreted.
            if let push = try? JournalBatchBinary.decode(bytes) {
                decoded += 1
                #expect(JournalBatchBinary.encode(push) == bytes)
            }
        }
        #expect(decoded < 2_000)
    }
}
