import Testing
@testable import TownCore

@Suite struct SpaydDocumentTests {
    @Test func parsesFieldsInOrder() throws {
        let document = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ7801000000000000000123*AM:799.50*CC:CZK*DT:20221001*X-VS:9562231077")
        #expect(document.version == "1.0")
        #expect(document.fields.map(\.key) == ["ACC", "AM", "CC", "DT", "X-VS"])
        #expect(document.rawValue("DT") == "20221001")
        #expect(try document.amount() == Money(halere: 79_950))
        #expect(try document.variableSymbol()?.digits == "9562231077")
        #expect(document.rawValue("MSG") == nil)
    }

    @Test func decodesPercentEscapes() throws {
        let document = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ5855000000001265098001*MSG:A%2AB P%C5%98%C3%8DKLAD")
        #expect(document.rawValue("MSG") == "A%2AB P%C5%98%C3%8DKLAD")
        #expect(try document.value("MSG") == "A*B PŘÍKLAD")
        let broken = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ5855000000001265098001*MSG:100%*X-VS:1")
        #expect(throws: SpaydParseError.badEscape(key: "MSG")) { try broken.value("MSG") }
        #expect(try broken.variableSymbol()?.digits == "1")  // a bad message does not hide the symbol
        let invalidUTF8 = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ5855000000001265098001*MSG:%C5")
        #expect(throws: SpaydParseError.badEscape(key: "MSG")) { try invalidUTF8.value("MSG") }
    }

    @Test(arguments: [("480.50", Int64(48_050)), ("480.5", 48_050), ("480", 48_000), ("480.", 48_000), (".5", 50),
                      ("9999999999.99", 999_999_999_999)])
    func readsAmounts(_ text: String, _ halere: Int64) throws {
        let document = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ5855000000001265098001*AM:\(text)")
        #expect(try document.amount() == Money(halere: halere))
    }

    @Test(arguments: ["480,50", "1.234", ".", "-5", "12345678901", "1.2.3", "1e3", "٤"])
    func rejectsBadAmounts(_ text: String) throws {
        let document = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ5855000000001265098001*AM:\(text)")
        #expect(throws: SpaydParseError.self) { try document.amount() }
    }

    @Test func rejectsStructuralErrors() {
        let acc = "ACC:CZ5855000000001265098001"
        #expect(throws: SpaydParseError.missingHeader(found: "\"SPX*1.0*ACC:…\"")) { try SpaydDocument(parsing: "SPX*1.0*\(acc)") }
        #expect(throws: SpaydParseError.badVersion(found: "\"1\"")) { try SpaydDocument(parsing: "SPD*1*\(acc)") }
        #expect(throws: SpaydParseError.malformedAttribute(position: 2, found: "\"\"")) { try SpaydDocument(parsing: "SPD*1.0*\(acc)**") }
        #expect(throws: SpaydParseError.malformedAttribute(position: 2, found: "\"AM480\"")) { try SpaydDocument(parsing: "SPD*1.0*\(acc)*AM480") }
        #expect(throws: SpaydParseError.badKey(found: "\"am\"")) { try SpaydDocument(parsing: "SPD*1.0*\(acc)*am:1") }
        #expect(throws: SpaydParseError.emptyValue(key: "MSG")) { try SpaydDocument(parsing: "SPD*1.0*\(acc)*MSG:") }
        #expect(throws: SpaydParseError.duplicateKey("AM")) { try SpaydDocument(parsing: "SPD*1.0*\(acc)*AM:1*AM:2") }
        #expect(throws: SpaydParseError.missingAccount) { try SpaydDocument(parsing: "SPD*1.0*AM:1") }
        #expect(throws: SpaydParseError.missingAccount) { try SpaydDocument(parsing: "SPD*1.0*") }
        #expect(throws: SpaydParseError.tooLong(length: 5000)) {
            try SpaydDocument(parsing: "SPD*1.0*" + String(repeating: "A", count: 4992))
        }
    }

    @Test func valueMayContainColons() throws {
        let document = try SpaydDocument(parsing: "SPD*1.0*ACC:CZ5855000000001265098001*X-URL:HTTPS://EXAMPLE.CZ")
        #expect(document.rawValue("X-URL") == "HTTPS://EXAMPLE.CZ")
    }
}
