import Testing
@testable import DeviceProtocols

@Suite("SSP generic responses and reply payloads")
struct SSPResponseTests {
    @Test("every generic response code parses, and encodes back", arguments: SSPResponseStatus.allCases)
    func genericResponses(_ status: SSPResponseStatus) throws {
        let response = try SSPResponse(data: [status.rawValue])
        #expect(response.status == status)
        #expect(response.payload.isEmpty)
        #expect(response.encoded() == [status.rawValue])
    }

    @Test("the generic response codes are those of protocols.md §2.5")
    func codes() {
        #expect(SSPResponseStatus.allCases.map(\.rawValue) == [0xF0, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF8, 0xFA])
    }

    @Test("COMMAND_CANNOT_BE_PROCESSED keeps its reason byte (03 = busy)")
    func cannotProcessReason() throws {
        let response = try SSPResponse(data: [0xF5, 0x03])
        #expect(response.status == .commandCannotBeProcessed)
        #expect(response.cannotProcessReason == 0x03)
        #expect(try SSPResponse(data: [0xF0, 0x03]).cannotProcessReason == nil)
    }

    @Test("empty data and unknown status bytes are typed errors")
    func responseErrors() {
        #expect(throws: SSPDecodingError.truncated(field: "response status", needed: 1, available: 0)) {
            try SSPResponse(data: [])
        }
        #expect(throws: SSPDecodingError.unknownCode(what: "response status", code: 0xF1)) {
            try SSPResponse(data: [0xF1])
        }
        #expect(throws: SSPDecodingError.invalidField(field: "GET_ALL_LEVELS reply status", expected: "OK (0xF0)",
                                                       found: "KEY_NOT_SET (0xFA)")) {
            try SSPResponse(data: [0xFA]).okPayload(for: "GET_ALL_LEVELS")
        }
    }

    @Test("GET_ALL_LEVELS: count, then level(2 LE) value(4 LE) currency")
    func levels() throws {
        let payload = sspBytes("02 05 00 10 27 00 00 43 5A 4B 00 00 50 C3 00 00 43 5A 4B")
        let levels = try SSPReply.decodeLevels(payload)
        #expect(levels == [SSPLevel(count: 5, amount: sspCZK100), SSPLevel(count: 0, amount: sspCZK500)])
        #expect(SSPReply.encodeLevels(levels) == payload)
        #expect(try SSPReply.decodeLevels([0x00]) == [])
        #expect(throws: SSPDecodingError.truncated(field: "GET_ALL_LEVELS value", needed: 4, available: 2)) {
            try SSPReply.decodeLevels(sspBytes("01 05 00 10 27"))
        }
        #expect(throws: SSPDecodingError.trailingBytes(what: "GET_ALL_LEVELS reply", count: 1)) {
            try SSPReply.decodeLevels(sspBytes("00 00"))
        }
    }

    @Test("CASHBOX_PAYOUT_OPERATION_DATA with and without the trailing unrecognised count")
    func cashboxPayoutData() throws {
        let moved = [SSPLevel(count: 2, amount: sspCZK100)]
        let bare = sspBytes("01 02 00 10 27 00 00 43 5A 4B")
        #expect(try SSPReply.decodeCashboxPayoutData(bare) == SSPCashboxPayoutData(moved: moved, unrecognisedCount: nil))
        let withCount = bare + sspBytes("03 00 00 00")
        let decoded = try SSPReply.decodeCashboxPayoutData(withCount)
        #expect(decoded == SSPCashboxPayoutData(moved: moved, unrecognisedCount: 3))
        #expect(SSPReply.encodeCashboxPayoutData(decoded) == withCount)
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeCashboxPayoutData(bare + [0x01]) }
    }

    @Test("key exchange, serial (big-endian), route, level, text and reject code replies")
    func smallReplies() throws {
        let slave = sspBytes("88 77 66 55 44 33 22 11")
        #expect(try SSPReply.decodeSlaveIntermediate(slave) == 0x1122_3344_5566_7788)
        #expect(SSPReply.encodeSlaveIntermediate(0x1122_3344_5566_7788) == slave)
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeSlaveIntermediate(Array(slave.prefix(7))) }

        #expect(try SSPReply.decodeSerialNumber(sspBytes("00 BC 61 4E")) == 12_345_678)
        #expect(SSPReply.encodeSerialNumber(12_345_678) == sspBytes("00 BC 61 4E"))

        #expect(try SSPReply.decodeRoute([0x00]) == .payout)
        #expect(try SSPReply.decodeRoute([0x01]) == .cashbox)
        #expect(SSPReply.encodeRoute(.cashbox) == [0x01])
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeRoute([0x02]) }

        #expect(try SSPReply.decodeDenominationLevel(sspBytes("2C 01")) == 300)
        #expect(SSPReply.encodeDenominationLevel(300) == sspBytes("2C 01"))
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeDenominationLevel([0x01]) }

        #expect(try SSPReply.decodeText(Array("NV02004141498000".utf8), field: "firmware") == "NV02004141498000")
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeText([0x41, 0x00], field: "firmware") }
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeText([], field: "firmware") }

        #expect(try SSPReply.decodeRejectCode([0x13]) == 0x13)
        #expect(throws: SSPDecodingError.self) { try SSPReply.decodeRejectCode([]) }
    }
}
