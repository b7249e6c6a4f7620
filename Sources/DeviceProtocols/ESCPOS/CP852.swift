import Foundation

/// Code page 852 (PC852, "Latin-2" DOS) — the page Czech receipts use (`ESC t 18`, protocols.md §4).
/// Foundation on Linux has no CP852 encoding, hence this table.
///
/// Encoding never emits control bytes for text, so text cannot smuggle printer commands. Characters
/// CP852 lacks are replaced, in this order (each documented fallback is printable):
/// 1. typographic substitutes: € → "EUR", curly quotes → ' or ", dashes/minus → "-", "…" → "...",
///    "•" → "*", exotic spaces → " ";
/// 2. the base letter of the character's canonical decomposition when CP852 has it ("à" → "a");
/// 3. otherwise "?". Control characters also become "?"; combining marks left over after
///    composition are dropped.
public enum CP852 {
    /// Unicode scalars for bytes 0x80–0xFF (bytes 0x00–0x7F are ASCII).
    static let upperHalf: [UInt32] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x016F, 0x0107, 0x00E7,  // 80–87
        0x0142, 0x00EB, 0x0150, 0x0151, 0x00EE, 0x0179, 0x00C4, 0x0106,  // 88–8F
        0x00C9, 0x0139, 0x013A, 0x00F4, 0x00F6, 0x013D, 0x013E, 0x015A,  // 90–97
        0x015B, 0x00D6, 0x00DC, 0x0164, 0x0165, 0x0141, 0x00D7, 0x010D,  // 98–9F
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x0104, 0x0105, 0x017D, 0x017E,  // A0–A7
        0x0118, 0x0119, 0x00AC, 0x017A, 0x010C, 0x015F, 0x00AB, 0x00BB,  // A8–AF
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x011A,  // B0–B7
        0x015E, 0x2563, 0x2551, 0x2557, 0x255D, 0x017B, 0x017C, 0x2510,  // B8–BF
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x0102, 0x0103,  // C0–C7
        0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,  // C8–CF
        0x0111, 0x0110, 0x010E, 0x00CB, 0x010F, 0x0147, 0x00CD, 0x00CE,  // D0–D7
        0x011B, 0x2518, 0x250C, 0x2588, 0x2584, 0x0162, 0x016E, 0x2580,  // D8–DF
        0x00D3, 0x00DF, 0x00D4, 0x0143, 0x0144, 0x0148, 0x0160, 0x0161,  // E0–E7
        0x0154, 0x00DA, 0x0155, 0x0170, 0x00FD, 0x00DD, 0x0163, 0x00B4,  // E8–EF
        0x00AD, 0x02DD, 0x02DB, 0x02C7, 0x02D8, 0x00A7, 0x00F7, 0x00B8,  // F0–F7
        0x00B0, 0x00A8, 0x02D9, 0x0171, 0x0158, 0x0159, 0x25A0, 0x00A0,  // F8–FF
    ]

    private static let byteForScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (index, scalar) in upperHalf.enumerated() { map[scalar] = UInt8(0x80 + index) }
        return map
    }()

    private static let substitutes: [Unicode.Scalar: String] = [
        "\u{20AC}": "EUR", "\u{201E}": "\"", "\u{201C}": "\"", "\u{201D}": "\"", "\u{2033}": "\"",
        "\u{201A}": "'", "\u{2018}": "'", "\u{2019}": "'", "\u{2032}": "'",
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2212}": "-",
        "\u{2026}": "...", "\u{2022}": "*",
        "\u{2002}": " ", "\u{2003}": " ", "\u{2007}": " ", "\u{2009}": " ", "\u{202F}": " ",
    ]

    public static let replacementByte = UInt8(ascii: "?")

    /// The CP852 byte for a scalar, or nil when the page lacks it. Control characters count as lacking.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        if (0x20...0x7E).contains(scalar.value) { return UInt8(scalar.value) }
        return byteForScalar[scalar.value]
    }

    /// CP852 bytes for `text`, using the documented fallbacks; the result contains no byte below 0x20
    /// and no 0x7F.
    public static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if let byte = byte(for: scalar) {
                bytes.append(byte)
            } else if let substitute = substitutes[scalar] {
                bytes.append(contentsOf: substitute.utf8)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                      let byte = byte(for: base) {
                bytes.append(byte)
            } else {
                bytes.append(replacementByte)
            }
        }
        return bytes
    }

    /// Whether every character of `text` is encoded without a fallback.
    public static func canEncodeLosslessly(_ text: String) -> Bool {
        text.precomposedStringWithCanonicalMapping.unicodeScalars.allSatisfy { byte(for: $0) != nil }
    }

    /// Unicode for a byte: ASCII below 0x80, the table above it. Control bytes map to their C0 scalar.
    public static func scalar(for byte: UInt8) -> Unicode.Scalar {
        let value = byte < 0x80 ? UInt32(byte) : upperHalf[Int(byte) - 0x80]
        return Unicode.Scalar(value) ?? "?"
    }

    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(scalar(for: byte)) }
        return String(text)
    }
}
