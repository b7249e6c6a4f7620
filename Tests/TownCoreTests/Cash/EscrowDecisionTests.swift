import Testing
@testable import TownCore

@Suite("Escrow decision")
struct EscrowDecisionTests {
    private func decide(
        due: Money, credited: Money = .zero, note: Denomination, change: [Denomination: Int]
    ) throws -> EscrowDecision {
        try EscrowDecision.decide(totalDue: due, credited: credited, escrowed: note, changeAvailable: change)
    }

    @Test func acceptsWhenTheOverpaymentCanBeChanged() throws {
        #expect(try decide(due: .kc(150), note: .note200, change: [.coin50: 1])
            == .accept(change: ChangePlan(counts: [.coin50: 1])))
    }

    @Test func changeUsesTheBoundedPlanner() throws {
        // 60 Kč over-payment from one 50 and three 20s: only 3 × 20 works.
        #expect(try decide(due: .kc(40), note: .note100, change: [.coin50: 1, .coin20: 3])
            == .accept(change: ChangePlan(counts: [.coin20: 3])))
    }

    @Test func returnsWhenTheOverpaymentCannotBeChanged() throws {
        #expect(try decide(due: .kc(150), note: .note200, change: [.coin20: 2]) == .returnNoChange(overpay: .kc(50)))
        #expect(try decide(due: .kc(150), note: .note5000, change: [:]) == .returnNoChange(overpay: .kc(4_850)))
        let decision = try decide(due: .kc(150), note: .note200, change: [:])
        #expect(!decision.accepts)
    }

    @Test func acceptsWithoutChangeWhenTheNoteDoesNotCoverTheRest() throws {
        #expect(try decide(due: .kc(1_000), credited: .kc(300), note: .note500, change: [:]) == .accept(change: .empty))
        #expect(try decide(due: .kc(500), credited: .kc(300), note: .note200, change: [:]) == .accept(change: .empty))
    }

    @Test func returnsWhenNothingIsDue() throws {
        #expect(try decide(due: .zero, note: .note100, change: [.coin50: 10]) == .returnNotNeeded)
        #expect(try decide(due: .kc(300), credited: .kc(300), note: .note100, change: [.coin50: 10]) == .returnNotNeeded)
        #expect(try decide(due: .kc(300), credited: .kc(320), note: .note100, change: [.coin50: 10]) == .returnNotNeeded)
        // 0,40 Kč rounds to nothing in cash.
        #expect(try decide(due: Money(halere: 40), note: .note100, change: [.coin50: 10]) == .returnNotNeeded)
    }

    @Test func dueIsCashRoundedFirst() throws {
        // 99,50 Kč is 100 Kč in cash: a 100 Kč note is exact, no change needed.
        #expect(try decide(due: Money(halere: 9_950), note: .note100, change: [:]) == .accept(change: .empty))
        // 99,49 Kč is 99 Kč: one crown back, so a 1 Kč coin must be there.
        #expect(try decide(due: Money(halere: 9_949), note: .note100, change: [:]) == .returnNoChange(overpay: .kc(1)))
        #expect(try decide(due: Money(halere: 9_949), note: .note100, change: [.coin1: 1])
            == .accept(change: ChangePlan(counts: [.coin1: 1])))
    }

    @Test func escrowedNoteIsNotInTheChange() throws {
        // Paying 100 with a 200 needs 100 back; the 200 itself cannot be used, 100 Kč notes can.
        #expect(try decide(due: .kc(100), note: .note200, change: [.note200: 3]) == .returnNoChange(overpay: .kc(100)))
        #expect(try decide(due: .kc(100), note: .note200, change: [.note100: 1])
            == .accept(change: ChangePlan(counts: [.note100: 1])))
    }

    @Test func acceptableNotesForTheScreen() throws {
        let change: [Denomination: Int] = [.coin50: 1, .coin20: 1, .coin10: 2]
        // 130 due: 100 is a part payment, 200 needs 70 (50 + 20); 500 needs 370: not in stock.
        #expect(try EscrowDecision.acceptableNotes(totalDue: .kc(130), credited: .zero, changeAvailable: change)
            == [.note100, .note200])
        let plenty: [Denomination: Int] = [.note1000: 1, .note500: 1, .note200: 2, .note100: 2, .coin50: 1, .coin20: 1, .coin10: 2]
        // 1 870 back for a 2 000 Kč note works, 4 870 for a 5 000 Kč note does not.
        #expect(try EscrowDecision.acceptableNotes(totalDue: .kc(130), credited: .zero, changeAvailable: plenty)
            == [.note100, .note200, .note500, .note1000, .note2000])
        #expect(try EscrowDecision.acceptableNotes(totalDue: .kc(130), credited: .kc(130), changeAvailable: plenty) == [])
    }

    @Test func refusedInput() {
        #expect(throws: EscrowDecisionError.negativeTotalDue(.kc(-1))) {
            try decide(due: .kc(-1), note: .note100, change: [:])
        }
        #expect(throws: EscrowDecisionError.negativeCredited(.kc(-1))) {
            try decide(due: .kc(100), credited: .kc(-1), note: .note100, change: [:])
        }
        #expect(throws: EscrowDecisionError.creditedNotWholeCrowns(Money(halere: 150))) {
            try decide(due: .kc(100), credited: Money(halere: 150), note: .note100, change: [:])
        }
        #expect(throws: EscrowDecisionError.invalidInventory(.negativeCount(.coin50, -2))) {
            try decide(due: .kc(50), note: .note100, change: [.coin50: -2])
        }
        // Also when this note would need no change at all.
        #expect(throws: EscrowDecisionError.invalidInventory(.negativeCount(.coin50, -2))) {
            try decide(due: .kc(500), note: .note100, change: [.coin50: -2])
        }
        #expect(EscrowDecisionError.creditedNotWholeCrowns(Money(halere: 150)).description
            == "escrow: expected credited cash in whole crowns, found 1,50 Kč")
    }
}
