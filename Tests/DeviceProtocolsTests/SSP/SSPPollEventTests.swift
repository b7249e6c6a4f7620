import Testing
@testable import DeviceProtocols

/// One sample of every event, valid in a SMART Payout context at protocol 8.
let sspPayoutEventSamples: [SSPPollEvent] = {
    let two = [sspCZK100, SSPAmount(value: 500, currency: .eur)]
    return [
        .slaveReset, .read(channel: 0), .read(channel: 3), .credit(channel: 3), .rejecting, .rejected, .stacking,
        .stacked, .safeJam, .unsafeJam, .disabled, .stackerFull, .payoutFraudAttempt([sspCZK100]), .cashboxRemoved,
        .cashboxReplaced, .noteClearedFromFront(channel: 2), .noteClearedIntoCashbox(channel: 0), .notePathOpen,
        .noteStoredInPayout, .dispensing([sspCZK100]), .dispensed(two), .jammed([]), .halted([sspCZK500]),
        .floating([sspCZK100]), .floated([sspCZK100]), .timeout([sspCZK500]), .cashboxPaid([sspCZK100]),
        .incompletePayout([SSPPartialAmount(paid: 10_000, requested: 50_000, currency: .czk)]),
        .incompleteFloat([SSPPartialAmount(paid: 0, requested: 20_000, currency: .czk)]),
        .noteTransferredToStacker(sspCZK100), .notePaidIntoStackerAtPowerUp(sspCZK100),
        .notePaidIntoStoreAtPowerUp(sspCZK500), .noteDispensedAtPowerUp(sspCZK100), .noteHeldInBezel(sspCZK500),
        .emptying, .emptied, .smartEmptying([sspCZK100]), .smartEmptied(two), .payoutOutOfService, .jamRecovery,
        .errorDuringPayout(amounts: [sspCZK100], cause: 0x01), .channelDisable, .initialising,
        .coinCredit(SSPAmount(value: 2_000, currency: .czk)), .coinMechError(0x02), .coinMechJammed,
        .coinMechReturnPressed,
    ]
}()

@Suite("SSP poll events")
struct SSPPollEventTests {
    private static let payout8 = try! SSPPollContext(protocolVersion: 8, unitType: .smartPayout)

    @Test("protocols.md poll replies: OK + READ ch1, OK + CREDIT ch1, OK + PAYOUT_OUT_OF_SERVICE")
    func vectors() throws {
        for (wire, event) in [("7F 80 03 F0 EF 01 CA 4A", SSPPollEvent.read(channel: 1)),
                              ("7F 00 03 F0 EE 01 CA 70", .credit(channel: 1))] {
            let frame = try #require(sspDecodeFrames(sspBytes(wire)).first)
            let response = try SSPResponse(data: frame.data)
            #expect(try SSPPollEvent.decodeAll(response.okPayload(for: "POLL"), context: Self.payout8) == [event])
        }
        #expect(try SSPPollEvent.decodeAll([0xC6], context: Self.payout8) == [.payoutOutOfService])
    }

    @Test("every event round-trips at protocol 8 (SMART Payout)", arguments: sspPayoutEventSamples)
    func roundTrip(_ event: SSPPollEvent) throws {
        let bytes = try event.encoded(context: Self.payout8)
        #expect(bytes.first == event.code)
        #expect(try SSPPollEvent.decodeAll(bytes, context: Self.payout8) == [event])
    }

    @Test("all events in one reply decode in order and re-encode to the same bytes")
    func wholeReply() throws {
        let payload = try SSPPollEvent.encodeAll(sspPayoutEventSamples, context: Self.payout8)
        let decoded = try SSPPollEvent.decodeAll(payload, context: Self.payout8)
        #expect(decoded == sspPayoutEventSamples)
        #expect(try SSPPollEvent.encodeAll(decoded, context: Self.payout8) == payload)
    }

