import Foundation
import Testing
@testable import TownCore

@Suite struct FeeCatalogTests {
    static func catalog() throws -> FeeCatalog {
        try FeeCatalog([
            FeeItem(code: "OVERENI-PODPISU", nameCs: "Ověření podpisu", nameEn: "Signature certification",
                    pricing: .fixed(Money(crowns: 50))),
            FeeItem(code: "KOPIE", nameCs: "Kopie dokumentů", nameEn: "Document copies",
                    pricing: .entered(minimum: Money(crowns: 2), maximum: Money(crowns: 500))),
        ])
    }

    @Test func looksUpByCode() throws {
        let catalog = try Self.catalog()
        #expect(catalog.item(code: "KOPIE")?.nameEn == "Document copies")
        #expect(catalog.item(code: "kopie") == nil)
        #expect(try catalog.lookup(code: "OVERENI-PODPISU").nameCs == "Ověření podpisu")
        #expect(throws: FeeCatalogError.unknownCode("\"PES\"")) { try catalog.lookup(code: "PES") }
    }

    @Test func fixedFeeChargesItsAmount() throws {
        let item = try #require(try Self.catalog().item(code: "OVERENI-PODPISU"))
        #expect(try item.amount(entered: nil) == Money(crowns: 50))
        #expect(try item.amount(entered: Money(crowns: 50)) == Money(crowns: 50))
        #expect(throws: FeeAmountError.differsFromFixed(code: "OVERENI-PODPISU", fixed: Money(crowns: 50), entered: Money(crowns: 40))) {
            try item.amount(entered: Money(crowns: 40))
        }
    }

    @Test func enteredFeeStaysWithinInclusiveRange() throws {
        let item = try #require(try Self.catalog().item(code: "KOPIE"))
        #expect(try item.amount(entered: Money(crowns: 2)) == Money(crowns: 2))
        #expect(try item.amount(entered: Money(crowns: 500)) == Money(crowns: 500))
        #expect(throws: FeeAmountError.outOfRange(code: "KOPIE", minimum: Money(crowns: 2), maximum: Money(crowns: 500), entered: Money(halere: 199))) {
            try item.amount(entered: Money(halere: 199))
        }
        #expect(throws: FeeAmountError.outOfRange(code: "KOPIE", minimum: Money(crowns: 2), maximum: Money(crowns: 500), entered: Money(halere: 50_001))) {
            try item.amount(entered: Money(halere: 50_001))
        }
        #expect(throws: FeeAmountError.amountRequired(code: "KOPIE", minimum: Money(crowns: 2), maximum: Money(crowns: 500))) {
            try item.amount(entered: nil)
        }
    }

    @Test func rejectsBadDefinitions() {
        #expect(throws: FeeItemError.invalidCode(found: "\"kopie\"")) {
            try FeeItem(code: "kopie", nameCs: "a", nameEn: "b", pricing: .fixed(Money(crowns: 1)))
        }
        #expect(throws: FeeItemError.emptyName(code: "A", language: "en")) {
            try FeeItem(code: "A", nameCs: "a", nameEn: "", pricing: .fixed(Money(crowns: 1)))
        }
        #expect(throws: FeeItemError.fixedAmountNotPositive(code: "A", .zero)) {
            try FeeItem(code: "A", nameCs: "a", nameEn: "b", pricing: .fixed(.zero))
        }
        #expect(throws: FeeItemError.invalidRange(code: "A", minimum: Money(crowns: 5), maximum: Money(crowns: 4))) {
            try FeeItem(code: "A", nameCs: "a", nameEn: "b", pricing: .entered(minimum: Money(crowns: 5), maximum: Money(crowns: 4)))
        }
    }

    @Test func rejectsDuplicateCodes() throws {
        let item = try FeeItem(code: "A", nameCs: "a", nameEn: "b", pricing: .fixed(Money(crowns: 1)))
        #expect(throws: FeeCatalogError.duplicateCode("A")) { try FeeCatalog([item, item]) }
    }

    @Test func codableRoundTripAndValidatedDecode() throws {
        let catalog = try Self.catalog()
        let data = try JSONEncoder().encode(catalog)
        #expect(try JSONDecoder().decode(FeeCatalog.self, from: data) == catalog)
        let ranged = Data("""
            [{"code":"B","nameCs":"a","nameEn":"b","pricing":{"kind":"entered","minimum":200,"maximum":50000}}]
            """.utf8)
        let decoded = try JSONDecoder().decode(FeeCatalog.self, from: ranged)
        #expect(decoded.item(code: "B")?.pricing == .entered(minimum: Money(crowns: 2), maximum: Money(crowns: 500)))
        let invalidRange = Data("""
            [{"code":"B","nameCs":"a","nameEn":"b","pricing":{"kind":"entered","minimum":500,"maximum":200}}]
            """.utf8)
        #expect(throws: FeeItemError.self) { try JSONDecoder().decode(FeeCatalog.self, from: invalidRange) }
        let duplicated = Data("""
            [{"code":"A","nameCs":"a","nameEn":"b","pricing":{"kind":"fixed","amount":100}},
             {"code":"A","nameCs":"a","nameEn":"b","pricing":{"kind":"fixed","amount":100}}]
            """.utf8)
        #expect(throws: FeeCatalogError.duplicateCode("A")) { try JSONDecoder().decode(FeeCatalog.self, from: duplicated) }
    }
}
