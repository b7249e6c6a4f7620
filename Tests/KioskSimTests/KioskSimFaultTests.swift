import DeviceIO
import Devices
import Foundation
import Testing
import TestSupport
import TownCore

/// Faults armed through kiosk-sim's control API reach the real drivers over the real lines as typed states.
@Suite(.serialized) struct KioskSimFaultTests {
    func noteValidator(_ sim: KioskSimProcess) async throws -> (DriverRunner<NV200Driver>, EventCollector<NoteValidatorEvent>) {
        let line = try #require(sim.endpoints["nv200"] as? String)
        let runner = DriverRunner(machine: try NV200Driver()) { try SerialPort(path: line, settings: NV200Driver.serialPortSettings) }
        let events = EventCollector(runner.events)
        runner.start()
        try await events.wait(for: "ready") { $0 == .ready }
        runner.submit(.enable(accepting: Set(Denomination.notes)))
        try await Task.sleep(for: .milliseconds(400))
        return (runner, events)
    }

    func fault(_ sim: KioskSimProcess, _ json: String) throws {
        let result = try sim.request("POST", "/fault", json: json)
        #expect(result.status == 200, "\(json): \(result.text)")
    }

    @Test func noteValidatorJamsFraudAndCashboxAreTypedFaults() async throws {
        let sim = try KioskSimProcess()
        let (runner, events) = try await noteValidator(sim)
        defer { runner.stop() }

        try fault(sim, #"{"device": "nv200", "fault": "stacking_jam_unsafe"}"#)
        #expect(try sim.request("POST", "/insert-note", json: #"{"value": 50000}"#).status == 200)
        try await events.wait(for: "escrow") { $0 == .noteEscrowed(.note500) }
        runner.submit(.accept)
        try await events.wait(for: "unsafe jam") { if case .fault(.unsafeJam) = $0 { true } else { false } }
        #expect(!events.all.contains { if case .noteCredited = $0 { true } else { false } }, "a jammed note is never credited")

        try fault(sim, #"{"device": "nv200", "fault": "fraud_attempt"}"#)
        try await events.wait(for: "fraud") { $0 == .fault(.fraudAttempt) }
        try fault(sim, #"{"device": "nv200", "fault": "cashbox_removed"}"#)
        try await events.wait(for: "cashbox removed") { $0 == .fault(.cashboxRemoved) }
        try fault(sim, #"{"device": "nv200", "fault": "stacker_full"}"#)
        try await events.wait(for: "stacker full") { $0 == .fault(.stackerFull) }
    }

    @Test func aSafeJamKeepsTheNoteUncredited() async throws {
        let sim = try KioskSimProcess()
        let (runner, events) = try await noteValidator(sim)
        defer { runner.stop() }
        try fault(sim, #"{"device": "nv200", "fault": "stacking_jam_safe"}"#)
        #expect(try sim.request("POST", "/insert-note", json: #"{"value": 20000}"#).status == 200)
        try await events.wait(for: "escrow") { $0 == .noteEscrowed(.note200) }
        runner.submit(.accept)
        try await events.wait(for: "safe jam") { if case .fault(.safeJam) = $0 { true } else { false } }
        #expect(!events.all.contains { if case .noteCredited = $0 { true } else { false } })
    }

    @Test func printerCoverOpenAndCardDeclineAndBusy() async throws {
        let sim = try KioskSimProcess()
        let printerLine = try #require(sim.endpoints["printer"] as? String)
        let configuration = PrinterConfiguration(pollInterval: .milliseconds(200), settleTime: .milliseconds(100))
        let printer = DriverRunner(machine: ESCPOSPrinterDriver(configuration: configuration)) {
            try SerialPort(path: printerLine, settings: configuration.serial)
        }
        let printed = EventCollector(printer.events)
        printer.start()
        defer { printer.stop() }
        try await printed.wait(for: "printer ready") { $0 == .ready }
        try fault(sim, #"{"device": "printer", "fault": "cover_open"}"#)
        try await printed.wait(for: "cover open") { $0 == .condition(.coverOpen) }

        let port = try #require(sim.endpoints["zvt_port"] as? Int)
        let card = DriverRunner(machine: try ZVTTerminalDriver()) { try TCPConnection(host: "127.0.0.1", port: UInt16(port), timeout: .seconds(2)) }
        let cardEvents = EventCollector(card.events)
        card.start()
        defer { card.stop() }
        try await cardEvents.wait(for: "terminal ready") { $0 == .ready }
        try fault(sim, #"{"device": "zvt", "fault": "decline", "code": 113}"#)
        card.submit(.pay(amount: Money(crowns: 100), reference: "D1"))
        try await cardEvents.wait(for: "decline") { if case .declined = $0 { true } else { false } }
        let zvt = (try sim.request("GET", "/state").json?["devices"] as? [String: Any])?["zvt"] as? [String: String]
        #expect(zvt?["charges"] == "0")
    }

    @Test func hopperEmptyMidPayoutReportsExactCounts() async throws {
        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"5000": 10}}"#).status == 200)
        try fault(sim, #"{"device": "cctalk", "fault": "hopper_empty_after", "value": 5000, "count": 2}"#)
        let line = try #require(sim.endpoints["cctalk"] as? String)
        let runner = DriverRunner(machine: CCTalkBusDriver(configuration: try CoinBusConfiguration(hoppers: [8: .coin50]))) {
            try SerialPort(path: line, settings: .ccTalk)
        }
        let events = EventCollector(runner.events)
        runner.start()
        defer { runner.stop() }
        try await events.wait(for: "ready") { $0 == .ready }
        runner.submit(.dispense(payoutID: "H1", denomination: .coin50, count: 5))
        try await events.wait(for: "interrupted") {
            $0 == .dispenseInterrupted(payoutID: "H1", paid: 2, unpaid: 3, reason: .hopperEmpty)
        }
        let tray = (try sim.request("GET", "/state").json?["ground_truth"] as? [String: Any]).flatMap { ($0["pieces"] as? [String: Any])?["payout_tray"] as? [String: Int] }
        #expect(tray?["5000"] == 2)
    }
}
