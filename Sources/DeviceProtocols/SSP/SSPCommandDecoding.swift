extension SSPCommand {
    /// Reads a frame's DATA field back into a command (the simulator's side of `encoded()`).
    /// Parameters must be exactly what the command defines: missing, extra or out-of-range
    /// bytes are typed errors.
    public static func decode(_ data: [UInt8]) throws(SSPDecodingError) -> SSPCommand {
        var reader = SSPByteReader(data)
        let code = try reader.uint8("command code")
        let command = try decodeParameters(code: code, reader: &reader)
        try reader.expectEnd("command 0x\(sspHex(code)) parameters")
        return command
    }

    private static func decodeParameters(code: UInt8, reader: inout SSPByteReader) throws(SSPDecodingError) -> SSPCommand {
        switch code {
        case 0x01: return .reset
        case 0x02: return .setChannelInhibits(enabledChannels: try reader.uint16LE("SET_CHANNEL_INHIBITS mask"))
        case 0x03: return .displayOn
        case 0x04: return .displayOff
        case 0x05: return .setupRequest
        case 0x06: return .hostProtocolVersion(try reader.uint8("HOST_PROTOCOL_VERSION version"))
        case 0x07: return .poll
        case 0x08: return .rejectBanknote
        case 0x09: return .disable
        case 0x0A: return .enable
        case 0x0C: return .getSerialNumber
        case 0x11: return .sync
        case 0x17: return .lastRejectCode
        case 0x18: return .hold
        case 0x20: return .getFirmwareVersion
        case 0x21: return .getDatasetVersion
        case 0x22: return .getAllLevels
        case 0x33:
            let amount = try reader.amount("PAYOUT_AMOUNT")
            return .payoutAmount(amount, try payoutMode(&reader))
        case 0x35: return .getDenominationLevel(try reader.amount("GET_DENOMINATION_LEVEL"))
        case 0x38: return .haltPayout
        case 0x3B:
            let routeByte = try reader.uint8("SET_DENOMINATION_ROUTE route")
            guard let route = SSPRoute(rawValue: routeByte) else {
                throw .invalidField(field: "SET_DENOMINATION_ROUTE route", expected: "0x00 payout or 0x01 cashbox",
                                    found: "0x\(sspHex(routeByte))")
            }
            return .setDenominationRoute(route, try reader.amount("SET_DENOMINATION_ROUTE"))
        case 0x3C: return .getDenominationRoute(try reader.amount("GET_DENOMINATION_ROUTE"))
        case 0x3F: return .emptyAll
        case 0x46:
            let count = try reader.uint8("PAYOUT_BY_DENOMINATION count")
            var notes: [SSPNoteCount] = []
            for _ in 0..<count {
                let quantity = try reader.uint16LE("PAYOUT_BY_DENOMINATION quantity")
                notes.append(SSPNoteCount(count: quantity, amount: try reader.amount("PAYOUT_BY_DENOMINATION")))
            }
            return .payoutByDenomination(notes, try payoutMode(&reader))
        case 0x4A: return .setGenerator(try reader.uint64LE("SET_GENERATOR value"))
        case 0x4B: return .setModulus(try reader.uint64LE("SET_MODULUS value"))
        case 0x4C: return .requestKeyExchange(hostIntermediate: try reader.uint64LE("REQUEST_KEY_EXCHANGE value"))
        case 0x52: return .smartEmpty
        case 0x53: return .cashboxPayoutOperationData
        case 0x56: return .pollWithAck
        case 0x57: return .eventAck
        case 0x5B: return .disablePayoutDevice
        case 0x5C:
            if reader.isAtEnd { return .enablePayoutDevice(options: nil) }
            return .enablePayoutDevice(options: SSPPayoutOptions(rawValue: try reader.uint8("ENABLE_PAYOUT_DEVICE options")))
        case 0x60: return .setFixedEncryptionKey(try reader.uint64LE("SET_FIXED_ENCRYPTION_KEY value"))
        case 0x61: return .resetFixedEncryptionKey
        default: throw .unknownCode(what: "command", code: code)
        }
    }

    private static func payoutMode(_ reader: inout SSPByteReader) throws(SSPDecodingError) -> SSPPayoutMode {
        let byte = try reader.uint8("payout option")
        guard let mode = SSPPayoutMode(rawValue: byte) else {
            throw .invalidField(field: "payout option", expected: "0x58 real or 0x19 test", found: "0x\(sspHex(byte))")
        }
        return mode
    }
}
