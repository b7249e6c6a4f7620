import Journal
import Testing
import TownCore
@testable import Reports

@Suite struct CloseDayReportTests {
    let day = try! DayDate(parsing: "2026-03-31")

    func report(_ records: [JournalRecord], day: DayDate) throws -> CloseDayReport {
        let window = PragueTime.startOfDay(day)..<PragueTime.startOfDay(PragueTime.nextDay(day))
        return try CloseDayReport(kiosk: "K01", day: day, facts: try ReportFacts.collect(records, window: window))
    }

    @Test func totalsByMethodAreExactAndExcludeNeighbouringDays() throws {
        let closing = try report(ReportScenario.records(), day: day)
        #expect(closing.payments.count == 5)
        #expect(closing.payments.amount == Money(halere: 191_420))
        #expect(closing.payments.cash == Money(halere: 158_400))
        #expect(closing.payments.card == Money(halere: 33_030))
        let cash = try #require(closing.byMethod[.cash])
        #expect(cash.count == 3 && cash.amount == Money(halere: 138_390) && cash.cash == Money(halere: 138_400))
        let card = try #require(closing.byMethod[.card])
        #expect(card.count == 1 && card.amount == Money(halere: 3_000) && card.card == Money(halere: 3_000))
        let mixed = try #require(closing.byMethod[.mixed])
        #expect(mixed.count == 1 && mixed.cash == Money(halere: 20_000) && mixed.card == Money(halere: 30_030))
    }

    @Test func totalsByFeeTypeLumpObligations() throws {
        let closing = try report(ReportScenario.records(), day: day)
        #expect(closing.byFeeType.map(\.feeType.code) == ["OVERENI-PODPISU", "VYPIS-RT", "obligation"])
        #expect(closing.byFeeType.map(\.totals.count) == [1, 2, 2])
        #expect(closing.byFeeType.map(\.totals.amount) == [Money(halere: 3_000), Money(halere: 14_990), Money(halere: 173_430)])
        #expect(closing.byFeeType[1].label == "Výpis z rejstříku trestů, \"RT\"")
    }

    @Test func receiptsPayoutsRefundsAndRounding() throws {
        let closing = try report(ReportScenario.records(), day: day)
        #expect(closing.receipts == ReceiptRange(first: "K01-2026-000002", last: "K01-2026-000007", count: 6, missing: []))
        #expect(closing.payouts == Tally(count: 1, amount: Money(halere: 153_540)))
        #expect(closing.payoutCash == Money(halere: 153_500))
        #expect(closing.payoutRounding == Money(halere: -40))
        #expect(closing.paymentRounding == Money(halere: 10), "+0,40 and −0,30")
        #expect(closing.changeGiven == Money(halere: 76_600))
        #expect(closing.refundsOwed == Tally(count: 1, amount: Money(halere: 2_000)))
        #expect(closing.refundsPaid == Money(halere: 50_000))
        #expect(closing.cancelledTransactions == 2)
        #expect(closing.suspects.map(\.reference) == ["K01-T000010"])
        #expect(closing.resolvedSuspects == ["T000010"])
    }

    @Test func cashMovementPerUnit() throws {
        let closing = try report(ReportScenario.records(), day: day)
        let lines = Dictionary(uniqueKeysWithValues: closing.cashMovement.map { ($0.unit, $0) })
        #expect(lines[CashMovementLine.noteIntake]?.received == Money(halere: 250_000))
        #expect(lines[CashMovementLine.coinIntake]?.received == Money(halere: 2_000))
        #expect(lines["recycler"]?.dispensed == Money(halere: 120_000), "700 Kč change + 500 Kč refund")
        #expect(lines["hopper"]?.dispensed == Money(halere: 6_600))
        #expect(lines["hopper"]?.refilled == Money(halere: 100_000))
        #expect(lines["cashbox"]?.collected == Money(halere: 100_000))
        #expect(lines[CashMovementLine.unknownUnit]?.dispensed == Money(halere: 153_500), "payout step without its plan")
        #expect(closing.collections.map(\.difference) == [Money(halere: -100_000)])
    }

    @Test func emptyDayIsAllZeros() throws {
        let closing = try report(ReportScenario.records(), day: try DayDate(parsing: "2026-04-05"))
        #expect(closing.payments == PaymentTotals())
        #expect(closing.receipts == nil)
        #expect(closing.byFeeType.isEmpty)
        #expect(closing.cashMovement.count == 6)
        #expect(closing.cashMovement.allSatisfy { $0.received.isZero && $0.dispensed.isZero && $0.refilled.isZero && $0.collected.isZero })
        #expect(closing.text().contains("Receipts:        none issued"))
    }

    @Test func neighbouringDaysHoldTheirOwnPayments() throws {
        let before = try report(ReportScenario.records(), day: try DayDate(parsing: "2026-03-30"))
        #expect(before.payments.count == 1 && before.receipts?.first == "K01-2026-000001")
        let after = try report(ReportScenario.records(), day: try DayDate(parsing: "2026-04-01"))
        #expect(after.payments.count == 1 && after.receipts?.last == "K01-2026-000008")
    }

    @Test func receiptGapsAreNamed() throws {
        let kiosk = try KioskCode("K01")
        let numbers = try [1, 2, 5, 13].map { try ReceiptNumber(kiosk: kiosk, year: 2026, sequence: $0) }
        let range = try #require(CloseDayReport.range(numbers.reversed()))
        #expect(range.first == "K01-2026-000001" && range.last == "K01-2026-000013" && range.count == 4)
        #expect(range.missing == ["K01-2026-000003", "K01-2026-000004", "K01-2026-000006", "K01-2026-000007", "K01-2026-000008",
                                  "K01-2026-000009", "K01-2026-000010", "… 2 more"])
    }

    @Test func textIsAlignedAndCzechFormatted() throws {
        let text = try report(ReportScenario.records(), day: day).text()
        #expect(text.contains("Daily closing — kiosk K01, 2026-03-31"))
        #expect(text.contains("total         5  1 914,20 Kč  1 584,00 Kč  330,30 Kč\n"), "\(text)")
        #expect(text.contains("cashbox     novak       2 000,00 Kč  1 000,00 Kč  -1 000,00 Kč\n"))
        #expect(text.contains("Rounding:        payments +0,10 Kč, payouts -0,40 Kč"))
        #expect(text.contains("K01-2026-000002 … K01-2026-000007 (6), no gaps"))
        #expect(text.contains("K01-T000010: payout outcome unknown"))
    }

    @Test func csvFollowsRFC4180() throws {
        let csv = try report(ReportScenario.records(), day: day).csv()
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.first == "section,key,label,count,amount_halere,amount_kc")
        #expect(lines.last == "", "every row ends in CRLF")
        #expect(lines.contains("payments,total,,5,191420,1914.20"))
        #expect(lines.contains("fee_type,VYPIS-RT,\"Výpis z rejstříku trestů, \"\"RT\"\"\",2,14990,149.90"))
        #expect(lines.contains("rounding,payouts,,,-40,-0.40"))
        #expect(lines.contains("collection_difference,cashbox,novak,,-100000,-1000.00"))
        #expect(!csv.contains(";"))
    }
}
