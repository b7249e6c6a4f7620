/// How a BMP's value is delimited. Without this, nothing after an unknown BMP can be framed.
public enum ZVTBMPLengthClass: Equatable, Sendable {
    /// Exactly n bytes.
    case fixed(Int)
    /// Two length bytes `F0+tens F0+units`, then that many bytes (≤ 99).
    case llvar
    /// Three length bytes `F0+hundreds F0+tens F0+units`, then that many bytes (≤ 999).
    case lllvar
    /// A BER-TLV length, then TLV objects (BMP 06 only).
    case tlvContainer

    /// Largest value length the prefix can express.
    var maximumLength: Int {
        switch self {
        case .fixed(let count): return count
        case .llvar: return 99
        case .lllvar: return 999
        case .tlvContainer: return 0xFFFF
        }
    }
}

/// The BMP table, merged from ecrterm `bitmaps.py`, Portalum `BmpParser.cs` and Wireshark `packet-zvt.c`.
/// Where they overlap they agree, except 2D/2E, where Portalum's entries are self-contradictory; ecrterm's
/// (2D LLVAR, 2E LLLVAR) are used. 70...75 and FD come from Portalum only, 92 from ecrterm only.
public enum ZVTBMPFormat {
    public static func lengthClass(of bmp: UInt8) -> ZVTBMPLengthClass? { table[bmp] }

    /// BMPs that can carry track, chip, CVV or PIN data. Their contents are dropped on decoding
    /// (reliability.md §4.1: card data never on the kiosk PC); only their presence and size are kept.
    public static let cardDataBMPs: Set<UInt8> = [0x23, 0x24, 0x2D, 0x2E, 0x3A, 0x92, 0xA7, 0xAF, 0xD1]

    private static let table: [UInt8: ZVTBMPLengthClass] = {
        var table: [UInt8: ZVTBMPLengthClass] = [
            0x01: .fixed(1), 0x02: .fixed(1), 0x03: .fixed(1), 0x04: .fixed(6), 0x05: .fixed(1),
            0x06: .tlvContainer, 0x0B: .fixed(3), 0x0C: .fixed(3), 0x0D: .fixed(2), 0x0E: .fixed(2),
            0x17: .fixed(2), 0x19: .fixed(1), 0x22: .llvar, 0x23: .llvar, 0x24: .lllvar, 0x27: .fixed(1),
            0x29: .fixed(4), 0x2A: .fixed(15), 0x2D: .llvar, 0x2E: .lllvar, 0x37: .fixed(3), 0x3A: .fixed(2),
            0x3B: .fixed(8), 0x3C: .lllvar, 0x3D: .fixed(3), 0x49: .fixed(2), 0x60: .lllvar,
            0x70: .fixed(4), 0x71: .fixed(4), 0x72: .fixed(1), 0x73: .fixed(1), 0x74: .fixed(1), 0x75: .fixed(1),
            0x87: .fixed(2), 0x88: .fixed(3), 0x8A: .fixed(1), 0x8B: .llvar, 0x8C: .fixed(1), 0x92: .lllvar,
            0x9A: .lllvar, 0xA0: .fixed(1), 0xA7: .llvar, 0xAA: .fixed(3), 0xAF: .lllvar, 0xBA: .fixed(5),
            0xD0: .fixed(1), 0xD1: .llvar, 0xD2: .fixed(1), 0xD3: .fixed(1), 0xE0: .fixed(1), 0xE9: .fixed(1),
            0xEA: .fixed(1), 0xEB: .fixed(8), 0xF0: .fixed(1), 0xF9: .fixed(1), 0xFA: .fixed(1), 0xFB: .fixed(1),
            0xFC: .fixed(1), 0xFD: .fixed(1),
        ]
        // Display text lines: text2 lines E1...E8 and text1 lines F1...F8.
        for line in UInt8(1)...8 {
            table[0xE0 + line] = .llvar
            table[0xF0 + line] = .llvar
        }
        return table
    }()
}
