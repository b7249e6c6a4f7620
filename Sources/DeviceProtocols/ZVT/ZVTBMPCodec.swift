/// Bytes ⇄ `ZVTBMPField`. A BMP whose length class is unknown stops decoding with `.unknownBMP`:
/// guessing its length would silently mis-frame every field after it.
public enum ZVTBMPCodec {
    /// BMP numbers that decode to a typed case rather than `.uninterpreted`.
    public static let interpretedBMPs: Set<UInt8> = [
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0B, 0x0C, 0x0D, 0x0E, 0x17, 0x19, 0x22, 0x27, 0x29, 0x2A, 0x37,
        0x3B, 0x3C, 0x3D, 0x49, 0x87, 0x88, 0x8A, 0x8B, 0x8C, 0xA0, 0xAA,
    ]

    /// Decodes a run of BMP fields filling all of `bytes`.
    public static func decodeFields(_ bytes: [UInt8]) throws(ZVTCodecError) -> [ZVTBMPField] {
        var reader = ZVTByteReader(bytes)
        return try decodeFields(&reader)
    }

    public static func encodeFields(_ fields: [ZVTBMPField]) throws(ZVTCodecError) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields { bytes += try encodeField(field) }
        return bytes
    }

    static func decodeFields(_ reader: inout ZVTByteReader) throws(ZVTCodecError) -> [ZVTBMPField] {
        var fields: [ZVTBMPField] = []
        while !reader.isAtEnd { fields.append(try decodeField(&reader)) }
        return fields
    }

    static func decodeField(_ reader: inout ZVTByteReader) throws(ZVTCodecError) -> ZVTBMPField {
        let bmp = try reader.readByte("BMP number")
        guard let lengthClass = ZVTBMPFormat.lengthClass(of: bmp) else { throw .unknownBMP(bmp) }
        let context = "BMP \(zvtHex(bmp))"
        let length: Int
        switch lengthClass {
        case .tlvContainer: return .tlv(try ZVTTLVCodec.decodeContainer(&reader))
        case .fixed(let count): length = count
        case .llvar: length = try decodeLengthPrefix(&reader, digits: 2, context: context)
        case .lllvar: length = try decodeLengthPrefix(&reader, digits: 3, context: context)
        }
        if ZVTBMPFormat.cardDataBMPs.contains(bmp) {
            // Skipped, never copied out of the receive buffer.
            try reader.skip(length, context)
            return .redactedCardData(bmp: bmp, byteCount: length)
        }
        return try interpret(bmp, try reader.readBytes(length, context), context: context)
    }

    private static func interpret(_ bmp: UInt8, _ value: [UInt8], context: String) throws(ZVTCodecError) -> ZVTBMPField {
        func number<T: FixedWidthInteger>(_: T.Type = T.self) throws(ZVTCodecError) -> T {
            let decoded = try ZVTBCD.decode(value, context: context)
            guard let fitted = T(exactly: decoded) else {
                throw .valueOutOfRange(context: context, value: Int64(clamping: decoded), allowed: 0...Int64(clamping: T.max))
            }
            return fitted
        }
        func byte() throws(ZVTCodecError) -> UInt8 {
            guard value.count == 1 else { throw .wrongFieldSize(context: context, expected: 1, found: value.count) }
            return value[0]
        }
        func groups(_ count: Int) throws(ZVTCodecError) -> [UInt8] {
            guard value.count == count else { throw .wrongFieldSize(context: context, expected: count, found: value.count) }
            return try zvtTwoDigitGroups(value, context: context)
        }
        switch bmp {
        case 0x01: return .timeout(try byte())
        case 0x02: return .maxStatusInfos(try byte())
        case 0x03: return .serviceByte(try byte())
        case 0x04: return .amount(try ZVTBCD.decodeAmount(value, context: context))
        case 0x05: return .pumpNumber(try byte())
        case 0x0B: return .traceNumber(try number())
        case 0x0C:
            let g = try groups(3)
            return .time(try ZVTTime(hour: g[0], minute: g[1], second: g[2]))
        case 0x0D:
            let g = try groups(2)
            return .date(try ZVTMonthDay(month: g[0], day: g[1]))
        case 0x0E:
            let g = try groups(2)
            return .expiryDate(try ZVTExpiryDate(year: g[0], month: g[1]))
        case 0x17: return .cardSequenceNumber(try number())
        case 0x19: return .paymentType(try byte())
        case 0x22: return .cardNumber(try ZVTCardNumber.decode(value))
        case 0x27: return .resultCode(ZVTResultCode(rawValue: try byte()))
        case 0x29: return .terminalID(try number())
        case 0x2A: return .vuNumber(value)
        case 0x37: return .originalTraceNumber(try number())
        case 0x3B: return .aid(value)
        case 0x3C: return .additionalText(value)
        case 0x3D: return .password(try ZVTPassword.decode(value))
        case 0x49: return .currency(try ZVTCurrencyCode.decode(value))
        case 0x87: return .receiptNumber(try number())
        case 0x88: return .turnoverRecordNumber(try number())
        case 0x8A: return .cardType(try byte())
        case 0x8B: return .cardName(value)
        case 0x8C: return .cardTypeNetworkOperator(try byte())
        case 0xA0: return .resultCodeAS(try byte())
        case 0xAA:
            let g = try groups(3)
            return .fullDate(try ZVTDate(year: g[0], month: g[1], day: g[2]))
        default: return .uninterpreted(bmp: bmp, value: value)
        }
    }

    /// Encodes one field: BMP number, any length prefix, value. Checks the value against the BMP's length class.
    public static func encodeField(_ field: ZVTBMPField) throws(ZVTCodecError) -> [UInt8] {
        let bmp = field.bmp
        guard let lengthClass = ZVTBMPFormat.lengthClass(of: bmp) else { throw .unknownBMP(bmp) }
        let context = "BMP \(zvtHex(bmp))"
        let value: [UInt8]
        switch field {
        case .tlv(let container): return [bmp] + (try ZVTTLVCodec.encodeContainer(container))
        case .timeout(let v), .maxStatusInfos(let v), .serviceByte(let v), .pumpNumber(let v), .paymentType(let v),
             .cardType(let v), .cardTypeNetworkOperator(let v), .resultCodeAS(let v):
            value = [v]
        case .amount(let minorUnits): value = try ZVTBCD.encodeAmount(minorUnits, context: context)
        case .traceNumber(let n), .originalTraceNumber(let n), .turnoverRecordNumber(let n):
            value = try ZVTBCD.encode(UInt64(n), byteCount: 3, context: context)
        case .time(let time): value = zvtPackTwoDigitGroups(time.bcdDigits)
        case .date(let date): value = zvtPackTwoDigitGroups(date.bcdDigits)
        case .expiryDate(let expiry): value = zvtPackTwoDigitGroups(expiry.bcdDigits)
        case .fullDate(let date): value = zvtPackTwoDigitGroups(date.bcdDigits)
        case .cardSequenceNumber(let n), .receiptNumber(let n):
            value = try ZVTBCD.encode(UInt64(n), byteCount: 2, context: context)
        case .cardNumber(let cardNumber): value = cardNumber.encoded()
        case .resultCode(let code): value = [code.rawValue]
        case .terminalID(let id): value = try ZVTBCD.encode(UInt64(id), byteCount: 4, context: context)
        case .vuNumber(let bytes), .aid(let bytes), .additionalText(let bytes), .cardName(let bytes): value = bytes
        case .password(let password): value = try password.encoded()
        case .currency(let currency): value = try currency.encoded()
        case .redactedCardData(_, let byteCount):
            guard ZVTBMPFormat.cardDataBMPs.contains(bmp) else { throw .unexpectedBMP(context: "redacted card data", bmp: bmp) }
            guard (0...lengthClass.maximumLength).contains(byteCount) else {
                throw .tooLong(context: context, length: byteCount, limit: lengthClass.maximumLength)
            }
            value = [UInt8](repeating: 0xEE, count: byteCount)
        case .uninterpreted(_, let bytes):
            guard !interpretedBMPs.contains(bmp), !ZVTBMPFormat.cardDataBMPs.contains(bmp) else {
                throw .unexpectedBMP(context: "uninterpreted field (has a typed case or carries card data)", bmp: bmp)
            }
            value = bytes
        }
        switch lengthClass {
        case .fixed(let count):
            guard value.count == count else { throw .wrongFieldSize(context: context, expected: count, found: value.count) }
            return [bmp] + value
        case .llvar: return [bmp] + (try encodeLengthPrefix(value.count, digits: 2, context: context)) + value
        case .lllvar: return [bmp] + (try encodeLengthPrefix(value.count, digits: 3, context: context)) + value
        case .tlvContainer: throw .unexpectedBMP(context: "TLV container given as raw bytes", bmp: bmp)
        }
    }

    /// LLVAR/LLLVAR prefix: one `F0+digit` byte per decimal digit, most significant first.
    static func decodeLengthPrefix(_ reader: inout ZVTByteReader, digits: Int, context: String) throws(ZVTCodecError) -> Int {
        var length = 0
        for byte in try reader.readBytes(digits, "\(context) length") {
            guard byte & 0xF0 == 0xF0, byte & 0x0F <= 9 else { throw .invalidLengthPrefix(context: context, byte: byte) }
            length = length * 10 + Int(byte & 0x0F)
        }
        return length
    }

    static func encodeLengthPrefix(_ length: Int, digits: Int, context: String) throws(ZVTCodecError) -> [UInt8] {
        let limit = digits == 2 ? 99 : 999
        guard (0...limit).contains(length) else { throw .tooLong(context: context, length: length, limit: limit) }
        var prefix = [UInt8](repeating: 0xF0, count: digits)
        var rest = length
        for index in stride(from: digits - 1, through: 0, by: -1) {
            prefix[index] = 0xF0 | UInt8(rest % 10)
            rest /= 10
        }
        return prefix
    }
}
