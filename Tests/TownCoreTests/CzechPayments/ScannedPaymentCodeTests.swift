import Testing
@testable import TownCore

@Suite struct ScannedPaymentCodeTests {
    @Test func plainSymbolWithScannerSuffix() throws {
        let code = try ScannedPaymentCode(scanned: "1341000123\r\n")
        #expect(code.kind == .plainVariableSymbol)
        #expect(code.variableSymbol.digits == "1341000123")
        #expect(code.amount == nil)
    }

    @Test func plainSymbolKeepsLeadingZeros() throws {
        #expect(try ScannedPaymentCode(scanned: " 0987654321\t").variableSymbol.digits == "0987654321")
    }

    @Test func czechKeyboardLayoutDigitsAreMappedBack() throws {
        // A wedge scanner sending US key codes to a PC with the Czech layout types "+ěščřžýáíé" for 1234567890.
        let code = try ScannedPaymentCode(scanned: "+čéí\r")
        #expect(code.variableSymbol.digits == "1409")
        #expect(code.kind == .plainVariableSymbol)
    }

    @Test func spaydGivesSymbolAndAmount() throws {
        let code = try ScannedPaymentCode(
            scanned: "SPD*1.0*ACC:CZ6508000000192000145399*AM:600.00*CC:CZK*DT:20250331*MSG:POPLATEK ZE PSA 2025*X-VS:1341000123\n")
        #expect(code.kind == .spayd)
        #expect(code.variableSymbol.digits == "1341000123")
        #expect(code.amount == Money(crowns: 600))
    }

    @Test func spaydPublishedKBExampleWithTrailingStarAndDiacritics() throws {
        let code = try ScannedPaymentCode(scanned:
            "SPD*1.0*ACC:CZ2508000000000300300232*AM:5000.00*CC:CZK*PT:IP*MSG:MIMOŘÁDNÝ VKLAD*X-VS:0987654321*X-KS:3558*X-SS:1234567890*")
        #expect(code.variableSymbol.digits == "0987654321")
        #expect(code.amount == Money(crowns: 5_000))
    }

    @Test func spaydWithoutAmountIsFine() throws {
        let code = try ScannedPaymentCode(scanned: "SPD*1.0*ACC:CZ5855000000001265098001*X-VS:42")
        #expect(code.amount == nil)
        #expect(code.variableSymbol.digits == "42")
    }

    @Test func rejectsSpaydWithoutSymbol() {
        #expect(throws: ScannedPaymentCodeError.spaydWithoutVariableSymbol) {
            try ScannedPaymentCode(scanned: "SPD*1.0*ACC:CZ5855000000001265098001*AM:480.50*CC:CZK*MSG:PAYMENT FOR THE GOODS")
        }
    }

    @Test func rejectsForeignCurrencyAndZeroAmount() {
        #expect(throws: ScannedPaymentCodeError.unsupportedCurrency("\"EUR\"")) {
            try ScannedPaymentCode(scanned: "SPD*1.0*ACC:CZ5855000000001265098001*AM:10.00*CC:EUR*X-VS:1")
        }
        #expect(throws: ScannedPaymentCodeError.amountNotPositive(.zero)) {
            try ScannedPaymentCode(scanned: "SPD*1.0*ACC:CZ5855000000001265098001*AM:0.00*CC:CZK*X-VS:1")
        }
    }

    @Test func rejectsBrokenSpaydWithItsReason() {
        #expect(throws: ScannedPaymentCodeError.invalidSpayd(.badVariableSymbol(.tooLong(length: 11)))) {
            try ScannedPaymentCode(scanned: "SPD*1.0*ACC:CZ5855000000001265098001*X-VS:12345678901")
        }
        #expect(throws: ScannedPaymentCodeError.invalidSpayd(.badAmount(found: "\"480,50\""))) {
            try ScannedPaymentCode(scanned: "SPD*1.0*ACC:CZ5855000000001265098001*AM:480,50*X-VS:1")
        }
        #expect(throws: ScannedPaymentCodeError.invalidSpayd(.missingAccount)) {
            try ScannedPaymentCode(scanned: "SPD*1.0*X-VS:1")
        }
    }

    @Test(arguments: ["https://example.com/pay?vs=1", "ABC123", "12 34", "8594000000017x", "spd*1.0*ACC:X"])
    func rejectsGarbage(_ text: String) {
        #expect(throws: ScannedPaymentCodeError.unrecognized(found: "\"\(text)\"")) { try ScannedPaymentCode(scanned: text) }
    }

    @Test func rejectsTooLongNumberAndEmptyScan() {
        #expect(throws: ScannedPaymentCodeError.invalidVariableSymbol(.tooLong(length: 13))) {
            try ScannedPaymentCode(scanned: "8594000000017")  // an EAN-13, not a VS
        }
        #expect(throws: ScannedPaymentCodeError.empty) { try ScannedPaymentCode(scanned: "\r\n") }
    }

    @Test func garbageMessageIsClearAndBounded() {
        let text = String(repeating: "x", count: 500)
        let error = #expect(throws: ScannedPaymentCodeError.self) { try ScannedPaymentCode(scanned: text) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("expected a variabilní symbol (1–10 digits) or a QR Platba code (SPD*…), found \"xxx"))
        #expect(message.count < 150)
    }
}
