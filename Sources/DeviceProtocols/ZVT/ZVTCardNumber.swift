/// BMP 22: the card number as the terminal reports it — BCD digits, `E` for a masked digit, an `F` pad
/// nibble when the count is odd.
///
/// A value of this type never holds more than `ZVTPANMasking` allows: if the terminal sent too many
/// visible digits they are masked on decoding and `wasMaskedByCodec` records that the terminal misbehaved
/// (worth an alarm: the terminal's configuration breaks the card-data boundary).
public struct ZVTCardNumber: Equatable, Sendable, CustomStringConvertible {
    /// One entry per digit: 0...9 visible, nil masked.
    public let digits: [UInt8?]
    /// True when decoding had to mask digits the terminal sent in clear.
    public let wasMaskedByCodec: Bool

    /// Builds a card number from any digits, masking it first (a simulator's path; tests use it too).
    public init(digits: [UInt8?]) throws(ZVTCodecError) {
        for case let digit? in digits where digit > 9 {
            throw .invalidCardNumberNibble(digit)
        }
        guard digits.count <= 2 * 99 else {
            throw .tooLong(context: "card number digits", length: digits.count, limit: 2 * 99)
        }
        let masked = ZVTPANMasking.mask(digits)
        self.digits = masked
        self.wasMaskedByCodec = masked != digits
    }

    /// Digits with `*` for masked positions, e.g. `************4771`.
    public var maskedText: String {
        String(digits.map { $0.map { Character(String($0)) } ?? "*" })
    }

    /// The last four digits when visible (what a receipt shows).
    public var lastFourDigits: String? {
        guard digits.count >= 4 else { return nil }
        let tail = digits.suffix(4)
        guard tail.allSatisfy({ $0 != nil }) else { return nil }
        return String(tail.map { Character(String($0 ?? 0)) })
    }

    public var description: String { "card \(maskedText)" }

    static let maskedNibble: UInt8 = 0x0E
    static let padNibble: UInt8 = 0x0F

    /// Packs digits two per byte, masked as `E`, padded with a final `F`.
    func encoded() -> [UInt8] {
        var nibbles = digits.map { $0 ?? Self.maskedNibble }
        if nibbles.count % 2 == 1 { nibbles.append(Self.padNibble) }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// Unpacks BMP 22's value; `F` is only accepted as the very last nibble.
    static func decode(_ bytes: [UInt8]) throws(ZVTCodecError) -> ZVTCardNumber {
        var nibbles: [UInt8] = []
        for byte in bytes { nibbles += [byte >> 4, byte & 0x0F] }
        if nibbles.last == padNibble { nibbles.removeLast() }
        var digits: [UInt8?] = []
        for nibble in nibbles {
            switch nibble {
            case 0...9: digits.append(nibble)
            case maskedNibble: digits.append(nil)
            default: throw .invalidCardNumberNibble(nibble)
            }
        }
        return try ZVTCardNumber(digits: digits)
    }
}
