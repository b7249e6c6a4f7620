/// Packed BCD as ZVT uses it: two decimal digits per byte, most significant digit first.
///
/// Amounts are Int64 minor units (haléře for CZK). This module does not depend on TownCore, so it does not
/// use `Money`; the engine converts with `Money(halere:)` / `money.halere`.
public enum ZVTBCD {
    /// Amount fields (BMP 04) are 6 bytes = 12 digits.
    public static let amountByteCount = 6
    /// The largest amount a 6-byte BCD field holds: 9 999 999 999.99 in major units.
    public static let maximumAmount: Int64 = 999_999_999_999

    /// Encodes `value` into exactly `byteCount` bytes (at most 9, i.e. 18 digits), zero-padded on the left.
    public static func encode(_ value: UInt64, byteCount: Int, context: String) throws(ZVTCodecError) -> [UInt8] {
        guard (1...9).contains(byteCount) else {
            throw .tooLong(context: context, length: byteCount, limit: 9)
        }
        let limit = maximumValue(byteCount: byteCount)
        guard value <= limit else {
            throw .valueOutOfRange(context: context, value: Int64(clamping: value), allowed: 0...Int64(limit))
        }
        var result = [UInt8](repeating: 0, count: byteCount)
        var rest = value
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            let low = UInt8(rest % 10)
            rest /= 10
            let high = UInt8(rest % 10)
            rest /= 10
            result[index] = high << 4 | low
        }
        return result
    }

    /// Decodes 1...9 BCD bytes; any nibble above 9 is rejected rather than read as a number.
    public static func decode(_ bytes: [UInt8], context: String) throws(ZVTCodecError) -> UInt64 {
        guard !bytes.isEmpty else { throw .truncated(context: context, needed: 1, available: 0) }
        guard bytes.count <= 9 else { throw .tooLong(context: context, length: bytes.count, limit: 9) }
        var value: UInt64 = 0
        for byte in bytes {
            let high = byte >> 4, low = byte & 0x0F
            guard high <= 9, low <= 9 else { throw .invalidBCD(context: context, byte: byte) }
            value = value * 100 + UInt64(high) * 10 + UInt64(low)
        }
        return value
    }

    /// Encodes an amount in minor units as the 6-byte BMP 04 value (10.50 → `00 00 00 00 10 50`).
    public static func encodeAmount(_ minorUnits: Int64, context: String = "amount") throws(ZVTCodecError) -> [UInt8] {
        guard (0...maximumAmount).contains(minorUnits) else {
            throw .valueOutOfRange(context: context, value: minorUnits, allowed: 0...maximumAmount)
        }
        return try encode(UInt64(minorUnits), byteCount: amountByteCount, context: context)
    }

    /// Decodes a 6-byte BMP 04 value into minor units.
    public static func decodeAmount(_ bytes: [UInt8], context: String = "amount") throws(ZVTCodecError) -> Int64 {
        guard bytes.count == amountByteCount else {
            throw .wrongFieldSize(context: context, expected: amountByteCount, found: bytes.count)
        }
        // 12 digits always fit in Int64.
        return Int64(try decode(bytes, context: context))
    }

    /// Largest number `byteCount` BCD bytes can hold (10^(2·byteCount) − 1).
    static func maximumValue(byteCount: Int) -> UInt64 {
        var limit: UInt64 = 1
        for _ in 0..<byteCount { limit *= 100 }
        return limit - 1
    }
}
