@testable import DeviceProtocols
@testable import Devices
@testable import KioskSimCore
import Testing
import TownCore

/// Driver and simulated NV200 back to back, bytes one at a time: payouts, lost replies, power cuts.
@Suite struct NV200BackToBackPayoutTests {
    static let seven = Money(crowns: 700)

    static func stocked(_ levels: [Denomination: Int]) throws -> BackToBack {
        let pair = try BackToBack()
        for (note, count) in levels { try pair.device.setLevel(count, note) }
        pair.boot()
        return pair
    }

    static func payout(_ id: String, _ amount: Money, in pair: BackToBack) {
        pair.submit(.payout(payoutID: id, amount: amount))
        pair.run(until: { events in
            events.contains { event in
                switch event {
                case .payoutFinished(id, _), .payoutInterrupted(id, _, _, _), .payoutRefused(id, _),
                     .payoutOutcomeUnknown(id, _): true
                default: false
                }
            }
        })
    }

    @Test func payoutMovesTheDevicesChoiceOfNotesToTheTray() throws {
        let pair = try Self.stocked([.note500: 1, .note200: 1, .note100: 2])
        Self.payout("P1", Self.seven, in: pair)
        #expect(pair.events.contains(.payoutFinished(payoutID: "P1", paid: Self.seven)))
        #expect(pair.events.contains(.payoutProgress(payoutID: "P1", paid: Money(crowns: 500))))
        #expect(pair.world.total(at: .payoutTray) == Self.seven)
        #expect(pair.count(.note500, at: .payoutTray) == 1)
        #expect(pair.count(.note200, at: .payoutTray) == 1)
        #expect(pair.sent.with(SSPCommand.payoutCode).allSatisfy { $0.encrypted })
    }

    @Test func aDroppedPayoutReplyIsAnsweredByTheIdenticalResend() throws {
        let pair = try Self.stocked([.note500: 2, .note200: 2])
        pair.dropReplies = ({ $0?.code == SSPCommand.payoutCode }, 1)
        Self.payout("P2", Self.seven, in: pair)
        pair.run(for: .seconds(2))
        #expect(pair.events.contains(.payoutFinished(payoutID: "P2", paid: Self.seven)))
        #expect(pair.world.total(at: .payoutTray) == Self.seven)
        let frames = pair.sent.with(SSPCommand.payoutCode)
        #expect(frames.count == 2)
        #expect(Set(frames.map(\.bytes)).count == 1)
    }

    @Test func aPayoutWhoseEveryReplyIsLostIsSettledFromTheDevicesEvents() throws {
        let pair = try Self.stocked([.note500: 2, .note200: 2])
        pair.dropReplies = ({ $0?.code == SSPCommand.payoutCode }, 10)
        Self.payout("P3", Self.seven, in: pair)
        #expect(pair.events.contains(.payoutFinished(payoutID: "P3", paid: Self.seven)))
        #expect(pair.world.total(at: .payoutTray) == Self.seven)
        #expect(Set(pair.sent.with(SSPCommand.payoutCode).map(\.bytes)).count == 1)
        #expect(pair.events.contains { if case .fault(.linkLost) = $0 { true } else { false } })
    }

