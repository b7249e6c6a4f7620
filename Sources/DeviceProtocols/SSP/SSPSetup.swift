/// SETUP_REQUEST unit type byte.
public struct SSPUnitType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let validator = SSPUnitType(rawValue: 0x00)
    public static let smartHopper = SSPUnitType(rawValue: 0x03)
    /// NV200 with SMART Payout fitted.
    public static let smartPayout = SSPUnitType(rawValue: 0x06)
    public static let nv11 = SSPUnitType(rawValue: 0x07)

    public var description: String {
        switch self {
        case .validator: "validator"
        case .smartHopper: "SMART Hopper"
        case .smartPayout: "SMART Payout"
        case .nv11: "NV11"
        default: "unit type 0x\(sspHex(rawValue))"
        }
    }
}

/// One note channel as SETUP_REQUEST describes it.
public struct SSPChannel: Hashable, Sendable {
    /// 1-based, as READ/CREDIT events and SET_CHANNEL_INHIBITS count them.
    public let number: UInt8
    /// Legacy one-byte value (0 in protocol-6 datasets, whose values are in the expanded part).
    public let legacyValue: UInt8
    /// Obsolete security level byte.
    public let security: UInt8
    /// Protocol ≥ 6 only.
    public let currency: SSPCurrency?
    /// Protocol ≥ 6 only: value in the dataset's unit, to be multiplied by `realValueMultiplier`.
    public let expandedValue: UInt32?

    public init(number: UInt8, legacyValue: UInt8, security: UInt8, currency: SSPCurrency?, expandedValue: UInt32?) {
        self.number = number
        self.legacyValue = legacyValue
        self.security = security
        self.currency = currency
        self.expandedValue = expandedValue
    }
}

/// The SETUP_REQUEST reply of a note validator or SMART Payout (unit types other than SMART Hopper).
///
/// Layout (GA138 / kybarg parseData): unit type, firmware (4 ASCII), country (3 ASCII), value
/// multiplier (3 BE), n, n channel values, n security bytes, real value multiplier (3 BE),
/// protocol version; from protocol 6: n × 3 currency codes, n × 4-byte LE values.
public struct SSPSetupInfo: Hashable, Sendable {
    public let unitType: SSPUnitType
    /// ASCII as sent, e.g. "0110" for 1.10.
    public let firmwareVersion: String
    public let countryCode: SSPCurrency
    /// 0 for protocol-6 datasets.
    public let valueMultiplier: UInt32
    public let channels: [SSPChannel]
    public let realValueMultiplier: UInt32
    /// The protocol version the device is currently set to.
    public let protocolVersion: UInt8

    /// Decodes the payload after the OK byte.
    public init(payload: [UInt8]) throws(SSPDecodingError) {
        var reader = SSPByteReader(payload)
        unitType = SSPUnitType(rawValue: try reader.uint8("setup unit type"))
        guard unitType != .smartHopper else {
            throw .unsupported(what: "SETUP_REQUEST reply",
                               reason: "SMART Hopper uses a different layout and is not handled by this codec")
        }
        firmwareVersion = try SSPReply.decodeText(try reader.bytes(4, field: "setup firmware version"),
                                                  field: "setup firmware version")
        countryCode = try reader.currency("setup country code")
        valueMultiplier = try reader.uint32BE("setup value multiplier", count: 3)
        let count = Int(try reader.uint8("setup channel count"))
        let legacyValues = try reader.bytes(count, field: "setup channel values")
        let security = try reader.bytes(count, field: "setup channel security")
        realValueMultiplier = try reader.uint32BE("setup real value multiplier", count: 3)
        protocolVersion = try reader.uint8("setup protocol version")

        var currencies: [SSPCurrency?] = Array(repeating: nil, count: count)
        var expanded: [UInt32?] = Array(repeating: nil, count: count)
        if protocolVersion >= 6 {
            for index in 0..<count { currencies[index] = try reader.currency("setup channel \(index + 1) currency") }
            for index in 0..<count { expanded[index] = try reader.uint32LE("setup channel \(index + 1) value") }
        }
        try reader.expectEnd("SETUP_REQUEST reply")
        channels = (0..<count).map { index in
            SSPChannel(number: UInt8(truncatingIfNeeded: index + 1), legacyValue: legacyValues[index],
                       security: security[index], currency: currencies[index], expandedValue: expanded[index])
        }
        try Self.checkAmountsFit(channels, realValueMultiplier)
    }

