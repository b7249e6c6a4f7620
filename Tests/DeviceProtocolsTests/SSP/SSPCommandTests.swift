import Testing
@testable import DeviceProtocols

@Suite("SSP commands")
struct SSPCommandTests {
    @Test("commands encode to the protocols.md data bytes")
    func vectors() {
        #expect(SSPCommand.sync.encoded() == [0x11])
        #expect(SSPCommand.poll.encoded() == [0x07])
        #expect(SSPCommand.enable.encoded() == [0x0A])
        #expect(SSPCommand.disable.encoded() == [0x09])
        #expect(SSPCommand.hostProtocolVersion(6).encoded() == sspBytes("06 06"))
        #expect(SSPCommand.hostProtocolVersion(8).encoded() == sspBytes("06 08"))
        #expect(SSPCommand.setGenerator(0xFA13).encoded() == sspBytes("4A 13 FA 00 00 00 00 00 00"))
        #expect(SSPCommand.setChannelInhibits(enabledChannels: 0xFFFF).encoded() == sspBytes("02 FF FF"))
        #expect(SSPCommand.setChannelInhibits(enabledChannels: 0x007F).encoded() == sspBytes("02 7F 00"))
        #expect(SSPCommand.payoutAmount(.czk(50_000), .real).encoded() == sspBytes("33 50 C3 00 00 43 5A 4B 58"))
    }

    @Test("parameter layouts of the payout-flow commands (kybarg utils.js, ITL CPayout)")
    func payoutLayouts() {
        #expect(SSPCommand.payoutAmount(.czk(50_000), .test).encoded() == sspBytes("33 50 C3 00 00 43 5A 4B 19"))
        #expect(SSPCommand.setDenominationRoute(.cashbox, .czk(10_000)).encoded() == sspBytes("3B 01 10 27 00 00 43 5A 4B"))
        #expect(SSPCommand.setDenominationRoute(.payout, .czk(10_000)).encoded() == sspBytes("3B 00 10 27 00 00 43 5A 4B"))
        #expect(SSPCommand.getDenominationRoute(.czk(20_000)).encoded() == sspBytes("3C 20 4E 00 00 43 5A 4B"))
        #expect(SSPCommand.getDenominationLevel(.czk(20_000)).encoded() == sspBytes("35 20 4E 00 00 43 5A 4B"))
        #expect(SSPCommand.payoutByDenomination([SSPNoteCount(count: 3, amount: .czk(10_000))], .real).encoded()
            == sspBytes("46 01 03 00 10 27 00 00 43 5A 4B 58"))
        #expect(SSPCommand.requestKeyExchange(hostIntermediate: 0x0102_0304_0506_0708).encoded()
            == sspBytes("4C 08 07 06 05 04 03 02 01"))
        #expect(SSPCommand.enablePayoutDevice(options: nil).encoded() == [0x5C])
        #expect(SSPCommand.enablePayoutDevice(options: .noHoldNoteOnPayout).encoded() == [0x5C, 0x02])
        #expect(SSPCommand.smartEmpty.encoded() == [0x52])
        #expect(SSPCommand.emptyAll.encoded() == [0x3F])
        #expect(SSPCommand.hold.encoded() == [0x18])
        #expect(SSPCommand.rejectBanknote.encoded() == [0x08])
        #expect(SSPCommand.pollWithAck.encoded() == [0x56])
        #expect(SSPCommand.eventAck.encoded() == [0x57])
    }

    @Test("every command decodes back to itself", arguments: sspAllCommandSamples)
    func roundTrip(_ command: SSPCommand) throws {
        let data = command.encoded()
        #expect(data.first == command.code)
        #expect(try SSPCommand.decode(data) == command)
        // And it fits an SSP frame.
        #expect(throws: Never.self) { try SSPFrame(sequenceFlag: false, address: 0, data: data) }
    }

    @Test("the samples cover every command code, with protocols.md's numbering")
    func codes() {
        let expected: Set<UInt8> = [
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0C, 0x11, 0x17, 0x18, 0x20, 0x21, 0x22,
            0x33, 0x35, 0x38, 0x3B, 0x3C, 0x3F, 0x46, 0x4A, 0x4B, 0x4C, 0x52, 0x53, 0x56, 0x57, 0x5B, 0x5C, 0x60, 0x61,
        ]
        #expect(Set(sspAllCommandSamples.map(\.code)) == expected)
    }

    @Test("payout, route, empty, halt and fixed-key commands require encryption; polls do not")
    func encryptionRequirement() {
        let encrypted = sspAllCommandSamples.filter(\.requiresEncryption).map(\.code)
        #expect(Set(encrypted) == [0x33, 0x38, 0x3B, 0x3F, 0x46, 0x52, 0x60])
    }

    @Test("decode rejects empty, unknown, short, long and out-of-range input with typed errors")
    func decodeErrors() {
        #expect(throws: SSPDecodingError.truncated(field: "command code", needed: 1, available: 0)) {
            try SSPCommand.decode([])
        }
        #expect(throws: SSPDecodingError.unknownCode(what: "command", code: 0x99)) { try SSPCommand.decode([0x99]) }
        #expect(throws: SSPDecodingError.trailingBytes(what: "command 0x07 parameters", count: 1)) {
            try SSPCommand.decode([0x07, 0x00])
        }
        #expect(throws: SSPDecodingError.truncated(field: "HOST_PROTOCOL_VERSION version", needed: 1, available: 0)) {
            try SSPCommand.decode([0x06])
        }
        #expect(throws: SSPDecodingError.invalidField(field: "payout option", expected: "0x58 real or 0x19 test",
                                                       found: "0x00")) {
            try SSPCommand.decode(sspBytes("33 50 C3 00 00 43 5A 4B 00"))
        }
        #expect(throws: SSPDecodingError.invalidField(field: "SET_DENOMINATION_ROUTE route",
                                                       expected: "0x00 payout or 0x01 cashbox", found: "0x02")) {
            try SSPCommand.decode(sspBytes("3B 02 10 27 00 00 43 5A 4B"))
        }
        #expect(throws: SSPDecodingError.invalidField(field: "currency code", expected: "three ASCII capital letters",
                                                       found: "[63 7A 6B]")) {
            try SSPCommand.decode(sspBytes("35 10 27 00 00 63 7A 6B"))
        }
        #expect(throws: SSPDecodingError.truncated(field: "PAYOUT_BY_DENOMINATION quantity", needed: 2, available: 1)) {
            try SSPCommand.decode(sspBytes("46 02 01 00 10 27 00 00 43 5A 4B 58"))
        }
    }
}
