@testable import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Pure scripts: the driver against a hand-driven slave, every reply byte fed one at a time.
@Suite struct NV200DriverScriptTests {
    static let ch500 = ScriptedSlave.channel(.note500)
    static let ch2000 = ScriptedSlave.channel(.note2000)

    @Test func startUpNegotiatesKeysThenSendsEverythingEncrypted() throws {
        var script = try DriverScript()
        script.boot()
        #expect(script.events.last == .ready)
        let codes = script.sent.map { $0.command?.code }
        #expect(codes == [0x11, 0x06, 0x05, 0x4A, 0x4B, 0x4C, 0x02, 0x0A, 0x5C, 0x22])
        #expect(script.sent.prefix(6).allSatisfy { !$0.encrypted })
        #expect(script.sent.dropFirst(6).allSatisfy { $0.encrypted })
        #expect(script.sent[1].command == .hostProtocolVersion(8))
        // Nothing accepted until the engine says so: all channels inhibited.
        #expect(script.sent[6].command == .setChannelInhibits(enabledChannels: 0))
        // The key exchange used primes and produced the same key on both sides.
        #expect(script.driver.link.session?.key == script.slave.session?.key)
    }

    @Test func refusedProtocolVersionFallsBackToTheNextOne() throws {
        var script = try DriverScript()
        script.slave.protocolVersion = 7
        script.slave.replies[0x06] = [SSPResponse(status: .fail)]
        script.boot()
        #expect(script.events.contains(.ready))
        #expect(script.sent.compactMap(\.command).filter { $0.code == 0x06 } == [.hostProtocolVersion(8), .hostProtocolVersion(7)])
    }

