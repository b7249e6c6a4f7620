import Foundation
import Testing
@testable import TownCore

@Suite("Denomination")
struct DenominationTests {
    @Test func twelveLegalTenderValuesInAscendingOrder() {
        #expect(Denomination.all.map(\.crowns) == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000])
        #expect(Denomination.all == Denomination.all.sorted())
        #expect(Denomination.coins.map(\.crowns) == [1, 2, 5, 10, 20, 50])
        #expect(Denomination.notes.map(\.crowns) == [100, 200, 500, 1000, 2000, 5000])
        #expect(Denomination.coins.allSatisfy { $0.kind == .coin })
        #expect(Denomination.notes.allSatisfy { $0.kind == .note })
        #expect(Denomination.note1000.value == Money(halere: 100_000))
    }

    @Test func indexFollowsTheOneTwoFivePattern() {
        for (position, denomination) in Denomination.all.enumerated() {
            #expect(denomination.index == position)
            let decade = Int64([1, 10, 100, 1000][position / 3])
            #expect(denomination.crowns == decade * [1, 2, 5][position % 3])
        }
    }

    @Test func initFromValueAcceptsOnlyDenominations() throws {
        for denomination in Denomination.all {
            #expect(try Denomination(value: denomination.value) == denomination)
            #expect(try Denomination(crowns: denomination.crowns) == denomination)
        }
        for crowns: Int64 in [0, 3, 4, 25, 1_500, 10_000, -100] {
            #expect(throws: DenominationError(found: Money(crowns: crowns))) { try Denomination(crowns: crowns) }
        }
        // 100,50 Kč is not a note, even though its whole-crown part is.
        #expect(throws: DenominationError(found: Money(halere: 10_050))) { try Denomination(value: Money(halere: 10_050)) }
        // Absurd input is refused without overflowing.
        #expect(throws: DenominationError(found: nil)) { try Denomination(crowns: .max) }
        #expect(throws: DenominationError(found: nil)) { try Denomination(crowns: .min) }
    }

    @Test func errorSaysWhatWasExpectedAndFound() {
        let message = DenominationError(found: Money(crowns: 3)).description
        #expect(message == "expected a Czech denomination (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 Kč), found 3,00 Kč")
    }

    @Test func descriptionIsCzech() {
        #expect(Denomination.coin50.description == "50 Kč")
        #expect(Denomination.note5000.description == "5 000 Kč")
    }

    @Test func codableAsHalere() throws {
        let data = try JSONEncoder().encode([Denomination.coin1, .note2000])
        #expect(String(decoding: data, as: UTF8.self) == "[100,200000]")
        #expect(try JSONDecoder().decode([Denomination].self, from: data) == [.coin1, .note2000])
    }

    @Test func decodingRefusesOtherValues() {
        for json in ["[300]", "[1]", "[2500]", "[1000000]", "[-100]", "[\"100\"]"] {
            #expect(throws: DecodingError.self, "\(json)") {
                try JSONDecoder().decode([Denomination].self, from: Data(json.utf8))
            }
        }
    }

    @Test func inventoryDictionaryEncodesAsKeyedObject() throws {
        let inventory: [Denomination: Int] = [.note100: 7, .coin5: 12]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(inventory)
        #expect(String(decoding: data, as: UTF8.self) == #"{"10000":7,"500":12}"#)
        #expect(try JSONDecoder().decode([Denomination: Int].self, from: data) == inventory)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Denomination: Int].self, from: Data(#"{"700":1}"#.utf8))
        }
    }
}
