/// Defence in depth for card numbers: the terminal should only ever send masked PANs, but if it sends
/// more digits than allowed, they are masked here before anything else sees them.
///
/// Rule (PCI DSS display limit): at most the first 6 and the last 4 digits stay visible. Short numbers keep
/// fewer, so that at least 3 digits are always hidden: first 6 only from 13 digits on, last 4 only from
/// 8 digits on; anything shorter is fully masked. Digits already masked stay masked.
public enum ZVTPANMasking {
    public static let maximumLeadingDigits = 6
    public static let maximumTrailingDigits = 4

    /// How many leading and trailing positions may stay visible for a number of `length` digits.
    public static func visibleWindow(forLength length: Int) -> (leading: Int, trailing: Int) {
        (length >= 13 ? maximumLeadingDigits : 0, length >= 8 ? maximumTrailingDigits : 0)
    }

    /// Masks card-number symbols: `nil` is a masked position, a value 0...9 a visible digit.
    public static func mask(_ digits: [UInt8?]) -> [UInt8?] {
        let window = visibleWindow(forLength: digits.count)
        return digits.enumerated().map { index, digit in
            let visible = index < window.leading || index >= digits.count - window.trailing
            return visible ? digit : nil
        }
    }

    /// Masks a printable card number: ASCII digits outside the window become `*`; every other character
    /// (an already-masked `*`, `E`, `X`, ...) is treated as a masked position and also becomes `*`.
    public static func mask(_ text: String) -> String {
        let symbols: [UInt8?] = text.unicodeScalars.map { scalar in
            scalar.isASCII && ("0"..."9").contains(Character(scalar)) ? UInt8(scalar.value - 48) : nil
        }
        return String(mask(symbols).map { $0.map { Character(String($0)) } ?? "*" })
    }

    /// True when `digits` shows more than `mask` would let through.
    public static func exceedsVisibleLimit(_ digits: [UInt8?]) -> Bool {
        mask(digits) != digits
    }
}
