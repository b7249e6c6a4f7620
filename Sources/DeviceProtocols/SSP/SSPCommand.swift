/// Host → slave commands the NV200 + SMART Payout driver uses, as typed values.
/// `encoded()` gives the frame's DATA field (command code + parameters, protocol version ≥ 6
/// layouts); `decode(_:)` is its inverse, for the simulator playing the device.
public enum SSPCommand: Hashable, Sendable {
    case reset
    /// Bit 0 = channel 1; a set bit enables the channel (all are inhibited at power-up).
    case setChannelInhibits(enabledChannels: UInt16)
    case displayOn
    case displayOff
    case setupRequest
    case hostProtocolVersion(UInt8)
    case poll
    /// Returns the note in escrow (COMMAND_CANNOT_BE_PROCESSED if there is none).
    case rejectBanknote
    case disable
    case enable
    case getSerialNumber
    case sync
    case lastRejectCode
    /// Keeps the escrowed note and restarts the device's 10 s auto-reject timer.
    case hold
    case getFirmwareVersion
    case getDatasetVersion
    case getAllLevels
    case payoutAmount(SSPAmount, SSPPayoutMode)
    case getDenominationLevel(SSPAmount)
    case haltPayout
    case setDenominationRoute(SSPRoute, SSPAmount)
    case getDenominationRoute(SSPAmount)
    /// Moves every stored note to the cashbox without counting value.
    case emptyAll
    /// At most 28 entries fit one packet; more are refused when the frame is built.
    case payoutByDenomination([SSPNoteCount], SSPPayoutMode)
    case setGenerator(UInt64)
    case setModulus(UInt64)
    case requestKeyExchange(hostIntermediate: UInt64)
    /// Empties to the cashbox and reports the value moved (SMART_EMPTYING / SMART_EMPTIED).
    case smartEmpty
    case cashboxPayoutOperationData
    /// Poll whose events repeat until EVENT_ACK, so a lost reply does not lose a credit.
    case pollWithAck
    case eventAck
    case disablePayoutDevice
    /// ITL's SMART Payout example sends no option byte; `options` adds one when present.
    case enablePayoutDevice(options: SSPPayoutOptions?)
    case setFixedEncryptionKey(UInt64)
    case resetFixedEncryptionKey

    public var code: UInt8 {
        switch self {
        case .reset: 0x01
        case .setChannelInhibits: 0x02
        case .displayOn: 0x03
        case .displayOff: 0x04
        case .setupRequest: 0x05
        case .hostProtocolVersion: 0x06
        case .poll: 0x07
        case .rejectBanknote: 0x08
        case .disable: 0x09
        case .enable: 0x0A
        case .getSerialNumber: 0x0C
        case .sync: 0x11
        case .lastRejectCode: 0x17
        case .hold: 0x18
        case .getFirmwareVersion: 0x20
        case .getDatasetVersion: 0x21
        case .getAllLevels: 0x22
        case .payoutAmount: 0x33
        case .getDenominationLevel: 0x35
        case .haltPayout: 0x38
        case .setDenominationRoute: 0x3B
        case .getDenominationRoute: 0x3C
        case .emptyAll: 0x3F
        case .payoutByDenomination: 0x46
        case .setGenerator: 0x4A
        case .setModulus: 0x4B
        case .requestKeyExchange: 0x4C
        case .smartEmpty: 0x52
        case .cashboxPayoutOperationData: 0x53
        case .pollWithAck: 0x56
        case .eventAck: 0x57
        case .disablePayoutDevice: 0x5B
        case .enablePayoutDevice: 0x5C
        case .setFixedEncryptionKey: 0x60
        case .resetFixedEncryptionKey: 0x61
        }
    }

    /// Commands the device accepts only inside an eSSP packet (protocols.md §2.6).
    public var requiresEncryption: Bool {
        switch self {
        case .payoutAmount, .haltPayout, .setDenominationRoute, .emptyAll, .payoutByDenomination,
             .smartEmpty, .setFixedEncryptionKey:
            true
        default:
            false
        }
    }

    /// The frame's DATA field.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [code]
        switch self {
        case .setChannelInhibits(let mask):
            bytes.sspAppendLE16(mask)
        case .hostProtocolVersion(let version):
            bytes.append(version)
        case .payoutAmount(let amount, let mode):
            amount.append(to: &bytes)
            bytes.append(mode.rawValue)
        case .getDenominationLevel(let amount), .getDenominationRoute(let amount):
            amount.append(to: &bytes)
        case .setDenominationRoute(let route, let amount):
            bytes.append(route.rawValue)
            amount.append(to: &bytes)
        case .payoutByDenomination(let notes, let mode):
            // More than 28 entries exceed 255 data bytes and SSPFrame refuses them, so the
            // truncated count below never reaches the wire.
            bytes.append(UInt8(truncatingIfNeeded: notes.count))
            for note in notes {
                bytes.sspAppendLE16(note.count)
                note.amount.append(to: &bytes)
            }
            bytes.append(mode.rawValue)
        case .setGenerator(let value), .setModulus(let value), .requestKeyExchange(let value),
             .setFixedEncryptionKey(let value):
            bytes.sspAppendLE64(value)
        case .enablePayoutDevice(let options):
            if let options { bytes.append(options.rawValue) }
        case .reset, .displayOn, .displayOff, .setupRequest, .poll, .rejectBanknote, .disable, .enable,
             .getSerialNumber, .sync, .lastRejectCode, .hold, .getFirmwareVersion, .getDatasetVersion,
             .getAllLevels, .haltPayout, .emptyAll, .smartEmpty, .cashboxPayoutOperationData,
             .pollWithAck, .eventAck, .disablePayoutDevice, .resetFixedEncryptionKey:
            break
        }
        return bytes
    }
}

/// PAYOUT_AMOUNT / PAYOUT_BY_DENOMINATION option byte.
public enum SSPPayoutMode: UInt8, Hashable, Sendable, CaseIterable {
    /// Ask whether the payout is possible without moving notes.
    case test = 0x19
    case real = 0x58
}

/// SET_DENOMINATION_ROUTE: where notes of a value go when accepted.
public enum SSPRoute: UInt8, Hashable, Sendable, CaseIterable {
    /// Stored in the SMART Payout for paying out.
    case payout = 0x00
    case cashbox = 0x01
}

/// One PAYOUT_BY_DENOMINATION entry: how many notes of which value.
public struct SSPNoteCount: Hashable, Sendable {
    public let count: UInt16
    public let amount: SSPAmount

    public init(count: UInt16, amount: SSPAmount) {
        self.count = count
        self.amount = amount
    }
}

/// ENABLE_PAYOUT_DEVICE option bits (kybarg utils.js).
public struct SSPPayoutOptions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// GIVE_VALUE_ON_STORED (SMART Payout) / REQUIRE_FULL_STARTUP (NV11).
    public static let giveValueOnStored = SSPPayoutOptions(rawValue: 0x01)
    /// NO_HOLD_NOTE_ON_PAYOUT (SMART Payout) / OPTIMISE_FOR_PAYIN_SPEED (NV11).
    public static let noHoldNoteOnPayout = SSPPayoutOptions(rawValue: 0x02)
}
