import Foundation
import Testing
@testable import TownCore

@Suite struct ObligationTests {
    static func dogFee(paid: Money = .zero, partial: Bool = true) throws -> Obligation {
        try Obligation(
            id: "POHL-2026-77", variableSymbol: VariableSymbol("1341000123"), description: "Poplatek ze psa 2026",
            payerDisplayName: "Jana Nováková", amountDue: Money(crowns: 600), amountPaid: paid,
            allowsPartialPayment: partial, dueDate: DayDate(parsing: "2026-03-31"))
    }

    @Test func outstandingIsDueMinusPaid() throws {
        let obligation = try Self.dogFee(paid: Money(crowns: 200))
        #expect(obligation.outstanding == Money(crowns: 400))
        #expect(!obligation.isSettled)
    }

    @Test func partialThenFinalPaymentSettles() throws {
        let first = try Self.dogFee().applying(payment: Money(halere: 25_050))
        #expect(first.amountPaid == Money(halere: 25_050))
        #expect(first.outstanding == Money(halere: 34_950))
        let second = try first.applying(payment: Money(halere: 34_950))
        #expect(second.isSettled)
        #expect(second.amountDue == Money(crowns: 600))
        #expect(second.variableSymbol.digits == "1341000123")
    }

    @Test func refusesOverpayment() throws {
        let obligation = try Self.dogFee(paid: Money(crowns: 500))
        #expect(throws: PaymentApplicationError.exceedsOutstanding(payment: Money(crowns: 101), outstanding: Money(crowns: 100))) {
            try obligation.applying(payment: Money(crowns: 101))
        }
    }

    @Test func refusesPartialWhenNotAllowed() throws {
        let obligation = try Self.dogFee(partial: false)
        #expect(throws: PaymentApplicationError.partialPaymentNotAllowed(payment: Money(crowns: 100), outstanding: Money(crowns: 600))) {
            try obligation.applying(payment: Money(crowns: 100))
        }
        #expect(try obligation.applying(payment: Money(crowns: 600)).isSettled)
    }

    @Test(arguments: [Int64(0), -1, -60_000])
    func refusesZeroAndNegativePayments(_ halere: Int64) throws {
        #expect(throws: PaymentApplicationError.notPositive(Money(halere: halere))) {
            try Self.dogFee().applying(payment: Money(halere: halere))
        }
    }

    @Test func refusesPaymentOnSettledObligation() throws {
        let settled = try Self.dogFee(paid: Money(crowns: 600))
        #expect(throws: PaymentApplicationError.alreadySettled(id: "POHL-2026-77")) {
            try settled.applying(payment: Money(crowns: 1))
        }
    }

    @Test func rejectsInconsistentRecords() throws {
        let vs = try VariableSymbol("1")
        #expect(throws: ObligationError.emptyID) {
            try Obligation(id: "", variableSymbol: vs, description: "x", amountDue: Money(crowns: 1), allowsPartialPayment: true)
        }
        #expect(throws: ObligationError.amountDueNotPositive(id: "A", .zero)) {
            try Obligation(id: "A", variableSymbol: vs, description: "x", amountDue: .zero, allowsPartialPayment: true)
        }
        #expect(throws: ObligationError.amountPaidOutOfRange(id: "A", paid: Money(crowns: 2), due: Money(crowns: 1))) {
            try Obligation(id: "A", variableSymbol: vs, description: "x", amountDue: Money(crowns: 1),
                           amountPaid: Money(crowns: 2), allowsPartialPayment: true)
        }
    }

    @Test func errorMessagesNameExpectedAndFound() {
        let error = PaymentApplicationError.exceedsOutstanding(payment: Money(crowns: 700), outstanding: Money(crowns: 600))
        #expect(error.description == "expected a payment of at most the outstanding 600,00 Kč, found 700,00 Kč")
    }

    @Test func codableRoundTripKeepsLeadingZerosAndValidates() throws {
        let obligation = try Obligation(
            id: "X1", variableSymbol: VariableSymbol("0012"), description: "Nájem", amountDue: Money(crowns: 10),
            allowsPartialPayment: false)
        let data = try JSONEncoder().encode(obligation)
        #expect(String(decoding: data, as: UTF8.self).contains("\"variableSymbol\":\"0012\""))
        #expect(try JSONDecoder().decode(Obligation.self, from: data) == obligation)
        let broken = Data("""
            {"id":"X1","variableSymbol":"0012","description":"N","amountDue":1000,"amountPaid":2000,"allowsPartialPayment":true}
            """.utf8)
        #expect(throws: ObligationError.self) { try JSONDecoder().decode(Obligation.self, from: broken) }
    }
}
