import Foundation
import Testing
@testable import TownCore

@Suite struct BankAccountTests {
    /// The four published pairs from domain.md §1.3.
    static let publishedPairs = [
        ("19-2000145399/0800", "CZ6508000000192000145399"),
        ("178124-4159/0710", "CZ6907101781240000004159"),
        ("1265098001/5500", "CZ5855000000001265098001"),
        ("810883001/5500", "CZ9555000000000810883001"),
    ]

    @Test(arguments: publishedPairs)
    func domesticToIBAN(_ domestic: String, _ iban: String) throws {
        let account = try CzechBankAccount(parsing: domestic)
        #expect(account.description == domestic)
        #expect(IBAN(czechAccount: account).electronic == iban)
    }

    @Test(arguments: publishedPairs)
    func ibanToDomestic(_ domestic: String, _ iban: String) throws {
        let parsed = try IBAN(iban)
        #expect(try parsed.czechAccount().description == domestic)
    }

    @Test func partsOfAParsedAccount() throws {
        let account = try CzechBankAccount(parsing: " 19-2000145399/0800 ")
        #expect(account.prefix == 19 && account.number == 2_000_145_399 && account.bankCode == "0800")
        #expect(account.bban == "08000000192000145399")
        #expect(try CzechBankAccount(parsing: "000019-2000145399/0800") == account)
        #expect(try CzechBankAccount(parsing: "178124-0000004159/0710").description == "178124-4159/0710")
    }

    @Test func mod11CatchesSingleDigitErrors() {
        #expect(throws: BankAccountError.numberChecksum(2_000_145_398)) { try CzechBankAccount(parsing: "19-2000145398/0800") }
        #expect(throws: BankAccountError.prefixChecksum(18)) { try CzechBankAccount(parsing: "18-2000145399/0800") }
        #expect(throws: BankAccountError.numberChecksum(1_265_098_002)) { try CzechBankAccount(parsing: "1265098002/5500") }
    }

    @Test(arguments: ["2000145399", "19-2000145399-0800", "19-2000145399/080", "19-2000145399/08000", "1234567-2000145399/0800",
                      "19-20001453990/0800", "19-0002000145399/0800", "19 - 2000145399/0800", "-2000145399/0800", "19-/0800", "abc/0800", "1/0800"])
    func rejectsMalformedAccounts(_ text: String) {
        #expect(throws: BankAccountError.self) { try CzechBankAccount(parsing: text) }
    }

    @Test func rejectsOutOfRangeParts() {
        #expect(throws: BankAccountError.numberOutOfRange(0)) { try CzechBankAccount(number: 0, bankCode: "0100") }
        #expect(throws: BankAccountError.prefixOutOfRange(1_000_000)) { try CzechBankAccount(prefix: 1_000_000, number: 19, bankCode: "0100") }
        #expect(throws: BankAccountError.bankCodeMalformed(found: "\"08a0\"")) { try CzechBankAccount(number: 19, bankCode: "08a0") }
    }

    @Test func ibanPrintedFormAndNormalisation() throws {
        let iban = try IBAN("CZ65 0800 0000 1920 0014 5399")
        #expect(iban.electronic == "CZ6508000000192000145399")
        #expect(iban.printed == "CZ65 0800 0000 1920 0014 5399")
        #expect(iban.countryCode == "CZ" && iban.checkDigits == "65")
        #expect(try IBAN("cz6508000000192000145399") == iban)
    }

    @Test func genericIBANValidation() throws {
        // Well-known published examples of other countries' IBANs.
        let germany = try IBAN("DE89370400440532013000")
        #expect(germany.printed == "DE89 3704 0044 0532 0130 00")
        #expect(throws: IBANError.notCzech("DE89370400440532013000")) { try germany.czechAccount() }
        #expect(try IBAN("GB82WEST12345698765432").countryCode == "GB")
        #expect(throws: IBANError.checksum(found: "\"DE88370400440532013000\"")) { try IBAN("DE88370400440532013000") }
        #expect(throws: IBANError.checksum(found: "\"GB82WEST12345698765433\"")) { try IBAN("GB82WEST12345698765433") }
    }

    @Test func rejectsMalformedIBANs() {
        #expect(throws: IBANError.lengthOutOfRange(length: 6, found: "\"CZ6508\"")) { try IBAN("CZ6508") }
        #expect(throws: IBANError.malformed(found: "\"1Z6508000000192000145399\"")) { try IBAN("1Z6508000000192000145399") }
        #expect(throws: IBANError.malformed(found: "\"CZ65-0800-0000-1920-0014-5399\"")) { try IBAN("CZ65-0800-0000-1920-0014-5399") }
        #expect(throws: IBANError.self) { try IBAN("CZ65080000001920001453991") }  // 25 characters
    }

    @Test func czechIBANMustHoldAValidDomesticAccount() throws {
        // Check digits recomputed for a base number that fails mod 11, so only the domestic check can catch it.
        let bban = Array("08000000192000145398".utf8)
        let check = 98 - IBAN.mod97(bban + Array("CZ00".utf8))
        let text = "CZ" + (check < 10 ? "0" : "") + String(check) + "08000000192000145398"
        #expect(throws: IBANError.domesticAccount(.numberChecksum(2_000_145_398))) { try IBAN(text) }
    }

    @Test func codableForms() throws {
        let account = try CzechBankAccount(parsing: "19-2000145399/0800")
        let data = try JSONEncoder().encode([account])
        #expect(String(decoding: data, as: UTF8.self) == "[\"19-2000145399\\/0800\"]")
        #expect(try JSONDecoder().decode([CzechBankAccount].self, from: data) == [account])
        let ibanData = try JSONEncoder().encode([IBAN(czechAccount: account)])
        #expect(String(decoding: ibanData, as: UTF8.self) == "[\"CZ6508000000192000145399\"]")
    }
}
