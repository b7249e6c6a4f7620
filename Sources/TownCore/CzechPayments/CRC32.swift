/// CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF);
/// used for SPAYD's optional `CRC32` field. Check value: `123456789` → `CBF43926`.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The checksum of the text's UTF-8 bytes as 8 uppercase hex digits.
    public static func hex(of text: String) -> String {
        let digits = String(checksum(text.utf8), radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
