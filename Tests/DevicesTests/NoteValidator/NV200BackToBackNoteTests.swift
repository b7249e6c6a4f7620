@testable import DeviceProtocols
@testable import Devices
@testable import KioskSimCore
import Testing
import TownCore

/// Driver and simulated NV200 back to back, bytes one at a time: the note path and its faults.
@Suite struct NV200BackToBackNoteTests {
    static func ready(_ deviceConfiguration: NV200SimConfiguration = NV200SimConfiguration()) throws -> BackToBack {
        let pair = try BackToBack(deviceConfiguration: deviceConfiguration)
        pair.boot()
        pair.submit(.enable(accepting: Set(Denomination.notes)))
        pair.run(for: .seconds(1))
        return pair
    }

    static func escrow(_ note: Denomination, in pair: BackToBack) {
        pair.device.insertNote(note)
        pair.run(until: { $0.contains(.noteEscrowed(note)) })
    }

    /// An engine that changes its mind faster than the device answers leaves one pending acceptance, not a backlog.
    @Test func acceptanceAndLevelRequestsDoNotPileUp() throws {
        let pair = try Self.ready()
        for round in 0..<500 {
            pair.submit(round.isMultiple(of: 2) ? .enable(accepting: [.note100]) : .enable(accepting: []))
            pair.submit(.refreshLevels)
        }
        #expect(pair.driver.operations.count <= 3)
        pair.run(for: .seconds(2))
        #expect(pair.driver.acceptanceMask == pair.driver.dataset?.inhibitMask(accepting: []))
    }

    @Test func anAcceptedNoteIsCreditedOnceAfterItIsStacked() throws {
        let pair = try Self.ready()
        Self.escrow(.note2000, in: pair)
        #expect(pair.events.credits.isEmpty)
        #expect(pair.count(.note2000, at: .escrow) == 1)
        pair.submit(.accept)
        pair.run(until: { !$0.credits.isEmpty })
        pair.run(for: .seconds(3))
        #expect(pair.events.credits == [.note2000])
        #expect(pair.count(.note2000, at: .cashbox) == 1)
        #expect(pair.count(.note2000, at: .escrow) == 0)
        #expect(pair.sent.allSatisfy { $0.command?.requiresEncryption != true || $0.encrypted })
    }

    @Test func aReturnedNoteGoesBackToTheCustomerWithoutCredit() throws {
        let pair = try Self.ready()
        Self.escrow(.note500, in: pair)
        pair.submit(.returnNote)
        #expect(pair.run(until: { $0.contains(.noteReturned(.note500)) }))
        pair.run(for: .seconds(2))
        #expect(pair.events.credits.isEmpty)
        #expect(pair.count(.note500, at: .customer) == 0)
        #expect(pair.count(.note500, at: .escrow) == 0)
    }

    @Test func theDriverHoldsTheNoteFarBeyondTheDevicesTimeout() throws {
        let pair = try Self.ready()
        Self.escrow(.note1000, in: pair)
        pair.run(for: .seconds(30))
        #expect(pair.count(.note1000, at: .escrow) == 1)
        #expect(!pair.events.contains(.noteReturned(.note1000)))
        #expect(pair.sent.compactMap(\.command).filter { $0 == .hold }.count >= 10)
        pair.submit(.accept)
        pair.run(until: { !$0.credits.isEmpty })
        #expect(pair.events.credits == [.note1000])
    }

    @Test func aCounterfeitIsRejectedBeforeEscrow() throws {
        let pair = try Self.ready()
        pair.device.insertNote(.note5000, genuine: false)
        #expect(pair.run(until: { $0.contains(.noteRejected(.refusedByValidator)) }))
        #expect(!pair.events.contains { if case .noteEscrowed = $0 { true } else { false } })
        #expect(pair.count(.note5000, at: .customer) == 0)
    }

    @Test func anInhibitedNoteIsRejected() throws {
        let pair = try Self.ready()
        pair.submit(.enable(accepting: [.note100]))
        pair.run(for: .seconds(1))
        pair.device.insertNote(.note200)
        #expect(pair.run(until: { $0.contains(.noteRejected(.refusedByValidator)) }))
        #expect(pair.count(.note200, at: .customer) == 0)
    }

    @Test func aNoteRoutedToTheRecyclerIsStoredThereAndCounted() throws {
        let pair = try Self.ready()
        pair.submit(.setRouting(.note500, toRecycler: true))
        Self.escrow(.note500, in: pair)
        pair.submit(.accept)
        pair.run(until: { !$0.credits.isEmpty })
        pair.submit(.refreshLevels)
        pair.run(until: { $0.contains { if case .levels(let levels) = $0 { levels[.note500] == 1 } else { false } } })
        #expect(pair.count(.note500, at: .recycler) == 1)
        #expect(pair.sent.contains { $0.command == .setDenominationRoute(.payout, .czk(50_000)) && $0.encrypted })
    }