    @Test("hand-laid payout layouts: count-prefixed 7-byte and 11-byte blocks")
    func payoutLayouts() throws {
        #expect(try SSPPollEvent.decodeAll(sspBytes("D2 01 50 C3 00 00 43 5A 4B"), context: Self.payout8)
            == [.dispensed([sspCZK500])])
        #expect(try SSPPollEvent.decodeAll(sspBytes("DC 01 10 27 00 00 50 C3 00 00 43 5A 4B"), context: Self.payout8)
            == [.incompletePayout([SSPPartialAmount(paid: 10_000, requested: 50_000, currency: .czk)])])
        #expect(try SSPPollEvent.decodeAll(sspBytes("B1 01 10 27 00 00 43 5A 4B 00"), context: Self.payout8)
            == [.errorDuringPayout(amounts: [sspCZK100], cause: 0)])
        #expect(try SSPPollEvent.decodeAll(sspBytes("F1 E8 EF 00"), context: Self.payout8)
            == [.slaveReset, .disabled, .read(channel: 0)])
    }

    @Test("layouts that depend on protocol version and unit type")
    func contextDependence() throws {
        let payout6 = try SSPPollContext(protocolVersion: 6)
        let payout7 = try SSPPollContext(protocolVersion: 7)
        let validator = try SSPPollContext(protocolVersion: 8, unitType: .validator)
        #expect(try SSPPollEvent.decodeAll([0xB1, 0x01], context: payout6) == [.errorDuringPayout(amounts: [], cause: 1)])
        #expect(try SSPPollEvent.decodeAll([0xE6, 0x04], context: validator) == [.fraudAttempt(channel: 4)])
        #expect(try SSPPollEvent.decodeAll(sspBytes("E6 01 10 27 00 00 43 5A 4B"), context: Self.payout8)
            == [.payoutFraudAttempt([sspCZK100])])
        #expect(try SSPPollEvent.fraudAttempt(channel: 4).encoded(context: validator) == [0xE6, 0x04])
        #expect(throws: SSPPollEncodingError.self) { try SSPPollEvent.fraudAttempt(channel: 4).encoded(context: Self.payout8) }
        #expect(throws: SSPPollEncodingError.self) { try SSPPollEvent.payoutFraudAttempt([]).encoded(context: validator) }
        #expect(throws: SSPPollEncodingError.self) {
            try SSPPollEvent.errorDuringPayout(amounts: [sspCZK100], cause: 0).encoded(context: payout6)
        }
        #expect(throws: SSPPollEncodingError.self) { try SSPPollEvent.noteHeldInBezel(sspCZK100).encoded(context: payout7) }
        for code: UInt8 in [0xCA, 0xCB, 0xCE] {
            #expect(throws: SSPPollDecodingError(
                reason: .unsupported(what: "poll event 0x\(sspHex(code)) at protocol 7",
                                     reason: "its data size is only documented from protocol 8"),
                offset: 1, decodedBefore: [.disabled])) {
                try SSPPollEvent.decodeAll([0xE8, code] + sspBytes("10 27 00 00 43 5A 4B"), context: payout7)
            }
        }
    }

    @Test("only protocol versions 6...8 have a context")
    func supportedVersions() {
        for version: UInt8 in [0, 5, 9, 255] {
            #expect(throws: SSPDecodingError.self) { try SSPPollContext(protocolVersion: version) }
        }
    }

    @Test("an unknown code stops decoding with the events before it")
    func unknownCode() {
        #expect(throws: SSPPollDecodingError(reason: .unknownCode(what: "poll event", code: 0x42), offset: 2,
                                             decodedBefore: [.credit(channel: 1)])) {
            try SSPPollEvent.decodeAll(sspBytes("EE 01 42 EB"), context: Self.payout8)
        }
    }

    @Test("a NOTE_STORED_IN_PAYOUT followed by value+currency is caught, not mis-parsed (CZK note values)")
    func misalignedStoredNote() {
        for value: UInt32 in [10_000, 20_000, 50_000, 100_000, 200_000, 500_000] {
            var payload: [UInt8] = [0xDB]
            SSPAmount.czk(value).append(to: &payload)
            #expect(throws: SSPPollDecodingError.self) { try SSPPollEvent.decodeAll(payload, context: Self.payout8) }
        }
    }

    @Test("truncated data and bad currency codes are typed errors")
    func truncated() throws {
        #expect(throws: SSPPollDecodingError(reason: .truncated(field: "poll event 0xEF channel", needed: 1, available: 0),
                                             offset: 0, decodedBefore: [])) {
            try SSPPollEvent.decodeAll([0xEF], context: Self.payout8)
        }
        #expect(throws: SSPPollDecodingError.self) {
            try SSPPollEvent.decodeAll(sspBytes("DA 02 10 27 00 00 43 5A 4B"), context: Self.payout8)
        }
        #expect(throws: SSPPollDecodingError(
            reason: .invalidField(field: "currency code", expected: "three ASCII capital letters", found: "[00 00 00]"),
            offset: 0, decodedBefore: [])) {
            try SSPPollEvent.decodeAll(sspBytes("C9 10 27 00 00 00 00 00"), context: Self.payout8)
        }
        #expect(try SSPPollEvent.decodeAll([], context: Self.payout8) == [])
    }
}
