import DeviceProtocols
import Devices
import Foundation
import KioskSimCore

/// Status bytes as an Epson printer sends them (protocols.md §4: form 0xx1xx10, all-OK 0x12).
enum PrinterStatusByte {
    static let ok: UInt8 = 0x12
    /// DLE EOT 1 with the offline bit.
    static let offline: UInt8 = 0x1A
    /// DLE EOT 2: cover open / stopped by paper end / error occurred.
    static let coverOpen: UInt8 = 0x16
    static let stoppedByPaperEnd: UInt8 = 0x32
    static let errorOccurred: UInt8 = 0x52
    /// DLE EOT 3: autocutter error.
    static let autocutterError: UInt8 = 0x1A
    /// DLE EOT 4 (Epson): near end, and paper end (with near end, as the near-end sensor also sees no paper).
    static let nearEnd: UInt8 = 0x1E
    static let paperOut: UInt8 = 0x7E
}

enum PrinterRequest {
    static let printer: [UInt8] = [0x10, 0x04, 0x01]
    static let offlineCause: [UInt8] = [0x10, 0x04, 0x02]
    static let errorCause: [UInt8] = [0x10, 0x04, 0x03]
    static let paperSensor: [UInt8] = [0x10, 0x04, 0x04]
}

/// Test configuration: fast polls so scripts stay short; everything else default.
func printerTestConfiguration(chunkSize: Int = 256) -> PrinterConfiguration {
    PrinterConfiguration(pollInterval: .seconds(2), statusTimeout: .milliseconds(500),
                         resyncQuietTime: .milliseconds(200), statusRetries: 2, chunkSize: chunkSize,
                         settleTime: .milliseconds(500))
}

let printerCzechLines: [PrintLine] = [
    PrintLine("Městský úřad Dolní Lhota", alignment: .center, bold: true, large: true),
    PrintLine("Příjmový doklad č. 2025/000123", alignment: .center),
    PrintLine(""),
    PrintLine("Poplatek ze psa — 1 234,00 Kč"),
    PrintLine("Příliš žluťoučký kůň úpěl ďábelské ódy"),
    PrintLine("PŘÍLIŠ ŽLUŤOUČKÝ KŮŇ ÚPĚL ĎÁBELSKÉ ÓDY"),
    PrintLine("Celkem: 1 234,00 Kč", alignment: .right, bold: true),
]

/// What the paper shows: CP852 has no "—", which prints as "-" (the codec's documented fallback).
let printerCzechPrinted: [String] = printerCzechLines.map { $0.text.replacingOccurrences(of: "—", with: "-") }

let printerSpaydPayload = "SPD*1.0*ACC:CZ6508000000192000145399*AM:1234.00*CC:CZK*MSG:POPLATEK ZE PSA*X-VS:1341000123"

/// A pure machine under a hand-moved clock, with every event it emitted.
struct PrinterScript {
    var driver: ESCPOSPrinterDriver
    var now: Duration = .zero
    var events: [PrinterEvent] = []

    init(_ configuration: PrinterConfiguration = printerTestConfiguration()) {
        driver = ESCPOSPrinterDriver(configuration: configuration)
        events += driver.start(at: now)
    }

    mutating func handle(_ command: PrinterCommand) { events += driver.handle(command, at: now) }

    mutating func step() -> DriverStep { driver.nextStep(at: now) }

    /// Feeds a reply; returns whether the machine took it as complete.
    @discardableResult
    mutating func reply(_ bytes: [UInt8]) -> Bool {
        let reaction = driver.received(bytes, at: now)
        events += reaction.events
        return reaction.replyComplete
    }

    mutating func timeOut(after duration: Duration) {
        now += duration
        events += driver.timedOut(at: now)
    }

    /// Takes the events seen so far and clears the list.
    mutating func takeEvents() -> [PrinterEvent] {
        defer { events = [] }
        return events
    }
}

/// The driver and the simulated printer joined in memory. Every byte crosses one at a time in both
/// directions, and bytes the driver does not read stay on the "wire" for later reads, as on a real line.
struct PrinterBackToBack {
    var driver: ESCPOSPrinterDriver
    let printer: SimulatedReceiptPrinter
    var now: Duration = .zero
    var events: [PrinterEvent] = []
    /// The printer's replies are lost while true (a dead printer or a cut cable).
    var silent = false
    /// Frames and chunks the driver wrote, in order.
    var written: [DriverStep] = []
    private var toHost: [UInt8] = []

    init(_ configuration: PrinterConfiguration = printerTestConfiguration(), printer: SimulatedReceiptPrinter = SimulatedReceiptPrinter()) {
        driver = ESCPOSPrinterDriver(configuration: configuration)
        self.printer = printer
        events += driver.start(at: now)
    }

    mutating func submit(_ command: PrinterCommand) { events += driver.handle(command, at: now) }

    /// Runs steps until `done` holds for the events so far; false if `maxSteps` ran out first.
    @discardableResult
    mutating func run(maxSteps: Int = 5_000, until done: ([PrinterEvent]) -> Bool) -> Bool {
        for _ in 0..<maxSteps {
            if done(events) { return true }
            perform(driver.nextStep(at: now))
        }
        return done(events)
    }

    /// Runs until the job has an outcome and returns it.
    mutating func outcome(of id: PrintJobID) -> PrinterEvent? {
        run { $0.contains { $0.isOutcome(of: id) } }
        return events.first { $0.isOutcome(of: id) }
    }

    private mutating func perform(_ step: DriverStep) {
        switch step {
        case let .exchange(frame, timeout):
            written.append(step)
            deliverToPrinter(frame)
            readReply(timeout: timeout)
        case let .receive(timeout):
            readReply(timeout: timeout)
        case let .send(bytes):
            written.append(step)
            deliverToPrinter(bytes)
        case let .idle(duration):
            now += max(duration, .milliseconds(1))
        }
    }

    private mutating func deliverToPrinter(_ bytes: [UInt8]) {
        for byte in bytes {
            let reply = printer.receive([byte], at: now)
            if !silent { toHost += reply }
        }
    }

    private mutating func readReply(timeout: Duration) {
        while !toHost.isEmpty {
            let byte = toHost.removeFirst()
            let reaction = driver.received([byte], at: now)
            events += reaction.events
            if reaction.replyComplete { return }
        }
        now += timeout
        events += driver.timedOut(at: now)
    }
}

extension PrinterEvent {
    func isOutcome(of id: PrintJobID) -> Bool {
        switch self {
        case let .printed(printed): printed == id
        case let .printFailed(failed, _): failed == id
        case .ready, .condition, .fault: false
        }
    }
}

extension DriverStep {
    var printerSentBytes: [UInt8]? {
        if case let .send(bytes) = self { bytes } else { nil }
    }

    var printerFrame: [UInt8]? {
        if case let .exchange(frame, _) = self { frame } else { nil }
    }
}
