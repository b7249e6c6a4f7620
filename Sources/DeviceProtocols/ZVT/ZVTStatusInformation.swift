/// Status Information 04 0F: the outcome of a payment, reversal or end-of-day, as a list of BMPs
/// (result 27, amount 04, trace 0B, time 0C, date 0D, masked PAN 22, terminal ID 29, receipt 87, card type 8A...).
///
/// The field list keeps the terminal's order so re-encoding reproduces the bytes. `resultCode` is nil when the
/// terminal omitted BMP 27: the engine must treat that as an unknown outcome, not as approval or decline.
public struct ZVTStatusInformation: ZVTMessageBody {
    public static let command = ZVTCommandCode.statusInformation

    public var fields: [ZVTBMPField]

    public init(fields: [ZVTBMPField]) { self.fields = fields }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        fields = try ZVTBMPCodec.decodeFields(data)
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        try ZVTBMPCodec.encodeFields(fields)
    }

    public var resultCode: ZVTResultCode? { fields.zvtResultCode }
    /// Minor units (haléře for CZK).
    public var amount: Int64? { fields.zvtAmount }
    public var currency: ZVTCurrencyCode? { fields.zvtCurrency }
    public var traceNumber: UInt32? { fields.zvtTraceNumber }
    public var receiptNumber: UInt16? { fields.zvtReceiptNumber }
    public var terminalID: UInt32? { fields.zvtTerminalID }
    public var time: ZVTTime? { fields.zvtTime }
    public var date: ZVTMonthDay? { fields.zvtDate }
    /// Always masked; check `wasMaskedByCodec` to detect a terminal that sent the number in clear.
    public var cardNumber: ZVTCardNumber? { fields.zvtCardNumber }
    public var cardType: UInt8? { fields.zvtCardType }
    public var cardName: [UInt8]? { fields.zvtCardName }
    public var additionalText: [UInt8]? { fields.zvtAdditionalText }
    public var tlv: ZVTTLVContainer? { fields.zvtTLV }
    /// Card-data BMPs whose contents were dropped; non-empty means the terminal is misconfigured.
    public var redactedBMPs: [UInt8] { fields.zvtRedactedBMPs }
}
