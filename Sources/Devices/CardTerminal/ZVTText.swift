import DeviceProtocols
import Foundation

/// Character sets ZVT terminals use for display and print texts (Portalum README: CP437 by default,
/// CardComplete sends Latin-1/2/15 regardless).
public enum ZVTTextEncoding: Sendable, Equatable {
    case cp437
    case latin1
    case latin2
}

/// Turns terminal text bytes into strings, and keeps card numbers off our slips.
enum ZVTText {
    /// Control characters become spaces; trailing spaces are dropped.
    static func decode(_ bytes: [UInt8], as encoding: ZVTTextEncoding) -> String {
        let printable = bytes.map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 }
        let text: String
        switch encoding {
        case .cp437:
            text = String(printable.map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : cp437High[Int($0 - 0x80)] })
        case .latin1:
            text = String(printable.map { Character(Unicode.Scalar($0)) })
        case .latin2:
            text = String(bytes: printable, encoding: .isoLatin2)
                ?? String(printable.map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : "?" })
        }
        return String(text.reversed().drop { $0 == " " }.reversed())
    }

    /// Masks any 13–19 digit run (single spaces allowed between groups) that passes the Luhn check, leaving
    /// the first 6 and last 4 digits: a terminal should never print a full PAN on the ECR's slip, and if it
    /// does, the number must not reach our printer or journal (reliability P25).
    static func maskingCardNumbers(_ line: String) -> (text: String, masked: Bool) {
        var characters = Array(line)
        var masked = false
        var index = 0
        while index < characters.count {
            guard characters[index].isASCIIDigit else { index += 1; continue }
            var digitPositions: [Int] = []
            var end = index
            while end < characters.count {
                if characters[end].isASCIIDigit {
                    digitPositions.append(end)
                } else if !(characters[end] == " " && end + 1 < characters.count && characters[end + 1].isASCIIDigit) {
                    break
                }
                end += 1
            }
            if (13...19).contains(digitPositions.count), passesLuhn(digitPositions.map { characters[$0] }) {
                let window = ZVTPANMasking.visibleWindow(forLength: digitPositions.count)
                for (order, position) in digitPositions.enumerated()
                where order >= window.leading && order < digitPositions.count - window.trailing {
                    characters[position] = "*"
                }
                masked = true
            }
            index = end
        }
        return (String(characters), masked)
    }

    private static func passesLuhn(_ digits: [Character]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            guard let value = digit.wholeNumberValue else { return false }
            let weighted = offset % 2 == 1 ? value * 2 : value
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return sum % 10 == 0
    }

    private static let cp437High: [Character] = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
            + "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{00A0}")
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
