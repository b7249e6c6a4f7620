import Engine
import Foundation
import KioskDaemon
import Testing
import TownCore

@Suite struct SupportTests {
    @Test func pinCheckerAcceptsOnlyThePinTheVerifierWasMadeFrom() throws {
        let placeholder = try PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 210_000],
                                          salt: Array("saltsalt".utf8), derivedKey: Array(repeating: 0, count: 32))
        let key = try PinChecker.derive(Array("4711".utf8), verifier: placeholder)
        let verifier = try PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 210_000],
                                       salt: Array("saltsalt".utf8), derivedKey: key.withUnsafeBytes { Array($0) })
        #expect(try PinChecker.matches(EnteredPIN("4711"), verifier: verifier))
        #expect(try !PinChecker.matches(EnteredPIN("4712"), verifier: verifier))
    }

    @Test func pinCheckerRefusesUnknownOrWeakVerifiers() throws {
        let unknown = try PinVerifier(algorithm: "md5", parameters: [:], salt: [1, 2, 3, 4], derivedKey: Array(repeating: 1, count: 16))
        #expect(throws: PinChecker.Failure.unsupportedAlgorithm("md5")) { try PinChecker.matches(EnteredPIN("1"), verifier: unknown) }
        let weak = try PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 1_000], salt: [1, 2, 3, 4],
                                   derivedKey: Array(repeating: 1, count: 16))
        #expect(throws: PinChecker.Failure.self) { try PinChecker.matches(EnteredPIN("1"), verifier: weak) }
    }

    @Test func seedFileLoadsObligationsAndHoppers() throws {
        let seed = try SeedFile.decode(Data("""
            {"office": {"name": "Město Holešov", "id": "00287172"},
             "obligations": [{"id": "O-1", "variableSymbol": "1341000123", "description": "Pes", "amountDue": 123400,
                              "amountPaid": 0, "allowsPartialPayment": false}],
             "cash_units": [{"id": "H50", "denomination": 5000, "kind": "hopper", "count": 7}]}
            """.utf8))
        #expect(seed.officeName == "Město Holešov")
        #expect(seed.updates.count == 2)
        guard case .obligations(let list) = seed.updates[0], case .cashUnits(let units) = seed.updates[1] else {
            Issue.record("unexpected updates \(seed.updates)")
            return
        }
        #expect(list.first?.amountDue == Money(crowns: 1234))
        #expect(units.first?.count == 7 && units.first?.denomination == .coin50)
    }

    @Test func seedFileErrorsSayWhatWasExpected() {
        #expect(throws: SeedFile.Failure.self) { try SeedFile.decode(Data(#"{"cash_units": [{"id": "X", "denomination": 5000, "kind": "hopper", "count": -1}]}"#.utf8)) }
        #expect(throws: SeedFile.Failure.self) { try SeedFile.decode(Data(#"{"obligations": 3}"#.utf8)) }
    }
}

@Suite struct UIBroadcasterTests {
    @Test func everySubscriberGetsEveryEventInOrderAndLeavingUnsubscribes() async throws {
        let broadcaster = UIBroadcaster()
        let first = broadcaster.subscribe()
        let second = broadcaster.subscribe()
        #expect(broadcaster.subscriberCount == 2)
        broadcaster.publish(.screen(.checkingPIN))
        broadcaster.publish(.notice(.pleaseWait))
        broadcaster.finishAll()
        var seen: [[String]] = []
        for stream in [first, second] {
            var names: [String] = []
            for await event in stream { names.append(event.eventName) }
            seen.append(names)
        }
        #expect(seen == [["screen", "notice"], ["screen", "notice"]])
        #expect(broadcaster.subscriberCount == 0)
    }
}
