import Foundation

/// Bytes as text on the wire: lowercase hex for hashes, nonces and signatures (short, easy to compare by
/// eye), standard padded base64 for record payloads (a third bigger instead of twice as big).
public enum ByteText {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses lowercase (or uppercase) hex; nil on an odd length or a non-hex character.
    public static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// True when `text` is only lowercase hex digits (the canonical form this protocol sends).
    public static func isLowercaseHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }

    public static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    public static func bytes(fromBase64 text: String) -> [UInt8]? { Data(base64Encoded: text).map(Array.init) }

    /// A short, safe preview of untrusted text for error messages.
    public static func preview(_ text: String, limit: Int = 24) -> String {
        let cut = text.prefix(limit)
        let shown = cut.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?" }.joined()
        return "\"" + shown + (text.count > limit ? "…\"" : "\"") + " (\(text.utf8.count) bytes)"
    }
}
