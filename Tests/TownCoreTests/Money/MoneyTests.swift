import Testing
import TownCore

@Suite struct MoneyFormattingTests {
    @Test(arguments: [
        (Int64(123_450), "1 234,50 Kč"),
        (0, "0,00 Kč"),
        (5, "0,05 Kč"),
        (100, "1,00 Kč"),
        (99_999_999, "999 999,99 Kč"),
        (-123_450, "-1 234,50 Kč"),
        (500_000_000, "5 000 000,00 Kč"),
    ])
    func czechFormat(halere: Int64, text: String) {
        #expect(Money(halere: halere).description == text)
    }

    @Test func decimalFormForBankFormats() {
        #expect(Money(halere: 48_050).decimalString == "480.50")
        #expect(Money(halere: 7).decimalString == "0.07")
        #expect(Money(halere: -100).decimalString == "-1.00")
    }

    @Test(arguments: [
        ("1234", Int64(123_400)), ("1 234,50", 123_450), ("1 234,50 Kč", 123_450), ("1234,50Kč", 123_450),
        ("0,05", 5), ("-12,00", -1_200), ("1 000 000", 100_000_000), ("5\u{00A0}000,00\u{00A0}Kč", 500_000),
    ])
    func strictParsingAcceptsCzechForms(text: String, halere: Int64) throws {
        #expect(try Money.parseCzech(text) == Money(halere: halere))
    }

    @Test(arguments: ["", "Kč", "12.50", "1,5", "1,505", "12 34", "1  234", "1,234,00", "abc", "1e3", "+5", "١٢٣",
                      "12 345 6789", "9999999999999999"])
    func strictParsingRefusesEverythingElse(text: String) {
        let error = #expect(throws: MoneyParseError.self) { try Money.parseCzech(text) }
        #expect(error?.description.contains("expected e.g. 1234, 1 234,50 or 1 234,50 Kč") == true)
    }

    @Test func roundTripsEveryAmountItPrints() throws {
        var random = SeededRandomNumberGenerator(seed: 7)
        for _ in 0..<10_000 {
            let money = Money(halere: Int64.random(in: -10_000_000_000...10_000_000_000, using: &random))
            #expect(try Money.parseCzech(money.description) == money)
        }
    }

    @Test func arithmeticAndCodableAreInHalere() throws {
        let a = Money(crowns: 12)
        #expect(a + Money(halere: 50) == Money(halere: 1_250))
        #expect(a * 3 == Money(crowns: 36))
        #expect([a, a, Money(halere: 1)].sum() == Money(halere: 2_401))
        #expect(Money(halere: 250).isWholeCrowns == false)
        #expect(Money(halere: 300).wholeCrowns == 3)
    }
}
