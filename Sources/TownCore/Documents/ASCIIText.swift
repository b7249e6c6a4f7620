/// Small byte-level helpers for the strictly ASCII identifiers of this module (symbols, codes, dates).
///
/// They work on UTF-8 bytes rather than `Character`, so look-alikes such as Arabic-Indic digits or a digit
/// followed by a combining accent are never taken for `0`–`9`.
enum ASCIIText {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isUppercaseLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// True for a non-empty string made only of `0`–`9`.
    static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy(isDigit)
    }

    /// The value of an all-digit string of at most 18 digits (so it always fits `Int`); nil otherwise.
    static func digitValue(_ text: some StringProtocol) -> Int? { digitValue(bytes: text.utf8) }

    /// The value of 1–18 ASCII digit bytes; nil for anything else.
    static func digitValue(bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy(isDigit) else { return nil }
        var value = 0
        for byte in bytes { value = value * 10 + Int(byte - 0x30) }
        return value
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func zeroPadded(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The input quoted for an error message: control characters made visible, long input shortened.
    static func preview(_ text: some StringProtocol, limit: Int = 40) -> String {
        var shown = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    shown.unicodeScalars.append(scalar)
                }
            }
        }
        let truncated = text.unicodeScalars.count > limit
        return "\"" + shown + (truncated ? "…" : "") + "\""
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        let whole = self[...]
        let start = whole.firstIndex(where: { !isSpace($0) }) ?? whole.endIndex
        let end = whole.lastIndex(where: { !isSpace($0) }).map { whole.index(after: $0) } ?? start
        return Substring(whole[start..<end])
    }
}
