/// One BMP (bitmap) field: a BMP number and its value, interpreted where this codec knows the meaning.
///
/// Amounts are Int64 minor units (haléře for CZK); the engine converts to `Money`. Text-like values stay as
/// raw bytes because terminals use CP437 or Latin-1/2/15 (Portalum README); the caller picks the decoding.
public enum ZVTBMPField: Equatable, Sendable {
    case timeout(UInt8)                              // 01, seconds
    case maxStatusInfos(UInt8)                       // 02
    case serviceByte(UInt8)                          // 03
    case amount(Int64)                               // 04, 6 BCD, minor units
    case pumpNumber(UInt8)                           // 05
    case tlv(ZVTTLVContainer)                        // 06
    case traceNumber(UInt32)                         // 0B, 3 BCD
    case time(ZVTTime)                               // 0C
    case date(ZVTMonthDay)                           // 0D
    case expiryDate(ZVTExpiryDate)                   // 0E
    case cardSequenceNumber(UInt16)                  // 17, 2 BCD
    case paymentType(UInt8)                          // 19 (status byte / payment type / card type)
    case cardNumber(ZVTCardNumber)                   // 22, LLVAR BCD, masked
    case resultCode(ZVTResultCode)                   // 27
    case terminalID(UInt32)                          // 29, 4 BCD = 8 digits
    case vuNumber([UInt8])                           // 2A, 15 ASCII bytes
    case originalTraceNumber(UInt32)                 // 37, 3 BCD
    case aid([UInt8])                                // 3B, 8 bytes
    case additionalText([UInt8])                     // 3C, LLLVAR
    case password(ZVTPassword)                       // 3D, 3 BCD
    case currency(ZVTCurrencyCode)                   // 49, 2 BCD
    case receiptNumber(UInt16)                       // 87, 2 BCD
    case turnoverRecordNumber(UInt32)                // 88, 3 BCD
    case cardType(UInt8)                             // 8A, ZVT card-type number (e.g. 0x2E = 46 Maestro)
    case cardName([UInt8])                           // 8B, LLVAR
    case cardTypeNetworkOperator(UInt8)              // 8C
    case resultCodeAS(UInt8)                         // A0
    case fullDate(ZVTDate)                           // AA, YYMMDD
    /// A BMP from `ZVTBMPFormat.cardDataBMPs` (track/chip/CVV/PIN data): contents were dropped on decoding.
    /// Encodes as `byteCount` bytes of `EE` (every digit masked).
    case redactedCardData(bmp: UInt8, byteCount: Int)
    /// A BMP with a known length class whose meaning this codec does not interpret; `value` excludes any
    /// LLVAR/LLLVAR prefix.
    case uninterpreted(bmp: UInt8, value: [UInt8])

    public var bmp: UInt8 {
        switch self {
        case .timeout: return 0x01
        case .maxStatusInfos: return 0x02
        case .serviceByte: return 0x03
        case .amount: return 0x04
        case .pumpNumber: return 0x05
        case .tlv: return 0x06
        case .traceNumber: return 0x0B
        case .time: return 0x0C
        case .date: return 0x0D
        case .expiryDate: return 0x0E
        case .cardSequenceNumber: return 0x17
        case .paymentType: return 0x19
        case .cardNumber: return 0x22
        case .resultCode: return 0x27
        case .terminalID: return 0x29
        case .vuNumber: return 0x2A
        case .originalTraceNumber: return 0x37
        case .aid: return 0x3B
        case .additionalText: return 0x3C
        case .password: return 0x3D
        case .currency: return 0x49
        case .receiptNumber: return 0x87
        case .turnoverRecordNumber: return 0x88
        case .cardType: return 0x8A
        case .cardName: return 0x8B
        case .cardTypeNetworkOperator: return 0x8C
        case .resultCodeAS: return 0xA0
        case .fullDate: return 0xAA
        case .redactedCardData(let bmp, _), .uninterpreted(let bmp, _): return bmp
        }
    }
}

/// Typed look-ups over a decoded field list (first occurrence wins).
extension Array where Element == ZVTBMPField {
    public var zvtAmount: Int64? { firstMap { if case .amount(let v) = $0 { v } else { nil } } }
    public var zvtResultCode: ZVTResultCode? { firstMap { if case .resultCode(let v) = $0 { v } else { nil } } }
    public var zvtTraceNumber: UInt32? { firstMap { if case .traceNumber(let v) = $0 { v } else { nil } } }
    public var zvtReceiptNumber: UInt16? { firstMap { if case .receiptNumber(let v) = $0 { v } else { nil } } }
    public var zvtTerminalID: UInt32? { firstMap { if case .terminalID(let v) = $0 { v } else { nil } } }
    public var zvtCurrency: ZVTCurrencyCode? { firstMap { if case .currency(let v) = $0 { v } else { nil } } }
    public var zvtCardNumber: ZVTCardNumber? { firstMap { if case .cardNumber(let v) = $0 { v } else { nil } } }
    public var zvtCardType: UInt8? { firstMap { if case .cardType(let v) = $0 { v } else { nil } } }
    public var zvtCardName: [UInt8]? { firstMap { if case .cardName(let v) = $0 { v } else { nil } } }
    public var zvtTime: ZVTTime? { firstMap { if case .time(let v) = $0 { v } else { nil } } }
    public var zvtDate: ZVTMonthDay? { firstMap { if case .date(let v) = $0 { v } else { nil } } }
    public var zvtAdditionalText: [UInt8]? { firstMap { if case .additionalText(let v) = $0 { v } else { nil } } }
    public var zvtTLV: ZVTTLVContainer? { firstMap { if case .tlv(let v) = $0 { v } else { nil } } }
    /// BMPs whose card data was dropped; non-empty means the terminal sent data it should not have.
    public var zvtRedactedBMPs: [UInt8] {
        compactMap { if case .redactedCardData(let bmp, _) = $0 { bmp } else { nil } }
    }

    private func firstMap<T>(_ transform: (ZVTBMPField) -> T?) -> T? {
        for field in self { if let value = transform(field) { return value } }
        return nil
    }
}
