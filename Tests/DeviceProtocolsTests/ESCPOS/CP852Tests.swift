import Foundation
import Testing
@testable import DeviceProtocols

@Suite struct CP852Tests {
    @Test func allCzechLettersRoundTrip() {
        let text = ESCPOSTestSupport.czechLetters + " Příliš žluťoučký kůň úpěl ďábelské ódy"
        let bytes = CP852.encode(text)
        #expect(bytes.count == text.count)
        #expect(CP852.decode(bytes) == text)
        #expect(CP852.canEncodeLosslessly(text))
    }

    @Test func everyByteDecodesAndReencodesToItself() {
        for byte in UInt8(0x20)...UInt8(0xFF) where byte != 0x7F {
            #expect(CP852.encode(CP852.decode([byte])) == [byte], "byte \(byte)")
        }
    }

    @Test func tableIsABijectionOnTheUpperHalf() {
        #expect(CP852.upperHalf.count == 128)
        #expect(Set(CP852.upperHalf).count == 128)
    }

    @Test func decomposedInputIsComposedFirst() {
        let decomposed = "Pr\u{0069}\u{0301}jem r\u{030C}"  // "Příjem ř" with combining marks
        #expect(CP852.decode(CP852.encode(decomposed)) == "Príjem ř".precomposedStringWithCanonicalMapping)
    }

    @Test func fallbacksArePrintableAndDocumented() {
        #expect(CP852.encode("€") == Array("EUR".utf8))
        #expect(CP852.encode("„Ano“ – ‚ne‘…") == Array("\"Ano\" - 'ne'...".utf8))
        #expect(CP852.encode("à") == Array("a".utf8))
        #expect(CP852.encode("ñ") == Array("n".utf8))
        #expect(CP852.encode("日本") == Array("??".utf8))
        #expect(!CP852.canEncodeLosslessly("€"))
    }

    @Test func controlCharactersNeverReachThePrinter() {
        let hostile = "a\u{1B}@\u{1D}V\u{00}\u{10}\u{04}\u{7F}\u{0085}b"
        let bytes = CP852.encode(hostile)
        #expect(bytes.allSatisfy { $0 >= 0x20 && $0 != 0x7F })
        #expect(bytes == Array("a?@?V?????b".utf8))
    }
}
