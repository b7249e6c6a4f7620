import Foundation
import Testing
@testable import TownCore

@Suite struct VariableSymbolTests {
    @Test(arguments: ["0", "1341000123", "0987654321", "9562231077", "42"])
    func acceptsOneToTenDigitsAsGiven(_ text: String) throws {
        #expect(try VariableSymbol(text).digits == text)
    }

    @Test func keepsLeadingZerosButOffersNumericForm() throws {
        let symbol = try VariableSymbol("0987654321")
        #expect(symbol.description == "0987654321")
        #expect(symbol.withoutLeadingZeros == "987654321")
        #expect(try VariableSymbol("0000").withoutLeadingZeros == "0")
        #expect(try VariableSymbol("0012") != VariableSymbol("12"))
    }

    @Test func rejectsWithTypedErrors() {
        #expect(throws: VariableSymbolError.empty) { try VariableSymbol("") }
        #expect(throws: VariableSymbolError.tooLong(length: 11)) { try VariableSymbol("12345678901") }
        #expect(throws: VariableSymbolError.notADigit(found: "-", position: 4)) { try VariableSymbol("123-45") }
        #expect(throws: VariableSymbolError.notADigit(found: " ", position: 1)) { try VariableSymbol(" 12") }
        #expect(throws: VariableSymbolError.notADigit(found: "٣", position: 2)) { try VariableSymbol("1٣") }
        #expect(throws: VariableSymbolError.notADigit(found: "3\u{0301}", position: 1)) { try VariableSymbol("3\u{0301}") }
    }

    @Test func messagesSayWhatWasExpected() {
        #expect(VariableSymbolError.tooLong(length: 13).description
            == "expected a variabilní symbol of at most 10 digits, found 13 digits")
        #expect(VariableSymbolError.notADigit(found: "A", position: 3).description
            == "expected a variabilní symbol of digits 0–9 only, found \"A\" at position 3")
    }

    @Test func codableAsStringNeverNumber() throws {
        let data = try JSONEncoder().encode([try VariableSymbol("0012")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"0012\"]")
        #expect(throws: (any Error).self) { try JSONDecoder().decode([VariableSymbol].self, from: Data("[\"12a\"]".utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode([VariableSymbol].self, from: Data("[12]".utf8)) }
    }
}
