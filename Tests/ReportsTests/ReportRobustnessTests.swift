import Engine
import Journal
import Testing
import TownCore
@testable import Reports

@Suite struct ReportRobustnessTests {
    let window = Int64.min..<Int64.max

    @Test func aMalformedPayloadIsATypedErrorNotATrap() throws {
        var script = JournalScript()
        script.append(type: "receipt.issued", json: "{}", at: 1)
        #expect {
            _ = try ReportFacts.collect(script.records, window: window)
        } throws: { error in
            guard case let ReportError.malformedRecord(type, expected, _)? = error as? ReportError else { return false }
            return type == "receipt.issued" && expected.contains("record 1")
        }
    }

    @Test func aCollectionWithAFakeDenominationIsRefused() throws {
        var script = JournalScript()
        script.append(type: "cash.collected", json: """
            {"counted":{"30000":1},"counted_amount":30000,"difference":0,"expected":{},"expected_amount":0,\
            "technician":"novak","unit":"cashbox"}
            """, at: 1)
        let error = #expect(throws: ReportError.self) { _ = try ReportFacts.collect(script.records, window: window) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("expected a denomination in haléře (e.g. 20000), found 30000"))
    }

    @Test func sumsThatWouldOverflowAreRefused() throws {
        var script = JournalScript()
        let huge = Money(halere: Int64.max / 2 + 1)
        for number in 1...2 {
            script.payment(number, transaction: number, target: ReportScenario.signature, amount: huge, card: huge,
                           receipt: number, at: JournalScript.at(9, number))
        }
        let facts = try ReportFacts.collect(script.records, window: window)
        #expect(throws: ReportError.self) {
            _ = try CloseDayReport(kiosk: "K01", day: try DayDate(parsing: "2026-03-31"), facts: facts)
        }
        #expect(throws: ReportError.self) { _ = try Tally(count: 1, amount: Money(halere: .max)).adding(Money(halere: 1)) }
        let pieces = try PieceCounts([.note5000: Int.max])
        #expect(throws: PieceCountError.self) { _ = try pieces.amount() }
    }

    @Test func negativePieceCountsAreRefused() {
        #expect(throws: PieceCountError.self) { _ = try PieceCounts([.coin20: -1]) }
    }

    @Test func tableAlignsColumnsAndCSVQuotes() {
        var table = TextTable(["Unit", "amount"])
        table.append(["recycler", "1 234,00 Kč"])
        table.append(["hopper", "5,00 Kč"])
        #expect(table.render() == "Unit           amount\n--------  -----------\nrecycler  1 234,00 Kč\nhopper        5,00 Kč\n")
        #expect(CSVDocument.field("plain") == "plain")
        #expect(CSVDocument.field("a,b") == "\"a,b\"")
        #expect(CSVDocument.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVDocument.field("two\nlines") == "\"two\nlines\"")
    }
}

extension Tally {
    fileprivate func adding(_ money: Money) throws(ReportError) -> Tally {
        var copy = self
        try copy.add(money)
        return copy
    }
}