    /// Builds a setup reply (the simulator's side). Refuses anything `encoded()` could not
    /// represent exactly: firmware not 4 printable ASCII characters, multipliers over 24 bits,
    /// more than 255 channels, channel numbers not 1...n in order, or currency/expanded value
    /// present when `protocolVersion < 6` or missing when it is ≥ 6, or a SMART Hopper unit type.
    public init(unitType: SSPUnitType, firmwareVersion: String, countryCode: SSPCurrency, valueMultiplier: UInt32,
                channels: [SSPChannel], realValueMultiplier: UInt32, protocolVersion: UInt8) throws(SSPDecodingError) {
        guard unitType != .smartHopper else {
            throw .unsupported(what: "SETUP_REQUEST reply",
                               reason: "SMART Hopper uses a different layout and is not handled by this codec")
        }
        let firmware = Array(firmwareVersion.utf8)
        guard firmware.count == 4, firmware.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidField(field: "setup firmware version", expected: "4 printable ASCII characters",
                                found: "\"\(firmwareVersion)\"")
        }
        guard valueMultiplier < 1 << 24, realValueMultiplier < 1 << 24 else {
            throw .invalidField(field: "setup multiplier", expected: "below 2^24",
                                found: "\(valueMultiplier) / \(realValueMultiplier)")
        }
        guard channels.count <= 255 else {
            throw .invalidField(field: "setup channel count", expected: "at most 255", found: "\(channels.count)")
        }
        for (index, channel) in channels.enumerated() {
            let hasExpanded = channel.currency != nil && channel.expandedValue != nil
            let hasNone = channel.currency == nil && channel.expandedValue == nil
            guard Int(channel.number) == index + 1, protocolVersion >= 6 ? hasExpanded : hasNone else {
                throw .invalidField(field: "setup channel \(index + 1)",
                                    expected: "number \(index + 1) with currency and value exactly when protocol >= 6",
                                    found: "number \(channel.number), protocol \(protocolVersion)")
            }
        }
        try Self.checkAmountsFit(channels, realValueMultiplier)
        self.unitType = unitType
        self.firmwareVersion = firmwareVersion
        self.countryCode = countryCode
        self.valueMultiplier = valueMultiplier
        self.channels = channels
        self.realValueMultiplier = realValueMultiplier
        self.protocolVersion = protocolVersion
    }

    /// The value of a channel in minor units (expanded value × real value multiplier,
    /// e.g. CZK 100 = 10000), or nil for an unknown channel or a protocol < 6 dataset.
    public func amount(ofChannel number: UInt8) -> SSPAmount? {
        guard let channel = channel(number), let currency = channel.currency, let value = channel.expandedValue
        else { return nil }
        // Cannot overflow: both initialisers checked every channel.
        let (product, overflow) = value.multipliedReportingOverflow(by: realValueMultiplier)
        return overflow ? nil : SSPAmount(value: product, currency: currency)
    }

    private static func checkAmountsFit(_ channels: [SSPChannel], _ multiplier: UInt32) throws(SSPDecodingError) {
        for channel in channels {
            guard let value = channel.expandedValue else { continue }
            if value.multipliedReportingOverflow(by: multiplier).overflow {
                throw .invalidField(field: "setup channel \(channel.number) value",
                                    expected: "value × real multiplier within 32 bits",
                                    found: "\(value) × \(multiplier)")
            }
        }
    }

    /// The channel a READ/CREDIT event names, if the dataset has it.
    public func channel(_ number: UInt8) -> SSPChannel? {
        channels.first { $0.number == number }
    }

    /// The reply payload (after the OK byte), for the simulator.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [unitType.rawValue]
        bytes.append(contentsOf: Array(firmwareVersion.utf8))
        bytes.append(contentsOf: countryCode.bytes)
        bytes.append(contentsOf: Self.bigEndian24(valueMultiplier))
        bytes.append(UInt8(truncatingIfNeeded: channels.count))
        bytes.append(contentsOf: channels.map(\.legacyValue))
        bytes.append(contentsOf: channels.map(\.security))
        bytes.append(contentsOf: Self.bigEndian24(realValueMultiplier))
        bytes.append(protocolVersion)
        if protocolVersion >= 6 {
            for channel in channels { bytes.append(contentsOf: channel.currency?.bytes ?? []) }
            for channel in channels { bytes.sspAppendLE32(channel.expandedValue ?? 0) }
        }
        return bytes
    }

    private static func bigEndian24(_ value: UInt32) -> [UInt8] {
        [16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) }
    }
}
