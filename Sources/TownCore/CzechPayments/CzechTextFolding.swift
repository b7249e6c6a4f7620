/// Folds Czech (and Slovak) text to the uppercase ASCII that QR Platba recommends for free-text fields:
/// `Poplatek ze psa – Město Holešov` → `POPLATEK ZE PSA - MESTO HOLESOV`.
///
/// A small explicit map rather than Unicode normalisation: it covers the Czech and Slovak letters,
/// drops combining accents (for text typed in decomposed form), turns typographic spaces, dashes and
/// quotes into ASCII, and leaves anything else unchanged for the caller to judge.
public enum CzechTextFolding {
    private static let letters: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, Unicode.Scalar)] = [
            ("áäÁÄ", "A"), ("čČ", "C"), ("ďĎ", "D"), ("éěÉĚ", "E"), ("íÍ", "I"), ("ĺľĹĽ", "L"), ("ňŇ", "N"),
            ("óôöÓÔÖ", "O"), ("ŕřŔŘ", "R"), ("šŠ", "S"), ("ťŤ", "T"), ("úůüÚŮÜ", "U"), ("ýÝ", "Y"), ("žŽ", "Z"),
            ("\u{00A0}\u{2007}\u{202F}", " "), ("\u{2013}\u{2014}\u{2212}", "-"),
            ("\u{201E}\u{201C}\u{201D}", "\""), ("\u{201A}\u{2018}\u{2019}", "'"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (sources, target) in pairs {
            for scalar in sources.unicodeScalars { map[scalar] = target }
        }
        return map
    }()

    /// The text with Czech/Slovak letters stripped of diacritics and ASCII letters uppercased.
    public static func asciiUppercase(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue }  // combining accents of decomposed text
            if let replacement = letters[scalar] {
                folded.append(replacement)
            } else if (0x61...0x7A).contains(scalar.value), let upper = Unicode.Scalar(scalar.value - 0x20) {
                folded.append(upper)
            } else {
                folded.append(scalar)
            }
        }
        return String(folded)
    }
}
