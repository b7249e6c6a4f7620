import Testing
@testable import TownCore

@Suite struct SpaydBuilderTests {
    static func builder(_ iban: String) throws -> SpaydBuilder { try SpaydBuilder(account: IBAN(iban)) }

    @Test func wikipediaExample() throws {
        var builder = try Self.builder("CZ5855000000001265098001")
        builder.amount = Money(halere: 48_050)
        builder.message = "Payment for the goods"
        #expect(try builder.build() == "SPD*1.0*ACC:CZ5855000000001265098001*AM:480.50*CC:CZK*MSG:PAYMENT FOR THE GOODS")
    }

    @Test func kbExampleWithDueDateAndSymbol() throws {
        var builder = try Self.builder("CZ7801000000000000000123")
        builder.amount = Money(halere: 79_950)
        builder.dueDate = try DayDate(parsing: "2022-10-01")
        builder.variableSymbol = try VariableSymbol("9562231077")
        #expect(try builder.build() == "SPD*1.0*ACC:CZ7801000000000000000123*AM:799.50*CC:CZK*DT:20221001*X-VS:9562231077")
    }

    @Test func kbInstantPaymentExampleFoldedToRecommendedPractice() throws {
        var builder = try Self.builder("CZ2508000000000300300232")
        builder.amount = Money(crowns: 5_000)
        builder.paymentType = "IP"
        builder.message = "MIMOŘÁDNÝ VKLAD"
        builder.variableSymbol = try VariableSymbol("0987654321")
        builder.constantSymbol = "3558"
        builder.specificSymbol = "1234567890"
        // Published with diacritics and a trailing '*'; we emit uppercase ASCII and no trailing '*'.
        #expect(try builder.build()
            == "SPD*1.0*ACC:CZ2508000000000300300232*AM:5000.00*CC:CZK*PT:IP*MSG:MIMORADNY VKLAD*X-VS:0987654321*X-KS:3558*X-SS:1234567890")
    }

    @Test func municipalDogFeeExampleFromTheDomesticAccount() throws {
        var builder = SpaydBuilder(account: IBAN(czechAccount: try CzechBankAccount(parsing: "19-2000145399/0800")))
        builder.amount = Money(crowns: 600)
        builder.dueDate = try DayDate(parsing: "2025-03-31")
        builder.message = "Poplatek ze psa 2025"
        builder.variableSymbol = try VariableSymbol("1341000123")
        #expect(try builder.build()
            == "SPD*1.0*ACC:CZ6508000000192000145399*AM:600.00*CC:CZK*DT:20250331*MSG:POPLATEK ZE PSA 2025*X-VS:1341000123")
    }

    @Test func builtStringReadsBack() throws {
        var builder = try Self.builder("CZ6508000000192000145399")
        builder.amount = Money(halere: 12_345)
        builder.variableSymbol = try VariableSymbol("0042")
        builder.message = "Sleva 50% * akce"
        let text = try builder.build()
        #expect(text.hasSuffix("MSG:SLEVA 50%25 %2A AKCE*X-VS:0042"))
        let scanned = try ScannedPaymentCode(scanned: text)
        #expect(scanned.variableSymbol.digits == "0042" && scanned.amount == Money(halere: 12_345))
        #expect(try SpaydDocument(parsing: text).value("MSG") == "SLEVA 50% * AKCE")
    }

    @Test func optionalKeysInFixedOrder() throws {
        var builder = try Self.builder("CZ6508000000192000145399")
        builder.bic = "GIBACZPX"
        builder.alternateAccounts = [try IBAN("CZ5855000000001265098001")]
        builder.amount = Money(crowns: 1)
        builder.reference = "1234567890123456"
        builder.payeeName = "Město Holešov"
        builder.dueDate = try DayDate(parsing: "2026-01-31")
        builder.paymentType = "IP"
        builder.message = "Test"
        builder.variableSymbol = try VariableSymbol("1")
        builder.constantSymbol = "308"
        builder.specificSymbol = "2"
        let keys = try SpaydDocument(parsing: builder.build()).fields.map(\.key)
        #expect(keys == ["ACC", "ALT-ACC", "AM", "CC", "RF", "RN", "DT", "PT", "MSG", "X-VS", "X-KS", "X-SS"])
        #expect(try SpaydDocument(parsing: builder.build()).rawValue("ACC") == "CZ6508000000192000145399+GIBACZPX")
        #expect(try SpaydDocument(parsing: builder.build()).rawValue("RN") == "MESTO HOLESOV")
    }

    @Test func crc32MatchesKormaVector() throws {
        #expect(CRC32.hex(of: "SPD*1.0*ACC:CZ5855000000001265098001*AM:100.00*CC:CZK") == "AAD80227")
        var builder = try Self.builder("CZ5855000000001265098001")
        builder.amount = Money(crowns: 100)
        builder.includesCRC32 = true
        #expect(try builder.build() == "SPD*1.0*ACC:CZ5855000000001265098001*AM:100.00*CC:CZK*CRC32:AAD80227")
    }

    @Test func crc32HashesKeysInAlphabeticalOrder() throws {
        var builder = try Self.builder("CZ5855000000001265098001")
        builder.amount = Money(crowns: 100)
        builder.paymentType = "IP"
        builder.message = "X"
        builder.variableSymbol = try VariableSymbol("7")
        builder.includesCRC32 = true
        let text = try builder.build()
        // Emitted order is PT before MSG; the checksum covers MSG before PT.
        let sorted = "SPD*1.0*ACC:CZ5855000000001265098001*AM:100.00*CC:CZK*MSG:X*PT:IP*X-VS:7"
        #expect(text.hasSuffix("*CRC32:" + CRC32.hex(of: sorted)))
        #expect(text.hasPrefix("SPD*1.0*ACC:CZ5855000000001265098001*AM:100.00*CC:CZK*PT:IP*MSG:X*X-VS:7*"))
    }

    @Test func fieldLimitsAreEnforced() throws {
        var builder = try Self.builder("CZ5855000000001265098001")
        builder.message = String(repeating: "A", count: 60)
        #expect(try builder.build().hasSuffix(String(repeating: "A", count: 60)))
        builder.message = String(repeating: "A", count: 61)
        #expect(throws: SpaydBuildError.fieldTooLong(key: "MSG", maximum: 60, length: 61)) { try builder.build() }
        builder.message = String(repeating: "*", count: 21)  // 63 once encoded
        #expect(throws: SpaydBuildError.fieldTooLong(key: "MSG", maximum: 60, length: 63)) { try builder.build() }
        builder.message = nil
        builder.payeeName = String(repeating: "Ž", count: 36)
        #expect(throws: SpaydBuildError.fieldTooLong(key: "RN", maximum: 35, length: 36)) { try builder.build() }
        builder.payeeName = nil
        builder.specificSymbol = "12345678901"
        #expect(throws: SpaydBuildError.notDigits(key: "X-SS", maximum: 10, found: "\"12345678901\"")) { try builder.build() }
        builder.specificSymbol = nil
        builder.constantSymbol = "03A8"
        #expect(throws: SpaydBuildError.notDigits(key: "X-KS", maximum: 10, found: "\"03A8\"")) { try builder.build() }
        builder.constantSymbol = nil
        builder.reference = "12345678901234567"
        #expect(throws: SpaydBuildError.notDigits(key: "RF", maximum: 16, found: "\"12345678901234567\"")) { try builder.build() }
    }

    @Test func amountAndOtherFieldsAreValidated() throws {
        var builder = try Self.builder("CZ5855000000001265098001")
        builder.amount = .zero
        #expect(throws: SpaydBuildError.amountNotPositive(.zero)) { try builder.build() }
        builder.amount = Money(halere: 99_999_999_999)  // 999999999.99 = 12 characters
        #expect(throws: SpaydBuildError.fieldTooLong(key: "AM", maximum: 10, length: 12)) { try builder.build() }
        builder.amount = Money(halere: 999_999_999)  // 9999999.99 = 10 characters
        #expect(try builder.build().contains("*AM:9999999.99*"))
        builder.currency = "czk"
        #expect(throws: SpaydBuildError.invalidCurrency(found: "\"czk\"")) { try builder.build() }
        builder.currency = "CZK"
        builder.paymentType = "INST"
        #expect(throws: SpaydBuildError.invalidPaymentType(found: "\"INST\"")) { try builder.build() }
        builder.paymentType = nil
        builder.bic = "KOMB"
        #expect(throws: SpaydBuildError.invalidBIC(found: "\"KOMB\"")) { try builder.build() }
        builder.bic = nil
        builder.alternateAccounts = Array(repeating: try IBAN("CZ5855000000001265098001"), count: 3)
        #expect(throws: SpaydBuildError.tooManyAlternateAccounts(3)) { try builder.build() }
    }

    @Test func textMustBeASCIIAfterFolding() throws {
        var builder = try Self.builder("CZ5855000000001265098001")
        builder.message = "Platba €"
        #expect(throws: SpaydBuildError.unsupportedCharacter(key: "MSG", found: "\"€\"")) { try builder.build() }
        builder.message = "ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ áčďéěíňóřšťúůýž"
        #expect(try builder.build().hasSuffix("MSG:ACDEEINORSTUUYZ ACDEEINORSTUUYZ"))
        builder.message = "\u{0301}"
        #expect(throws: SpaydBuildError.emptyField(key: "MSG")) { try builder.build() }
    }
}

@Suite struct CzechTextFoldingTests {
    @Test func foldsCzechAndSlovakLetters() {
        #expect(CzechTextFolding.asciiUppercase("Příliš žluťoučký kůň úpěl ďábelské ódy") == "PRILIS ZLUTOUCKY KUN UPEL DABELSKE ODY")
        #expect(CzechTextFolding.asciiUppercase("Ľubomír Ŕôäĺ") == "LUBOMIR ROAL")
    }

    @Test func foldsDecomposedTextAndTypography() {
        #expect(CzechTextFolding.asciiUppercase("Pr\u{030C}i\u{0301}klad") == "PRIKLAD")
        #expect(CzechTextFolding.asciiUppercase("Psi\u{00A0}–\u{00A0}„Rex“") == "PSI - \"REX\"")
    }

    @Test func leavesOtherCharactersForTheCallerToJudge() {
        #expect(CzechTextFolding.asciiUppercase("ß€") == "ß€")
    }
}

@Suite struct CRC32Tests {
    @Test func standardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.hex(of: "123456789") == "CBF43926")
    }

    @Test func emptyInputAndPadding() {
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.hex(of: "") == "00000000")
        #expect(CRC32.hex(of: "a") == "E8B7BE43")
    }
}
