/// Authorization 06 01: a payment. `[04 amount][49 currency][19 payment type][01 timeout][02 max status infos]
/// [06 TLV]`, amount mandatory. Card-data BMPs (22/23/24/2D/3A) are deliberately not supported: the kiosk never
/// handles card data, the terminal reads the card.
public struct ZVTAuthorization: ZVTMessageBody {
    public static let command = ZVTCommandCode.authorization

    /// Minor units (haléře for CZK); 0...999 999 999 999.
    public var amount: Int64
    public var currency: ZVTCurrencyCode?
    public var paymentType: UInt8?
    /// Seconds the terminal waits for the card (BMP 01); also caps CardComplete's retry behaviour.
    public var timeout: UInt8?
    public var maxStatusInfos: UInt8?
    public var tlv: ZVTTLVContainer?

    public init(amount: Int64, currency: ZVTCurrencyCode? = nil, paymentType: UInt8? = nil, timeout: UInt8? = nil,
                maxStatusInfos: UInt8? = nil, tlv: ZVTTLVContainer? = nil) {
        self.amount = amount
        self.currency = currency
        self.paymentType = paymentType
        self.timeout = timeout
        self.maxStatusInfos = maxStatusInfos
        self.tlv = tlv
    }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        let fields = try zvtDecodeAllowedFields(&reader, allowed: [0x04, 0x49, 0x19, 0x01, 0x02, 0x06],
                                                context: "authorization")
        guard case .amount(let amount)? = fields[0x04] else {
            throw .missingField(context: "authorization", field: "amount (BMP 04)")
        }
        self.amount = amount
        if case .currency(let value)? = fields[0x49] { currency = value }
        if case .paymentType(let value)? = fields[0x19] { paymentType = value }
        if case .timeout(let value)? = fields[0x01] { timeout = value }
        if case .maxStatusInfos(let value)? = fields[0x02] { maxStatusInfos = value }
        if case .tlv(let value)? = fields[0x06] { tlv = value }
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        var fields: [ZVTBMPField] = [.amount(amount)]
        if let currency { fields.append(.currency(currency)) }
        if let paymentType { fields.append(.paymentType(paymentType)) }
        if let timeout { fields.append(.timeout(timeout)) }
        if let maxStatusInfos { fields.append(.maxStatusInfos(maxStatusInfos)) }
        if let tlv { fields.append(.tlv(tlv)) }
        return try ZVTBMPCodec.encodeFields(fields)
    }
}
