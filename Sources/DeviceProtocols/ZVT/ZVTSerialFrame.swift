/// ZVT's RS-232 transport: `DLE STX | APDU with every DLE doubled | DLE ETX | CRC low | CRC high`.
///
/// The CRC is CRC-16/CCITT in its reflected form (polynomial 0x8408, initial value 0, no final XOR), computed
/// over the un-stuffed APDU followed by the ETX byte (ecrterm `_get_crc`, Portalum `CalcCrc2`). The receiver
/// answers each frame with a single `ACK` (06) or `NAK` (15) byte. This differs from Common/CRC16, which is
/// the non-reflected shape used by SSP and ccTalk.
public enum ZVTSerialFrame {
    public static let dle: UInt8 = 0x10
    public static let stx: UInt8 = 0x02
    public static let etx: UInt8 = 0x03
    public static let ack: UInt8 = 0x06
    public static let nak: UInt8 = 0x15

    /// Wraps encoded APDU bytes in a serial frame.
    public static func encode(apduBytes: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = [dle, stx]
        frame.reserveCapacity(apduBytes.count + 8)
        for byte in apduBytes {
            frame.append(byte)
            if byte == dle { frame.append(dle) }
        }
        let crc = checksum(apduBytes)
        frame += [dle, etx, UInt8(crc & 0xFF), UInt8(crc >> 8)]
        return frame
    }

    /// Wraps an APDU in a serial frame.
    public static func encode(_ apdu: ZVTAPDU) throws(ZVTCodecError) -> [UInt8] {
        encode(apduBytes: try apdu.encoded())
    }

    /// The frame CRC: over `apduBytes` followed by ETX.
    public static func checksum(_ apduBytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for byte in apduBytes { crc = update(crc, byte) }
        return update(crc, etx)
    }

    private static func update(_ crc: UInt16, _ byte: UInt8) -> UInt16 {
        (crc >> 8) ^ table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)]
    }

    /// Byte-at-a-time table for the reflected polynomial 0x8408.
    private static let table: [UInt16] = (0..<256).map { index -> UInt16 in
        var value = UInt16(index)
        for _ in 0..<8 { value = (value & 1) != 0 ? (value >> 1) ^ 0x8408 : value >> 1 }
        return value
    }
}