    @Test func aDeviceUnreachableForLongMakesThePayoutUnknownAndALateReportIsNamed() throws {
        let pair = try Self.stocked([.note500: 2, .note200: 2])
        pair.submit(.payout(payoutID: "P6", amount: Self.seven))
        pair.run(until: { $0.contains(.payoutProgress(payoutID: "P6", paid: Money(crowns: 500))) })
        // The cable is pulled: nothing reaches the device, which finishes the payout on its own.
        pair.dropFrames = ({ _ in true }, Int.max)
        #expect(pair.run(until: { $0.contains(.payoutOutcomeUnknown(payoutID: "P6", knownPaid: Money(crowns: 500))) },
                         limit: .seconds(30)))
        pair.submit(.payout(payoutID: "P7", amount: Money(crowns: 200)))
        #expect(pair.events.last == .payoutRefused(payoutID: "P7", reason: .notReady))
        pair.dropFrames = nil
        #expect(pair.run(until: { $0.contains(.payoutReportUnmatched(payoutID: "P6", paid: Self.seven, requested: Self.seven)) }))
        #expect(!pair.events.contains { if case .payoutFinished = $0 { true } else { false } })
        #expect(pair.world.total(at: .payoutTray) == Self.seven)
        #expect(pair.sent.with(SSPCommand.payoutCode).count == 1)
    }

    @Test func aPayoutJamReportsExactlyWhatWasPaid() throws {
        let pair = try Self.stocked([.note500: 1, .note200: 1])
        pair.device.jamPayout(afterNotes: 1)
        Self.payout("P4", Self.seven, in: pair)
        #expect(pair.events.contains(.payoutInterrupted(payoutID: "P4", paid: Money(crowns: 500), requested: Self.seven,
                                                        reason: .jammed)))
        #expect(pair.world.total(at: .payoutTray) == Money(crowns: 500))
        #expect(pair.count(.note200, at: .recycler) == 1)
    }

    @Test func aPowerCutMidPayoutIsReportedWithTheExactPaidValue() throws {
        let pair = try Self.stocked([.note1000: 1, .note500: 1, .note200: 1])
        pair.submit(.payout(payoutID: "P5", amount: Money(crowns: 1_700)))
        pair.run(until: { _ in pair.device.payoutInProgress?.notes == 1 })
        pair.device.powerCycle()
        pair.run(until: { $0.contains { if case .payoutInterrupted("P5", _, _, _) = $0 { true } else { false } } })
        let paid = pair.world.total(at: .payoutTray)
        #expect(paid == Money(crowns: 1_000))
        #expect(pair.events.contains(.powerUp(.incompletePayout(paid: paid, requested: Money(crowns: 1_700)))))
        #expect(pair.events.contains(.payoutInterrupted(payoutID: "P5", paid: paid, requested: Money(crowns: 1_700),
                                                        reason: .powerLoss)))
        #expect(pair.sent.with(SSPCommand.payoutCode).count == 1)
    }

    @Test func theDeviceRefusesWhatItCannotPayAndNothingMoves() throws {
        let pair = try Self.stocked([.note500: 2])
        Self.payout("short", Money(crowns: 2_000), in: pair)
        Self.payout("inexact", Self.seven, in: pair)
        #expect(pair.events.contains(.payoutRefused(payoutID: "short", reason: .notEnoughValue)))
        #expect(pair.events.contains(.payoutRefused(payoutID: "inexact", reason: .cannotPayExactAmount)))
        pair.submit(.disable)
        pair.run(for: .seconds(1))
        Self.payout("disabled", Money(crowns: 500), in: pair)
        #expect(pair.events.contains(.payoutRefused(payoutID: "disabled", reason: .deviceDisabled)))
        #expect(pair.world.total(at: .payoutTray) == .zero)
        #expect(pair.count(.note500, at: .recycler) == 2)
    }

    @Test func emptyingMovesTheRecyclerToTheCashbox() throws {
        let pair = try Self.stocked([.note500: 2, .note200: 3])
        pair.submit(.emptyToCashbox)
        #expect(pair.run(until: { $0.contains(.emptiedToCashbox(Money(crowns: 1_600))) }))
        #expect(pair.world.total(at: .cashbox) == Money(crowns: 1_600))
        #expect(pair.world.total(at: .recycler) == .zero)
    }

    @Test func startUpReportsTheRecyclerLevels() throws {
        let pair = try Self.stocked([.note500: 2, .note200: 3])
        #expect(pair.events.contains { if case .levels(let levels) = $0 { levels[.note500] == 2 && levels[.note200] == 3 } else { false } })
    }
}