    @Test func aDatasetInAnotherCurrencyNeverGetsReady() throws {
        var script = try DriverScript()
        let euro = try SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "0441", countryCode: .eur, valueMultiplier: 1,
                                    channels: [SSPChannel(number: 1, legacyValue: 0, security: 2, currency: .eur, expandedValue: 5)],
                                    realValueMultiplier: 100, protocolVersion: 8)
        script.slave.replies[0x05] = Array(repeating: SSPResponse(status: .ok, payload: euro.encoded()), count: 50)
        script.boot()
        #expect(!script.events.contains(.ready))
        // Retried every few seconds, reported once.
        #expect(script.sent.with(0x05).count > 3)
        #expect(script.events == [.fault(.datasetMismatch("NV200 dataset country code: expected CZK, found EUR"))])
        #expect(script.sent.allSatisfy { $0.command?.code != 0x0A })
    }

    @Test func withoutKeysTheDriverNeverEntersService() throws {
        var script = try DriverScript()
        script.slave.replies[0x4C] = Array(repeating: SSPResponse(status: .parameterOutOfRange), count: 100)
        script.boot()
        #expect(!script.events.contains(.ready))
        #expect(script.events.filter { if case .fault(.encryptionFailure) = $0 { true } else { false } }.count == 1)
        #expect(script.sent.allSatisfy { !$0.encrypted })
        script.submit(.payout(payoutID: "no-keys", amount: Money(crowns: 100)))
        #expect(script.events.last == .payoutRefused(payoutID: "no-keys", reason: .notReady))
    }

    @Test func aTransportLostMidPayoutIsSettledAfterTheReopen() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "T", amount: Money(crowns: 500)))
        script.step()
        script.events += script.driver.transportLost("adapter unplugged", at: script.now)
        #expect(script.events.last == .fault(.linkLost("adapter unplugged")))
        script.events += script.driver.start(at: script.now)
        script.slave.pollBatches = [[.dispensed([.czk(50_000)])]]
        script.step(until: { $0.contains(.payoutFinished(payoutID: "T", paid: Money(crowns: 500))) })
        #expect(script.events.contains(.payoutFinished(payoutID: "T", paid: Money(crowns: 500))))
        #expect(script.slave.received.filter { $0.command?.code == 0x33 }.count == 1)
    }

    @Test func readThenCreditGivesExactlyOneCredit() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.enable(accepting: [.note500, .note2000]))
        script.step()
        #expect(script.sent.last?.command == .setChannelInhibits(enabledChannels: 0b1_0100))
        script.slave.pollBatches = [[.read(channel: 0)], [.read(channel: Self.ch2000)]]
        script.step(until: { $0.contains(.noteEscrowed(.note2000)) })
        #expect(script.events.credits.isEmpty)

        // Escrow is held with HOLD, never POLL (a POLL would stack the note).
        let mark = script.sent.count
        for _ in 0..<6 { script.step() }
        let held = script.sent.dropFirst(mark).compactMap(\.command)
        #expect(held.first == .eventAck)
        #expect(held.contains(.hold))
        #expect(!held.contains(.pollWithAck))

        script.submit(.accept)
        script.slave.pollBatches = [[.stacking], [.credit(channel: Self.ch2000), .stacked]]
        let acceptFrame = script.step()
        #expect(acceptFrame?.command == .pollWithAck)
        script.step(until: { !$0.credits.isEmpty })
        for _ in 0..<5 { script.step() }
        #expect(script.events.credits == [.note2000])
    }

    @Test func aDuplicatedPollReplyIsNotCreditedTwice() throws {
        var script = try DriverScript()
        script.boot()
        script.slave.pollBatches = [[.read(channel: Self.ch500)]]
        script.step(until: { $0.contains(.noteEscrowed(.note500)) })
        script.submit(.accept)
        script.slave.pollBatches = [[.credit(channel: Self.ch500), .stacked]]
        // The reply arrives twice: the late copy reaches the driver during its next exchange.
        script.step { $0 + $0 }
        for _ in 0..<8 { script.step() }
        #expect(script.events.credits == [.note500])
    }

    @Test func aBatchRepeatedAfterALostAcknowledgementIsNotEmittedAgain() throws {
        var configuration = NV200Configuration()
        configuration.maxResends = 1
        var script = try DriverScript(configuration: configuration)
        script.boot()
        script.slave.pollBatches = [[.credit(channel: Self.ch500), .stacked]]
        script.step(until: { !$0.credits.isEmpty })
        // Every EVENT ACK reply is lost: the link is declared lost and re-initialised.
        script.step { _ in [] }
        script.step { _ in [] }
        #expect(script.events.contains { if case .fault(.linkLost) = $0 { true } else { false } })
        // The device never saw the acknowledgement, so it repeats the batch after re-initialisation.
        script.slave.pollBatches = [[.credit(channel: Self.ch500), .stacked]]
        script.step(until: { $0.filter { $0 == .ready }.count == 2 })
        for _ in 0..<4 { script.step() }
        #expect(script.events.credits == [.note500])
        #expect(script.slave.pollBatches.isEmpty)
    }

    @Test func returnNoteSendsRejectAndReportsTheReturn() throws {
        var script = try DriverScript()
        script.boot()
        script.slave.pollBatches = [[.read(channel: Self.ch2000)]]
        script.step(until: { $0.contains(.noteEscrowed(.note2000)) })
        script.submit(.returnNote)
        script.slave.pollBatches = [[.rejecting], [.rejected]]
        script.step(until: { $0.contains(.noteReturned(.note2000)) })
        #expect(script.sent.contains { $0.command == .rejectBanknote && $0.encrypted })
        #expect(script.events.credits.isEmpty)
    }

    @Test func payoutHappyPath() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "V-1", amount: Money(crowns: 700)))
        let frame = script.step()
        #expect(frame?.command == .payoutAmount(.czk(70_000), .real))
        #expect(frame?.encrypted == true)
        script.slave.pollBatches = [[.dispensing([.czk(50_000)])], [.dispensing([.czk(50_000)])], [.dispensed([.czk(70_000)])]]
        script.step(until: { $0.contains(.payoutFinished(payoutID: "V-1", paid: Money(crowns: 700))) })
        #expect(script.events.filter { if case .payoutProgress = $0 { true } else { false } }
            == [.payoutProgress(payoutID: "V-1", paid: Money(crowns: 500))])
    }

    @Test func payoutTimeoutResendsTheIdenticalFrame() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "V-2", amount: Money(crowns: 700)))
        let firstFrame = script.step { _ in [] }
        let resendFrame = script.step()
        let first = try #require(firstFrame)
        let resend = try #require(resendFrame)
        #expect(resend.bytes == first.bytes)
        #expect(script.slave.received.filter { $0.command?.code == 0x33 }.count == 1)
        script.slave.pollBatches = [[.dispensed([.czk(70_000)])]]
        script.step(until: { $0.contains(.payoutFinished(payoutID: "V-2", paid: Money(crowns: 700))) })
        #expect(script.sent.with(0x33).count == 2)
    }

    @Test func payoutWithEveryReplyLostIsAskedAboutNeverRepeated() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "V-3", amount: Money(crowns: 700)))
        let firstFrame = script.step { _ in [] }
        let first = try #require(firstFrame)
        for _ in 0..<script.configuration.maxResends { script.step { _ in [] } }
        // Given up: the next frame is SYNC, not another payout.
        let next = script.step()
        #expect(next?.command == .sync)
        script.slave.pollBatches = [[.dispensing([.czk(50_000)])], [.dispensed([.czk(70_000)])]]
        script.step(until: { $0.contains(.payoutFinished(payoutID: "V-3", paid: Money(crowns: 700))) })
        #expect(script.sent.with(0x33).allSatisfy { $0.bytes == first.bytes })
        #expect(script.slave.received.filter { $0.command?.code == 0x33 }.count == 1)
    }

    @Test func payoutLostWithoutAnyDeviceReportIsUnknown() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "V-4", amount: Money(crowns: 700)))
        for _ in 0...script.configuration.maxResends { script.step { _ in [] } }
        // While it is in doubt, no other payout is accepted.
        script.submit(.payout(payoutID: "V-4b", amount: Money(crowns: 100)))
        #expect(script.events.last == .payoutRefused(payoutID: "V-4b", reason: .busy))
        script.step(until: { $0.contains { if case .payoutOutcomeUnknown = $0 { true } else { false } } })
        #expect(script.events.contains(.payoutOutcomeUnknown(payoutID: "V-4", knownPaid: .zero)))
        #expect(!script.events.contains { if case .payoutFinished = $0 { true } else { false } })
    }

    @Test func payoutsAreNeverFramedInPlaintext() throws {
        var link = try NV200Link(address: 0)
        #expect(link.send(.payoutAmount(.czk(10_000), .real), for: .payout, encrypted: false, packing: []) == nil)
        #expect(link.send(.payoutAmount(.czk(10_000), .real), for: .payout, encrypted: true, packing: []) == nil)
        #expect(link.exchange == nil)

        var script = try DriverScript()
        script.events += script.driver.start(at: script.now)
        script.submit(.payout(payoutID: "early", amount: Money(crowns: 100)))
        #expect(script.events.contains(.payoutRefused(payoutID: "early", reason: .notReady)))
        script.boot()
        script.submit(.payout(payoutID: "V-5", amount: Money(crowns: 100)))
        script.step()
        let mustBeEncrypted = script.sent.filter { $0.command?.requiresEncryption == true }
        #expect(mustBeEncrypted.allSatisfy { $0.encrypted })
        #expect(script.sent.with(0x33).count == 1)
    }

    @Test func invalidOrConcurrentPayoutsAreRefusedWithoutSending() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "half", amount: Money(halere: 5_050)))
        script.submit(.payout(payoutID: "zero", amount: .zero))
        script.submit(.payout(payoutID: "A", amount: Money(crowns: 200)))
        script.submit(.payout(payoutID: "B", amount: Money(crowns: 200)))
        #expect(script.events.suffix(3) == [
            .payoutRefused(payoutID: "half", reason: .invalidAmount),
            .payoutRefused(payoutID: "zero", reason: .invalidAmount),
            .payoutRefused(payoutID: "B", reason: .busy),
        ])
        script.slave.replies[0x33] = [SSPResponse(status: .commandCannotBeProcessed, payload: [0x02])]
        script.step()
        #expect(script.events.last == .payoutRefused(payoutID: "A", reason: .cannotPayExactAmount))
    }

    @Test func powerUpIncompletePayoutSettlesWithTheDevicesPaidValue() throws {
        var script = try DriverScript()
        script.boot()
        script.submit(.payout(payoutID: "V-6", amount: Money(crowns: 700)))
        script.slave.pollBatches = [[.dispensing([.czk(50_000)])]]
        script.step(until: { $0.contains(.payoutProgress(payoutID: "V-6", paid: Money(crowns: 500))) })
        // Power cut: the device lost its key and answers KEY NOT SET; after start-up it reports the cut payout.
        script.slave.session = nil
        script.slave.pollBatches = [[.slaveReset, .incompletePayout([SSPPartialAmount(paid: 50_000, requested: 70_000, currency: .czk)])]]
        script.step(until: { $0.contains { if case .payoutInterrupted = $0 { true } else { false } } })
        #expect(script.events.contains(.fault(.keyNotSet)))
        #expect(script.events.contains(.powerUp(.incompletePayout(paid: Money(crowns: 500), requested: Money(crowns: 700)))))
        #expect(script.events.contains(.payoutInterrupted(payoutID: "V-6", paid: Money(crowns: 500),
                                                          requested: Money(crowns: 700), reason: .powerLoss)))
        #expect(script.slave.received.filter { $0.command?.code == 0x33 }.count == 1)
    }

    @Test func keyNotSetForThePayoutItselfMeansItNeverRan() throws {
        var script = try DriverScript()
        script.boot()
        script.slave.session = nil
        script.submit(.payout(payoutID: "V-7", amount: Money(crowns: 200)))
        script.slave.pollBatches = [[.slaveReset]]
        script.step(until: { $0.contains { if case .payoutRefused = $0 { true } else { false } } })
        #expect(script.events.contains(.payoutRefused(payoutID: "V-7", reason: .deviceReset)))
    }

    @Test func notesInTheBezelAreReportedUntilTaken() throws {
        var script = try DriverScript()
        script.boot()
        let bezel = SSPPollEvent.noteHeldInBezel(.czk(50_000))
        script.slave.pollBatches = [[bezel], [bezel], []]
        for _ in 0..<8 { script.step() }
        #expect(script.events.filter { $0 == .itemsInBezel(Money(crowns: 500)) }.count == 1)
        #expect(script.events.filter { $0 == .itemsTaken }.count == 1)
    }

    @Test func faultConditionsAreReportedOnceWhileTheyLast() throws {
        var script = try DriverScript()
        script.boot()
        script.slave.pollBatches = [[.stackerFull], [.stackerFull], [], [.stackerFull], [.cashboxRemoved], [.cashboxReplaced]]
        for _ in 0..<14 { script.step() }
        #expect(script.events.filter { $0 == .fault(.stackerFull) }.count == 2)
        #expect(script.events.contains(.fault(.cashboxRemoved)))
        #expect(script.events.contains(.fault(.cashboxReplaced)))
    }
}
