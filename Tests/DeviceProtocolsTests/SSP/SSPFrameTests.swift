import Testing
@testable import DeviceProtocols

/// A wire vector from protocols.md §2.4 and the frame it is.
struct SSPWireVector: Sendable, CustomTestStringConvertible {
    let wire: String
    let sequenceFlag: Bool
    let address: UInt8
    let data: String
    let meaning: String
    var testDescription: String { meaning }
}

/// Every plaintext frame in protocols.md §2.4 ([V] and [C]).
let sspWireVectors: [SSPWireVector] = [
    .init(wire: "7F 80 01 11 65 82", sequenceFlag: true, address: 0, data: "11", meaning: "SYNC seq 1"),
    .init(wire: "7F 80 01 F0 23 80", sequenceFlag: true, address: 0, data: "F0", meaning: "OK seq 1"),
    .init(wire: "7F 00 01 11 66 08", sequenceFlag: false, address: 0, data: "11", meaning: "SYNC seq 0 (#39)"),
    .init(wire: "7F 00 01 F0 20 0A", sequenceFlag: false, address: 0, data: "F0", meaning: "OK seq 0 (#39)"),
    .init(wire: "7F 00 02 06 06 1B 94", sequenceFlag: false, address: 0, data: "06 06", meaning: "HOST_PROTOCOL_VERSION 6"),
    .init(wire: "7F 00 01 F4 3B 8A", sequenceFlag: false, address: 0, data: "F4", meaning: "PARAMETER_OUT_OF_RANGE"),
    .init(wire: "7F 80 02 06 08 03 94", sequenceFlag: true, address: 0, data: "06 08", meaning: "HOST_PROTOCOL_VERSION 8"),
    .init(wire: "7F 80 02 06 09 06 14", sequenceFlag: true, address: 0, data: "06 09", meaning: "HOST_PROTOCOL_VERSION 9"),
    .init(wire: "7F 80 01 F8 10 00", sequenceFlag: true, address: 0, data: "F8", meaning: "FAIL"),
    .init(wire: "7F 80 09 4A 13 FA 00 00 00 00 00 00 AF C2", sequenceFlag: true, address: 0,
          data: "4A 13 FA 00 00 00 00 00 00", meaning: "SET_GENERATOR 0xFA13"),
    .init(wire: "7F 00 01 07 11 88", sequenceFlag: false, address: 0, data: "07", meaning: "POLL seq 0"),
    .init(wire: "7F 80 01 07 12 02", sequenceFlag: true, address: 0, data: "07", meaning: "POLL seq 1"),
    .init(wire: "7F 00 01 0A 3C 08", sequenceFlag: false, address: 0, data: "0A", meaning: "ENABLE"),
    .init(wire: "7F 80 01 09 35 82", sequenceFlag: true, address: 0, data: "09", meaning: "DISABLE"),
    .init(wire: "7F 80 03 02 FF FF 25 A4", sequenceFlag: true, address: 0, data: "02 FF FF", meaning: "SET_INHIBITS all"),
    .init(wire: "7F 00 03 02 7F 7F 00 2D 9A", sequenceFlag: false, address: 0, data: "02 7F 00",
          meaning: "SET_INHIBITS 0x7F 0x00 (stuffed)"),
    .init(wire: "7F 80 03 F0 EF 01 CA 4A", sequenceFlag: true, address: 0, data: "F0 EF 01", meaning: "OK + READ ch1"),
    .init(wire: "7F 00 03 F0 EE 01 CA 70", sequenceFlag: false, address: 0, data: "F0 EE 01", meaning: "OK + CREDIT ch1"),
    .init(wire: "7F 90 01 11 26 03", sequenceFlag: true, address: 0x10, data: "11", meaning: "SYNC to SMART Hopper"),
    .init(wire: "7F 00 09 33 50 C3 00 00 43 5A 4B 58 F4 6D", sequenceFlag: false, address: 0,
          data: "33 50 C3 00 00 43 5A 4B 58", meaning: "PAYOUT_AMOUNT 500.00 CZK"),
]

@Suite("SSP frame encoding")
struct SSPFrameTests {
    @Test("encodes every protocols.md vector to the exact bytes", arguments: sspWireVectors)
    func encodesVector(_ vector: SSPWireVector) throws {
        let frame = try SSPFrame(sequenceFlag: vector.sequenceFlag, address: vector.address, data: sspBytes(vector.data))
        #expect(frame.encoded() == sspBytes(vector.wire))
    }

    @Test("decodes every protocols.md vector back to the frame", arguments: sspWireVectors)
    func decodesVector(_ vector: SSPWireVector) throws {
        var decoder = SSPFrameDecoder()
        let results = decoder.feed(sspBytes(vector.wire))
        #expect(results.count == 1)
        let frame = try #require(try results.first?.get())
        #expect(frame.sequenceFlag == vector.sequenceFlag)
        #expect(frame.address == vector.address)
        #expect(frame.data == sspBytes(vector.data))
        #expect(!decoder.isInsideFrame)
    }

    @Test("stuffs a 0x7F in the CRC as well as in the data")
    func stuffsCRC() throws {
        // Search for a one-byte payload whose CRC contains 0x7F, then check it is doubled.
        var found = false
        for byte in UInt8.min...UInt8.max {
            let frame = try SSPFrame(sequenceFlag: false, address: 0, data: [byte])
            let crc = frame.crc
            guard UInt8(truncatingIfNeeded: crc) == 0x7F || UInt8(truncatingIfNeeded: crc >> 8) == 0x7F,
                  byte != 0x7F else { continue }
            let wire = frame.encoded()
            #expect(wire.count == 7)  // STX SEQ LEN DATA + CRC with one byte doubled
            #expect(sspDecodeFrames(wire) == [frame])
            found = true
        }
        #expect(found)
    }

    @Test("refuses empty and over-long data and the 0x7F address")
    func refusesInvalidFrames() {
        #expect(throws: SSPFrameError.dataCountOutOfRange(0)) { try SSPFrame(sequenceFlag: true, address: 0, data: []) }
        #expect(throws: SSPFrameError.dataCountOutOfRange(256)) {
            try SSPFrame(sequenceFlag: true, address: 0, data: Array(repeating: 1, count: 256))
        }
        #expect(throws: SSPFrameError.addressOutOfRange(0x7F)) { try SSPFrame(sequenceFlag: false, address: 0x7F, data: [7]) }
        #expect(throws: SSPFrameError.addressOutOfRange(0x80)) { try SSPFrame(sequenceFlag: false, address: 0x80, data: [7]) }
    }

    @Test("a 255-byte payload of 0x7F round-trips (maximum stuffing)")
    func maximumStuffing() throws {
        let frame = try SSPFrame(sequenceFlag: true, address: 0x7E, data: Array(repeating: 0x7F, count: 255))
        let wire = frame.encoded()
        #expect(wire.count >= 1 + 2 + 510 + 2)
        #expect(sspDecodeFrames(wire) == [frame])
    }

    @Test("error messages say what was expected and what was found")
    func errorMessages() {
        #expect(SSPFrameError.addressOutOfRange(0x80).description == "SSP address: expected 0x00...0x7E, found 0x80")
        #expect(SSPFrameDecodingError.crcMismatch(computed: 0x8265, received: 0x0000).description
            == "SSP CRC: expected 0x8265, found 0x0000")
    }
}
