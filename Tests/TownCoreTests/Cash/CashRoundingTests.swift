import Foundation
import Testing
@testable import TownCore

@Suite("Cash rounding")
struct CashRoundingTests {
    @Test(arguments: [
        (0, 0), (1, 0), (49, 0), (50, 100), (99, 100),
        (12_349, 12_300), (12_350, 12_400), (12_351, 12_400), (12_399, 12_400), (12_300, 12_300),
        // Refunds: half away from zero, the mirror image of payments.
        (-1, 0), (-49, 0), (-50, -100), (-12_349, -12_300), (-12_350, -12_400), (-12_399, -12_400),
    ] as [(Int64, Int64)])
    func cashRoundsToNearestCrownHalfAwayFromZero(original: Int64, expected: Int64) {
        let rounding = CashRounding(cashTotal: Money(halere: original))
        #expect(rounding.original == Money(halere: original))
        #expect(rounding.rounded == Money(halere: expected))
        #expect(rounding.difference == Money(halere: expected - original))
        #expect(rounding.tender == .cash)
    }

    @Test func cardIsChargedExactly() {
        let rounding = CashRounding(cardTotal: Money(halere: 12_350))
        #expect(rounding.rounded == Money(halere: 12_350))
        #expect(rounding.difference == .zero)
        #expect(CashRounding(Money(halere: -7), tender: .card).rounded == Money(halere: -7))
    }

    @Test func sweepKeepsTheDifferenceAndIsSymmetric() {
        for halere in Int64(-20_000)...20_000 {
            let rounding = CashRounding(cashTotal: Money(halere: halere))
            #expect(rounding.rounded.isWholeCrowns)
            #expect(rounding.original + rounding.difference == rounding.rounded)
            #expect(abs(rounding.difference.halere) <= 50)
            #expect(CashRounding(cashTotal: Money(halere: -halere)).rounded == -rounding.rounded)
        }
    }

    @Test func extremesDoNotOverflow() {
        #expect(CashRounding(cashTotal: Money(halere: .max)).rounded == Money(halere: 9_223_372_036_854_775_800))
        #expect(CashRounding(cashTotal: Money(halere: .min)).rounded == Money(halere: -9_223_372_036_854_775_800))
        #expect(CashRounding(cashTotal: Money(halere: 9_223_372_036_854_775_750)).rounded
            == Money(halere: 9_223_372_036_854_775_800))
        #expect(CashRounding(cashTotal: Money(halere: -9_223_372_036_854_775_799)).rounded
            == Money(halere: -9_223_372_036_854_775_800))
    }

    @Test func codableRoundTripKeepsTheDifference() throws {
        let rounding = CashRounding(cashTotal: Money(halere: 48_050))
        let data = try JSONEncoder().encode(rounding)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["difference"] as? Int == 50)
        #expect(try JSONDecoder().decode(CashRounding.self, from: data) == rounding)
    }

    @Test func decodingRefusesFiguresThatDoNotAddUp() {
        let tampered = [
            #"{"original":48050,"rounded":48000,"difference":-50,"tender":"cash"}"#,
            #"{"original":48050,"rounded":48100,"difference":0,"tender":"cash"}"#,
            #"{"original":48050,"rounded":48100,"difference":50,"tender":"card"}"#,
            #"{"original":48050,"rounded":48100,"difference":50,"tender":"cheque"}"#,
        ]
        for json in tampered {
            #expect(throws: DecodingError.self, "\(json)") {
                try JSONDecoder().decode(CashRounding.self, from: Data(json.utf8))
            }
        }
    }
}
