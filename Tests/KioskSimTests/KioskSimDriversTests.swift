import DeviceIO
import Devices
import Foundation
import Testing
import TestSupport
import TownCore

/// Each device driven end to end: the real drivers on kiosk-sim's real ptys and TCP port, the citizen's
/// and technician's actions through the control API, checked against the simulator's ground truth.
@Suite(.serialized) struct KioskSimDriversTests {
    func path(_ sim: KioskSimProcess, _ key: String) throws -> String {
        try #require(sim.endpoints[key] as? String)
    }

    func pieces(_ sim: KioskSimProcess, at location: String) throws -> [String: Int] {
        let truth = try sim.request("GET", "/state").json?["ground_truth"] as? [String: Any]
        return (truth?["pieces"] as? [String: Any])?[location] as? [String: Int] ?? [:]
    }

    @Test func notesAreCreditedOnlyWhenStackedAndPaidOutExactly() async throws {
        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/levels", json: #"{"location": "recycler", "pieces": {"50000": 2, "20000": 2}}"#).status == 200)
        let line = try path(sim, "nv200")
        let runner = DriverRunner(machine: try NV200Driver()) { try SerialPort(path: line, settings: NV200Driver.serialPortSettings) }
        let events = EventCollector(runner.events)
        runner.start()
        defer { runner.stop() }
        try await events.wait(for: "ready") { $0 == .ready }
        runner.submit(.enable(accepting: Set(Denomination.notes)))
        try await Task.sleep(for: .milliseconds(400))

        #expect(try sim.request("POST", "/insert-note", json: #"{"value": 200000}"#).status == 200)
        try await events.wait(for: "2 000 Kč in escrow") { $0 == .noteEscrowed(.note2000) }
        #expect(!events.all.contains { if case .noteCredited = $0 { true } else { false } }, "no money on READ")
        runner.submit(.accept)
        try await events.wait(for: "credit") { if case .noteCredited(.note2000, _) = $0 { true } else { false } }

        #expect(try sim.request("POST", "/insert-note", json: #"{"value": 100000}"#).status == 200)
        try await events.wait(for: "1 000 Kč in escrow") { $0 == .noteEscrowed(.note1000) }
        runner.submit(.returnNote)
        try await events.wait(for: "returned") { if case .noteReturned = $0 { true } else { false } }

        runner.submit(.payout(payoutID: "V1", amount: Money(crowns: 700)))
        try await events.wait(for: "payout finished") { $0 == .payoutFinished(payoutID: "V1", paid: Money(crowns: 700)) }
        let taken = try sim.request("POST", "/take-tray").json?["taken"] as? [String: Int]
        #expect(taken == ["50000": 1, "20000": 1])
        #expect(events.all.filter { if case .noteCredited = $0 { true } else { false } }.count == 1)
        let stored = try pieces(sim, at: "recycler").merging(try pieces(sim, at: "cashbox")) { $0 + $1 }
        #expect(stored["200000"] == 1, "the credited note is inside the kiosk")
        #expect(try pieces(sim, at: "escrow").values.allSatisfy { $0 == 0 })
    }

