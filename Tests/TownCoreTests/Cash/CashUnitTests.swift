import Foundation
import Testing
@testable import TownCore

@Suite("Cash unit counters")
struct CashUnitTests {
    private func recycler(_ initial: Int = 20) throws -> CashUnit {
        try CashUnit(id: "NV4X-1", denomination: .note200, kind: .recycler, initialCount: initial)
    }

    @Test func payoutLifecycleKeepsTheLedger() throws {
        var unit = try recycler()
        try unit.deposit(5)
        try unit.dispense(4)
        #expect(unit.count == 21)
        #expect(unit.outCounts.dispensed == 4)
        try unit.present(3)
        try unit.rejectDispensed(1)
        #expect(unit.outCounts == {
            var expected = CashUnitOutCounts()
            expected.presented = 3
            expected.rejected = 1
            return expected
        }())
        try unit.retract(2)
        try unit.receiveRejected(1)
        #expect(unit.inCounts.total == 8)
        #expect(unit.count == 24)
        #expect(unit.initialCount + unit.inCounts.total - unit.outCounts.total == unit.count)
        #expect(unit.value == Money(crowns: 4_800))
        #expect(unit.isConsistent)
    }

    @Test func ambiguousPayoutStaysOutOfTheCount() throws {
        var unit = try recycler(10)
        try unit.dispense(3)
        try unit.markUnknown(2)
        try unit.cancelDispense(1)
        #expect(unit.count == 8)
        #expect(unit.outCounts.unknown == 2)
        #expect(unit.outCounts.dispensed == 0)
        #expect(unit.isConsistent)
    }

    @Test func refusalsLeaveTheUnitUntouched() throws {
        var unit = try recycler(2)
        try unit.dispense(1)
        let before = unit
        #expect(throws: CashUnitError.insufficientCount(unit: "NV4X-1", requested: 2, available: 1)) { try unit.dispense(2) }
        #expect(throws: CashUnitError.insufficientDispensed(unit: "NV4X-1", requested: 2, awaiting: 1)) { try unit.present(2) }
        #expect(throws: CashUnitError.insufficientDispensed(unit: "NV4X-1", requested: 2, awaiting: 1)) { try unit.markUnknown(2) }
        #expect(throws: CashUnitError.negativeQuantity(unit: "NV4X-1", found: -1)) { try unit.deposit(-1) }
        #expect(throws: CashUnitError.negativeQuantity(unit: "NV4X-1", found: -1)) { try unit.dispense(-1) }
        #expect(throws: CashUnitError.dispenseOutcomePending(unit: "NV4X-1", awaiting: 1)) { try unit.exchange(initialCount: 50) }
        #expect(unit == before)
        #expect(throws: CashUnitError.negativeQuantity(unit: "X", found: -3)) {
            try CashUnit(id: "X", denomination: .coin5, kind: .hopper, initialCount: -3)
        }
    }

    @Test func overflowIsRefusedNotTrapped() throws {
        var unit = try CashUnit(id: "H1", denomination: .coin1, kind: .hopper, initialCount: 1)
        #expect(throws: CashUnitError.counterOverflow(unit: "H1")) { try unit.deposit(.max) }
        try unit.deposit(Int.max - 1)
        #expect(throws: CashUnitError.counterOverflow(unit: "H1")) { try unit.retract(1) }
        #expect(unit.count == .max)
        #expect(unit.isConsistent)
    }

    @Test func exchangeStartsAFreshLedger() throws {
        var unit = try recycler(10)
        try unit.dispense(4)
        try unit.present(4)
        unit.setAccuracy(.inaccurate)
        try unit.exchange(initialCount: 30)
        #expect(unit.initialCount == 30)
        #expect(unit.count == 30)
        #expect(unit.inCounts == CashUnitInCounts())
        #expect(unit.outCounts == CashUnitOutCounts())
        #expect(unit.accuracy == .accurate)
    }

    @Test func codableRoundTripAndCorruptRecordsRefused() throws {
        var unit = try recycler(10)
        try unit.deposit(3)
        try unit.dispense(2)
        let data = try JSONEncoder().encode(unit)
        #expect(try JSONDecoder().decode(CashUnit.self, from: data) == unit)

        let body = #""id":"R","denomination":10000,"kind":"recycler","accuracy":"accurate","#
        let broken = [
            // count does not match initial + in − out
            #"{\#(body)"initialCount":10,"count":9,"inCounts":{"deposited":0,"retracted":0,"rejected":0},"outCounts":{"dispensed":0,"presented":0,"rejected":0,"unknown":0}}"#,
            // a negative bucket that happens to balance
            #"{\#(body)"initialCount":10,"count":10,"inCounts":{"deposited":-1,"retracted":0,"rejected":0},"outCounts":{"dispensed":0,"presented":0,"rejected":0,"unknown":-1}}"#,
            // sums that overflow
            #"{\#(body)"initialCount":9223372036854775807,"count":0,"inCounts":{"deposited":9223372036854775807,"retracted":0,"rejected":0},"outCounts":{"dispensed":0,"presented":0,"rejected":0,"unknown":1}}"#,
        ]
        for json in broken {
            #expect(throws: DecodingError.self, "\(json)") { try JSONDecoder().decode(CashUnit.self, from: Data(json.utf8)) }
        }
    }

    /// Thousands of random workloads against a shadow model: every accepted operation keeps
    /// `initial + in − out == count` with no negative counter, the model agrees on which operations must
    /// be refused, and a refused operation changes nothing.
    @Test func randomWorkloadsKeepTheInvariant() throws {
        var rng = CashSeededGenerator(seed: 0xC0_0147)
        var refused = 0
        var applied = 0
        for workload in 0..<2_000 {
            var unit = try CashUnit(id: "U\(workload)", denomination: Denomination.all[workload % 12],
                                    kind: .recycler, initialCount: Int.random(in: 0...50, using: &rng))
            var modelCount = unit.initialCount
            var modelAwaiting = 0
            for _ in 0..<60 {
                let n = Int.random(in: -2...25, using: &rng)
                let before = unit
                let operation = Int.random(in: 0..<9, using: &rng)
                // What the model expects: nil = must be refused, else (count, awaiting) afterwards.
                let expected: (Int, Int)?
                do {
                    switch operation {
                    case 0: expected = n < 0 ? nil : (modelCount + n, modelAwaiting); try unit.deposit(n)
                    case 1: expected = n < 0 ? nil : (modelCount + n, modelAwaiting); try unit.retract(n)
                    case 2: expected = n < 0 ? nil : (modelCount + n, modelAwaiting); try unit.receiveRejected(n)
                    case 3: expected = n < 0 || n > modelCount ? nil : (modelCount - n, modelAwaiting + n); try unit.dispense(n)
                    case 4: expected = n < 0 || n > modelAwaiting ? nil : (modelCount, modelAwaiting - n); try unit.present(n)
                    case 5: expected = n < 0 || n > modelAwaiting ? nil : (modelCount, modelAwaiting - n); try unit.rejectDispensed(n)
                    case 6: expected = n < 0 || n > modelAwaiting ? nil : (modelCount, modelAwaiting - n); try unit.markUnknown(n)
                    case 7: expected = n < 0 || n > modelAwaiting ? nil : (modelCount + n, modelAwaiting - n); try unit.cancelDispense(n)
                    default: expected = n < 0 || modelAwaiting > 0 ? nil : (n, 0); try unit.exchange(initialCount: n)
                    }
                    applied += 1
                    let (count, awaiting) = try #require(expected, "op \(operation) n \(n) accepted but the model refuses it")
                    modelCount = count
                    modelAwaiting = awaiting
                } catch is CashUnitError {
                    refused += 1
                    #expect(unit == before, "op \(operation) n \(n) refused but changed the unit")
                    #expect(expected == nil, "op \(operation) n \(n) refused but the model accepts it")
                }
                guard unit.isConsistent, unit.count == modelCount, unit.outCounts.dispensed == modelAwaiting else {
                    Issue.record("workload \(workload): ledger broken after op \(operation) n \(n): \(unit)")
                    return
                }
            }
        }
        #expect(applied > 60_000 && refused > 10_000, "applied \(applied), refused \(refused)")
    }
}
