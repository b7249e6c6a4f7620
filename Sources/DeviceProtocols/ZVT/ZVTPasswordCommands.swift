/// Status Enquiry 05 01: `[password][03 service byte][06 TLV]`. The kiosk's first question after a lost
/// response (never a second charge); the Completion that ends it may carry the software version.
public struct ZVTStatusEnquiry: ZVTMessageBody {
    public static let command = ZVTCommandCode.statusEnquiry

    public var password: ZVTPassword
    public var serviceByte: ZVTServiceByte?
    public var tlv: ZVTTLVContainer?

    public init(password: ZVTPassword, serviceByte: ZVTServiceByte? = nil, tlv: ZVTTLVContainer? = nil) {
        self.password = password
        self.serviceByte = serviceByte
        self.tlv = tlv
    }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        password = try ZVTPassword.decode(try reader.readBytes(3, "status enquiry password"))
        let fields = try zvtDecodeAllowedFields(&reader, allowed: [0x03, 0x06], context: "status enquiry")
        if case .serviceByte(let byte)? = fields[0x03] { serviceByte = ZVTServiceByte(rawValue: byte) }
        if case .tlv(let container)? = fields[0x06] { tlv = container }
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        var fields: [ZVTBMPField] = []
        if let serviceByte { fields.append(.serviceByte(serviceByte.rawValue)) }
        if let tlv { fields.append(.tlv(tlv)) }
        return try password.encoded() + ZVTBMPCodec.encodeFields(fields)
    }
}

/// Reversal 06 30: `[password][87 receipt number][06 TLV]` — cancels the payment with that receipt number.
public struct ZVTReversal: ZVTMessageBody {
    public static let command = ZVTCommandCode.reversal

    public var password: ZVTPassword
    /// 0...9999 (2 BCD bytes), from the payment's Status Information.
    public var receiptNumber: UInt16
    public var tlv: ZVTTLVContainer?

    public init(password: ZVTPassword, receiptNumber: UInt16, tlv: ZVTTLVContainer? = nil) {
        self.password = password
        self.receiptNumber = receiptNumber
        self.tlv = tlv
    }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        password = try ZVTPassword.decode(try reader.readBytes(3, "reversal password"))
        let fields = try zvtDecodeAllowedFields(&reader, allowed: [0x87, 0x06], context: "reversal")
        guard case .receiptNumber(let number)? = fields[0x87] else {
            throw .missingField(context: "reversal", field: "receipt number (BMP 87)")
        }
        receiptNumber = number
        if case .tlv(let container)? = fields[0x06] { tlv = container }
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        var fields: [ZVTBMPField] = [.receiptNumber(receiptNumber)]
        if let tlv { fields.append(.tlv(tlv)) }
        return try password.encoded() + ZVTBMPCodec.encodeFields(fields)
    }
}

/// End-of-Day 06 50: `[password]`. The terminal answers with Status Information holding the day's totals.
public struct ZVTEndOfDay: ZVTMessageBody {
    public static let command = ZVTCommandCode.endOfDay

    public var password: ZVTPassword

    public init(password: ZVTPassword) { self.password = password }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        password = try ZVTPassword.decode(try reader.readBytes(3, "end-of-day password"))
        try reader.expectEnd("end-of-day")
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] { try password.encoded() }
}