    @Test func aLostAcknowledgementMakesTheDeviceRepeatButCreditsOnce() throws {
        let pair = try Self.ready()
        Self.escrow(.note200, in: pair)
        pair.submit(.accept)
        pair.run(until: { !$0.credits.isEmpty })
        // The EVENT ACK for the credit never reaches the device, however often it is resent.
        pair.dropFrames = ({ $0 == .eventAck }, 3)
        pair.run(until: { $0.filter { $0 == .ready }.count == 2 })
        pair.run(for: .seconds(3))
        #expect(pair.events.credits == [.note200])
        #expect(pair.count(.note200, at: .cashbox) == 1)
        #expect(pair.events.contains { if case .fault(.linkLost) = $0 { true } else { false } })
    }

    @Test func safeJamKeepsTheNoteAndCreditsNothing() throws {
        let pair = try Self.ready()
        Self.escrow(.note500, in: pair)
        pair.device.armStackingJam(.safe)
        pair.submit(.accept)
        #expect(pair.run(until: { $0.contains(.fault(.safeJam(.note500))) }))
        pair.run(for: .seconds(2))
        #expect(pair.events.credits.isEmpty)
        #expect(pair.count(.note500, at: .escrow) == 1)
    }

    @Test func unsafeJamLosesTrackOfTheNoteAndCreditsNothing() throws {
        let pair = try Self.ready()
        Self.escrow(.note1000, in: pair)
        pair.device.armStackingJam(.unsafe)
        pair.submit(.accept)
        #expect(pair.run(until: { $0.contains(.fault(.unsafeJam(.note1000))) }))
        #expect(pair.events.credits.isEmpty)
        #expect(pair.count(.note1000, at: .unknown) == 1)
    }

    @Test func fraudStackerAndCashboxFaultsAreReported() throws {
        let pair = try Self.ready()
        pair.device.fraudAttempt()
        pair.device.removeCashbox()
        #expect(pair.run(until: { $0.contains(.fault(.fraudAttempt)) && $0.contains(.fault(.cashboxRemoved)) }))
        pair.device.replaceCashbox()
        pair.device.setStackerFull(true)
        #expect(pair.run(until: { $0.contains(.fault(.cashboxReplaced)) && $0.contains(.fault(.stackerFull)) }))
        pair.device.insertNote(.note100)
        #expect(pair.run(until: { $0.contains(.noteRejected(.refusedByValidator)) }))
    }

    @Test func powerCutEarlyInStackingClearsTheNoteOutOfTheFront() throws {
        var configuration = NV200SimConfiguration()
        configuration.stackDuration = .seconds(2)
        let pair = try Self.ready(configuration)
        Self.escrow(.note1000, in: pair)
        pair.submit(.accept)
        pair.run(until: { _ in if case .stacking = pair.device.notePath { true } else { false } }, limit: .seconds(5))
        pair.device.powerCycle()
        #expect(pair.run(until: { $0.contains(.powerUp(.noteClearedFromFront(.note1000))) }))
        pair.run(for: .seconds(2))
        #expect(pair.events.credits.isEmpty)
        #expect(pair.count(.note1000, at: .customer) == 0)
        #expect(pair.events.filter { $0 == .ready }.count == 2)
    }

    @Test func powerCutLateInStackingClearsTheNoteIntoTheCashboxUncredited() throws {
        var configuration = NV200SimConfiguration()
        configuration.stackDuration = .seconds(2)
        let pair = try Self.ready(configuration)
        Self.escrow(.note1000, in: pair)
        pair.submit(.accept)
        pair.run(until: { _ in
            if case .stacking(_, let started) = pair.device.notePath { pair.now - started > .milliseconds(1_200) } else { false }
        }, limit: .seconds(5))
        pair.device.powerCycle()
        #expect(pair.run(until: { $0.contains(.powerUp(.noteClearedIntoCashbox(.note1000))) }))
        #expect(pair.events.credits.isEmpty)
        #expect(pair.count(.note1000, at: .cashbox) == 1)
    }

    @Test func powerCutWithANoteHeldInEscrowReturnsIt() throws {
        let pair = try Self.ready()
        Self.escrow(.note2000, in: pair)
        pair.device.powerCycle()
        #expect(pair.run(until: { $0.contains(.powerUp(.noteClearedFromFront(.note2000))) }))
        #expect(!pair.events.contains(.powerUp(.noteWasInEscrow(.note2000))))
        #expect(pair.count(.note2000, at: .customer) == 0)
        // The driver is back in service and takes the next note normally.
        Self.escrow(.note100, in: pair)
        pair.submit(.accept)
        pair.run(until: { !$0.credits.isEmpty })
        #expect(pair.events.credits == [.note100])
    }
}