    @Test func coinsAreCreditedAndDispensed() async throws {
        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"500": 10}}"#).status == 200)
        let line = try path(sim, "cctalk")
        let configuration = try CoinBusConfiguration(hoppers: [3: .coin1, 4: .coin2, 5: .coin5, 6: .coin10, 7: .coin20, 8: .coin50])
        let runner = DriverRunner(machine: CCTalkBusDriver(configuration: configuration)) { try SerialPort(path: line, settings: .ccTalk) }
        let events = EventCollector(runner.events)
        runner.start()
        defer { runner.stop() }
        try await events.wait(for: "ready") { $0 == .ready }
        runner.submit(.enableCoins(Set(Denomination.coins)))
        try await Task.sleep(for: .milliseconds(500))
        #expect(try sim.request("POST", "/insert-coin", json: #"{"value": 1000}"#).status == 200)
        #expect(try sim.request("POST", "/insert-coin", json: #"{"value": 2000, "genuine": false}"#).status == 200)
        try await events.wait(for: "10 Kč credit") { if case .coinCredited(.coin10, _) = $0 { true } else { false } }
        runner.submit(.dispense(payoutID: "C1", denomination: .coin5, count: 3))
        try await events.wait(for: "dispense finished") { $0 == .dispenseFinished(payoutID: "C1", paid: 3, unpaid: 0) }
        #expect(try sim.request("POST", "/take-tray").json?["taken"] as? [String: Int] == ["500": 3])
        #expect(events.all.filter { if case .coinCredited = $0 { true } else { false } }.count == 1, "the counterfeit was not credited")
        #expect(try pieces(sim, at: "hopper")["500"] == 7)
    }

    @Test func receiptsPrintWithCzechTextAndPaperOutIsRefused() async throws {
        let sim = try KioskSimProcess()
        let line = try path(sim, "printer")
        let configuration = PrinterConfiguration(pollInterval: .milliseconds(200), settleTime: .milliseconds(100))
        let runner = DriverRunner(machine: ESCPOSPrinterDriver(configuration: configuration)) {
            try SerialPort(path: line, settings: configuration.serial)
        }
        let events = EventCollector(runner.events)
        runner.start()
        defer { runner.stop() }
        try await events.wait(for: "ready") { $0 == .ready }
        let job = PrintJob(id: PrintJobID("R1"), lines: [PrintLine("Městský úřad Holešov", alignment: .center, bold: true),
                                                         PrintLine("Poplatek ze psa  1 234,00 Kč")],
                           qrPayload: "SPD*1.0*ACC:CZ6508000000192000145399*AM:1234.00*CC:CZK")
        runner.submit(.print(job))
        try await events.wait(for: "printed") { $0 == .printed(PrintJobID("R1")) }
        let receipts = try sim.request("GET", "/receipts").json?["receipts"] as? [String]
        #expect(receipts?.first?.contains("Městský úřad Holešov") == true)
        #expect(receipts?.first?.contains("Poplatek ze psa  1 234,00 Kč") == true)

        #expect(try sim.request("POST", "/fault", json: #"{"device": "printer", "fault": "paper_out"}"#).status == 200)
        runner.submit(.print(PrintJob(id: PrintJobID("R2"), lines: [PrintLine("nic")])))
        try await events.wait(for: "refused") { if case .printFailed(PrintJobID("R2"), _) = $0 { true } else { false } }
        #expect((try sim.request("GET", "/receipts").json?["receipts"] as? [String])?.count == 1)
    }

    @Test func cardPaymentsAreChargedOnceEvenWhenTheCompletionIsLost() async throws {
        let sim = try KioskSimProcess()
        let port = try #require(sim.endpoints["zvt_port"] as? Int)
        // Short completion timeout so the lost completion is noticed in seconds, not the real 180 s.
        let configuration = ZVTTerminalConfiguration(completionTimeout: .seconds(3), retryDelay: .milliseconds(300),
                                                     recoveryDeadline: .seconds(20))
        let runner = DriverRunner(machine: try ZVTTerminalDriver(configuration: configuration)) {
            try TCPConnection(host: "127.0.0.1", port: UInt16(port), timeout: .seconds(2))
        }
        let events = EventCollector(runner.events)
        runner.start()
        defer { runner.stop() }
        try await events.wait(for: "ready") { $0 == .ready }
        runner.submit(.pay(amount: Money(halere: 12_340), reference: "T1"))
        try await events.wait(for: "approval") { if case .approved(let result) = $0 { result.reference == "T1" } else { false } }

        #expect(try sim.request("POST", "/fault", json: #"{"device": "zvt", "fault": "lost_completion"}"#).status == 200)
        runner.submit(.pay(amount: Money(halere: 50_000), reference: "T2"))
        let outcome = try await events.wait(for: "T2 outcome", limit: .seconds(40)) { event in
            switch event {
            case .approved(let result): result.reference == "T2"
            case .outcomeUnknown, .declined: true
            default: false
            }
        }
        if case .approved(let result) = outcome { #expect(result.recoveredAfterLostResponse) }
        let zvt = try #require((try sim.request("GET", "/state").json?["devices"] as? [String: Any])?["zvt"] as? [String: String])
        #expect(zvt["charges"] == "2", "two payments, two charges — never a third")
        #expect(zvt["net_charged_halere"] == "62340")
    }
}
