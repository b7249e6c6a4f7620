/// Registration config byte (ecrterm `generate_config`, Portalum `GetConfigByte`).
public struct ZVTRegistrationConfig: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ecrPrintsPaymentReceipts = ZVTRegistrationConfig(rawValue: 0x02)
    public static let ecrPrintsAdministrationReceipts = ZVTRegistrationConfig(rawValue: 0x04)
    /// PT sends 04 FF intermediate status — needed when the ECR drives the customer's screen.
    public static let sendIntermediateStatus = ZVTRegistrationConfig(rawValue: 0x08)
    public static let amountInputOnPTNotPossible = ZVTRegistrationConfig(rawValue: 0x10)
    public static let administrationOnPTNotPossible = ZVTRegistrationConfig(rawValue: 0x20)
    public static let ecrPrintType = ZVTRegistrationConfig(rawValue: 0x80)

    /// 0xBA, the value in ecrterm's examples.
    public static let classic = ZVTRegistrationConfig(rawValue: 0xBA)
}

/// Service byte sent after BMP 03 in Registration and Status Enquiry.
public struct ZVTServiceByte: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let serviceMenuNotOnFunctionKey = ZVTServiceByte(rawValue: 0x01)
    public static let displayTextsInCapitals = ZVTServiceByte(rawValue: 0x02)
}

/// Registration 06 00: `[password 3 BCD][config byte][currency 2 BCD][03 service byte][06 TLV]`.
///
/// The currency code has no BMP number of its own, so a currency starting with byte 03 or 06 cannot be told
/// apart from an omitted currency followed by BMP 03/06. This codec therefore always writes the currency when
/// anything follows the config byte, and reads any 2 bytes after the config byte as the currency.
public struct ZVTRegistration: ZVTMessageBody {
    public static let command = ZVTCommandCode.registration

    public var password: ZVTPassword
    public var config: ZVTRegistrationConfig
    public var currency: ZVTCurrencyCode?
    public var serviceByte: ZVTServiceByte?
    public var tlv: ZVTTLVContainer?

    public init(password: ZVTPassword, config: ZVTRegistrationConfig, currency: ZVTCurrencyCode? = nil,
                serviceByte: ZVTServiceByte? = nil, tlv: ZVTTLVContainer? = nil) {
        self.password = password
        self.config = config
        self.currency = currency
        self.serviceByte = serviceByte
        self.tlv = tlv
    }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        password = try ZVTPassword.decode(try reader.readBytes(3, "registration password"))
        config = ZVTRegistrationConfig(rawValue: try reader.readByte("registration config byte"))
        guard !reader.isAtEnd else { return }
        currency = try ZVTCurrencyCode.decode(try reader.readBytes(2, "registration currency"))
        let fields = try zvtDecodeAllowedFields(&reader, allowed: [0x03, 0x06], context: "registration")
        if case .serviceByte(let byte)? = fields[0x03] { serviceByte = ZVTServiceByte(rawValue: byte) }
        if case .tlv(let container)? = fields[0x06] { tlv = container }
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        var data = try password.encoded() + [config.rawValue]
        if let currency {
            data += try currency.encoded()
        } else if serviceByte != nil || tlv != nil {
            throw .missingField(context: "registration", field: "currency before service byte / TLV")
        }
        if let serviceByte { data += try ZVTBMPCodec.encodeField(.serviceByte(serviceByte.rawValue)) }
        if let tlv { data += try ZVTBMPCodec.encodeField(.tlv(tlv)) }
        return data
    }
}
