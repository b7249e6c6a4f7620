/// A POLL reply that could not be read completely.
///
/// SSP events carry no length, so an unknown code (or a payload whose size is undocumented)
/// makes everything after it unreadable: decoding stops there instead of guessing. The events
/// before `offset` are in `decodedBefore`; a driver must treat the reply as suspect (an earlier
/// event may itself have been mis-sized), log it, and prefer POLL_WITH_ACK so events repeat.
public struct SSPPollDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: SSPDecodingError
    /// Offset in the payload (after the 0xF0 status byte) of the event that failed.
    public let offset: Int
    public let decodedBefore: [SSPPollEvent]

    public var description: String { "\(reason) (poll event at offset \(offset), \(decodedBefore.count) decoded before)" }
}

/// An event that cannot be written in the given context's layout.
public struct SSPPollEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public let event: SSPPollEvent
    public let reason: String
    public var description: String { "SSP poll event 0x\(sspHex(event.code)) cannot be encoded: \(reason)" }
}

extension SSPPollEvent {
    /// Decodes every event in a POLL reply payload (the bytes after the 0xF0 status byte).
    /// Succeeds only if the whole payload is consumed exactly; for any accepted payload,
    /// `encodeAll` of the result gives back the same bytes.
    public static func decodeAll(_ payload: [UInt8], context: SSPPollContext) throws(SSPPollDecodingError) -> [SSPPollEvent] {
        var reader = SSPByteReader(payload)
        var events: [SSPPollEvent] = []
        while !reader.isAtEnd {
            let start = reader.offset
            do throws(SSPDecodingError) {
                events.append(try decodeOne(&reader, context: context))
            } catch {
                throw SSPPollDecodingError(reason: error, offset: start, decodedBefore: events)
            }
        }
        return events
    }

    public static func encodeAll(_ events: [SSPPollEvent], context: SSPPollContext) throws(SSPPollEncodingError) -> [UInt8] {
        var bytes: [UInt8] = []
        for event in events { bytes.append(contentsOf: try event.encoded(context: context)) }
        return bytes
    }

    private static func decodeOne(_ reader: inout SSPByteReader, context: SSPPollContext) throws(SSPDecodingError) -> SSPPollEvent {
        let code = try reader.uint8("poll event code")
        let field = "poll event 0x\(sspHex(code))"
        switch code {
        case 0xF1: return .slaveReset
        case 0xEF: return .read(channel: try reader.uint8(field + " channel"))
        case 0xEE: return .credit(channel: try reader.uint8(field + " channel"))
        case 0xED: return .rejecting
        case 0xEC: return .rejected
        case 0xCC: return .stacking
        case 0xEB: return .stacked
        case 0xEA: return .safeJam
        case 0xE9: return .unsafeJam
        case 0xE8: return .disabled
        case 0xE7: return .stackerFull
        case 0xE6:
            if context.fraudAttemptCarriesValues { return .payoutFraudAttempt(try amounts(&reader, field)) }
            return .fraudAttempt(channel: try reader.uint8(field + " channel"))
        case 0xE3: return .cashboxRemoved
        case 0xE4: return .cashboxReplaced
        case 0xE1: return .noteClearedFromFront(channel: try reader.uint8(field + " channel"))
        case 0xE2: return .noteClearedIntoCashbox(channel: try reader.uint8(field + " channel"))
        case 0xE0: return .notePathOpen
        // No data: ITL's SMART Payout example and kybarg agree; protocols.md hints at value+currency
        // at v6. If a device did send 7 bytes, the next "code" would be a value's low byte —
        // for CZK notes 0x10/0x20/0x40/0x50/0xA0, none a known event, so decoding stops loudly.
        case 0xDB: return .noteStoredInPayout
        case 0xDA: return .dispensing(try amounts(&reader, field))
        case 0xD2: return .dispensed(try amounts(&reader, field))
        case 0xD5: return .jammed(try amounts(&reader, field))
        case 0xD6: return .halted(try amounts(&reader, field))
        case 0xD7: return .floating(try amounts(&reader, field))
        case 0xD8: return .floated(try amounts(&reader, field))
        case 0xD9: return .timeout(try amounts(&reader, field))
        case 0xDE: return .cashboxPaid(try amounts(&reader, field))
        case 0xDC: return .incompletePayout(try partials(&reader, field))
        case 0xDD: return .incompleteFloat(try partials(&reader, field))
        case 0xC9: return .noteTransferredToStacker(try reader.amount(field))
        case 0xCA:
            try requireProtocol8(code, context)
            return .notePaidIntoStackerAtPowerUp(try reader.amount(field))
        case 0xCB:
            try requireProtocol8(code, context)
            return .notePaidIntoStoreAtPowerUp(try reader.amount(field))
        case 0xCD: return .noteDispensedAtPowerUp(try reader.amount(field))
        case 0xCE:
            try requireProtocol8(code, context)
            return .noteHeldInBezel(try reader.amount(field))
        case 0xC2: return .emptying
        case 0xC3: return .emptied
        case 0xB3: return .smartEmptying(try amounts(&reader, field))
        case 0xB4: return .smartEmptied(try amounts(&reader, field))
        case 0xC6: return .payoutOutOfService
        case 0xB0: return .jamRecovery
        case 0xB1:
            var paid: [SSPAmount] = []
            if context.protocolVersion >= 7 { paid = try amounts(&reader, field) }
            return .errorDuringPayout(amounts: paid, cause: try reader.uint8(field + " cause"))
        case 0xB5: return .channelDisable
        case 0xB6: return .initialising
        case 0xDF: return .coinCredit(try reader.amount(field))
        case 0xB7: return .coinMechError(try reader.uint8(field + " error code"))
        case 0xC4: return .coinMechJammed
        case 0xC5: return .coinMechReturnPressed
        default: throw .unknownCode(what: "poll event", code: code)
        }
    }

    /// Power-up note events and NOTE_HELD_IN_BEZEL carry value + currency from protocol 8
    /// (kybarg, ITL example); below that their size is not documented consistently.
    private static func requireProtocol8(_ code: UInt8, _ context: SSPPollContext) throws(SSPDecodingError) {
        if context.protocolVersion < 8 {
            throw .unsupported(what: "poll event 0x\(sspHex(code)) at protocol \(context.protocolVersion)",
                               reason: "its data size is only documented from protocol 8")
        }
    }

    private static func amounts(_ reader: inout SSPByteReader, _ field: String) throws(SSPDecodingError) -> [SSPAmount] {
        let count = try reader.uint8(field + " currency count")
        var result: [SSPAmount] = []
        for _ in 0..<count { result.append(try reader.amount(field)) }
        return result
    }

    private static func partials(_ reader: inout SSPByteReader, _ field: String) throws(SSPDecodingError) -> [SSPPartialAmount] {
        let count = try reader.uint8(field + " currency count")
        var result: [SSPPartialAmount] = []
        for _ in 0..<count {
            let paid = try reader.uint32LE(field + " value paid")
            let requested = try reader.uint32LE(field + " value requested")
            result.append(SSPPartialAmount(paid: paid, requested: requested, currency: try reader.currency(field + " currency")))
        }
        return result
    }
}
