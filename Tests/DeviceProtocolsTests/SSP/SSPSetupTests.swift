import Testing
@testable import DeviceProtocols

@Suite("SSP SETUP_REQUEST")
struct SSPSetupTests {
    /// NV200 + SMART Payout, CZK dataset, protocol 8: six channels 100…5000 CZK, laid out by hand
    /// from GA138's table (value multiplier 0 = protocol-6 dataset, real value multiplier 100).
    static let czkPayload = sspBytes("""
        06 30 31 31 30 43 5A 4B 00 00 00 06
        00 00 00 00 00 00  00 00 00 00 00 00
        00 00 64 08
        43 5A 4B 43 5A 4B 43 5A 4B 43 5A 4B 43 5A 4B 43 5A 4B
        64 00 00 00 C8 00 00 00 F4 01 00 00 E8 03 00 00 D0 07 00 00 88 13 00 00
        """)

    @Test("parses the NV200 SMART Payout layout: unit, firmware, country, channels, multipliers, version")
    func parsesSmartPayout() throws {
        let setup = try SSPSetupInfo(payload: Self.czkPayload)
        #expect(setup.unitType == .smartPayout)
        #expect(setup.firmwareVersion == "0110")
        #expect(setup.countryCode == .czk)
        #expect(setup.valueMultiplier == 0)
        #expect(setup.realValueMultiplier == 100)
        #expect(setup.protocolVersion == 8)
        #expect(setup.channels.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(setup.channels.map(\.expandedValue) == [100, 200, 500, 1000, 2000, 5000])
        #expect(setup.channels.allSatisfy { $0.currency == .czk })
        #expect((1...6).map { setup.amount(ofChannel: $0)?.value } == [10_000, 20_000, 50_000, 100_000, 200_000, 500_000])
        #expect(setup.amount(ofChannel: 7) == nil)
        #expect(setup.amount(ofChannel: 0) == nil)
        #expect(setup.encoded() == Self.czkPayload)
    }

    @Test("protocol below 6 has no expanded part and no amounts")
    func parsesLegacyLayout() throws {
        let payload = sspBytes("00 30 33 30 30 45 55 52 00 00 01 03 05 0A 14 02 02 02 00 00 64 05")
        let setup = try SSPSetupInfo(payload: payload)
        #expect(setup.unitType == .validator)
        #expect(setup.protocolVersion == 5)
        #expect(setup.channels.map(\.legacyValue) == [5, 10, 20])
        #expect(setup.channels.allSatisfy { $0.currency == nil && $0.expandedValue == nil })
        #expect(setup.amount(ofChannel: 1) == nil)
        #expect(setup.encoded() == payload)
    }

    @Test("builds the simulator's reply and round-trips it")
    func buildsReply() throws {
        let channels = [10_000, 20_000].enumerated().map { index, value in
            SSPChannel(number: UInt8(index + 1), legacyValue: 0, security: 0, currency: .czk, expandedValue: UInt32(value / 100))
        }
        let setup = try SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "0420", countryCode: .czk, valueMultiplier: 0,
                                     channels: channels, realValueMultiplier: 100, protocolVersion: 7)
        #expect(try SSPSetupInfo(payload: setup.encoded()) == setup)
        #expect(throws: SSPDecodingError.self) {
            try SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "42", countryCode: .czk, valueMultiplier: 0,
                             channels: channels, realValueMultiplier: 100, protocolVersion: 7)
        }
        #expect(throws: SSPDecodingError.self) {
            try SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "0420", countryCode: .czk, valueMultiplier: 0,
                             channels: channels, realValueMultiplier: 100, protocolVersion: 5)
        }
        #expect(throws: SSPDecodingError.self) {
            try SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "0420", countryCode: .czk, valueMultiplier: 1 << 24,
                             channels: channels, realValueMultiplier: 100, protocolVersion: 7)
        }
    }

    @Test("truncated, over-long, SMART Hopper and overflowing replies are typed errors")
    func errors() {
        let payload = Self.czkPayload
        for cut in [0, 1, 5, 11, 12, 24, 28, payload.count - 1] {
            #expect(throws: SSPDecodingError.self) { try SSPSetupInfo(payload: Array(payload.prefix(cut))) }
        }
        #expect(throws: SSPDecodingError.trailingBytes(what: "SETUP_REQUEST reply", count: 1)) {
            try SSPSetupInfo(payload: payload + [0])
        }
        #expect(throws: SSPDecodingError.unsupported(
            what: "SETUP_REQUEST reply", reason: "SMART Hopper uses a different layout and is not handled by this codec")) {
            try SSPSetupInfo(payload: [0x03] + payload.dropFirst())
        }
        var overflow = payload
        overflow[24...26] = [0xFF, 0xFF, 0xFF]  // real value multiplier 16 777 215
        overflow[payload.count - 4] = 0xFF
        overflow[payload.count - 1] = 0xFF
        #expect(throws: SSPDecodingError.self) { try SSPSetupInfo(payload: overflow) }
    }
}
