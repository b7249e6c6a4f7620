/// CRC-16, most significant bit first, no reflection, no final XOR — the shape shared by
/// SSP (polynomial 0x8005, seed 0xFFFF) and ccTalk's CRC option (polynomial 0x1021, seed 0x0000).
public struct CRC16: Sendable {
    public let polynomial: UInt16
    public let seed: UInt16
    private let table: [UInt16]

    public init(polynomial: UInt16, seed: UInt16) {
        self.polynomial = polynomial
        self.seed = seed
        self.table = (0..<256).map { byte -> UInt16 in
            var crc = UInt16(byte) << 8
            for _ in 0..<8 { crc = (crc & 0x8000) != 0 ? (crc << 1) ^ polynomial : crc << 1 }
            return crc
        }
    }

    public func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var crc = seed
        for byte in bytes { crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)] }
        return crc
    }

    /// SSP / eSSP: polynomial 0x8005, seed 0xFFFF, transmitted low byte first.
    public static let ssp = CRC16(polynomial: 0x8005, seed: 0xFFFF)
    /// ccTalk CRC-16 checksum option: CCITT polynomial 0x1021, seed 0x0000.
    public static let ccTalk = CRC16(polynomial: 0x1021, seed: 0x0000)
}
