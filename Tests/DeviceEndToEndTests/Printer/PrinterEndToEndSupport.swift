import DeviceIO
import Devices
import Foundation
import KioskSimCore
import Testing

/// The driver in a real `DriverRunner` on the slave of a pty, the simulated printer in a `SimDeviceHost` on
/// the master: real ttys, real threads, the bytes a real printer would see.
final class PrinterRig: Sendable {
    let host: SimDeviceHost<SimulatedReceiptPrinter>
    let runner: DriverRunner<ESCPOSPrinterDriver>
    let log = PrinterEventLog()
    private let pty: PseudoTerminal
    private let collector: Task<Void, Never>

    /// Quick polls and short timeouts keep the tests at a fraction of a second each.
    static let configuration = PrinterConfiguration(
        pollInterval: .milliseconds(100), statusTimeout: .milliseconds(200), resyncQuietTime: .milliseconds(50),
        settleTime: .milliseconds(50))

    init(configuration: PrinterConfiguration = PrinterRig.configuration,
         prepare: (SimulatedReceiptPrinter) -> Void = { _ in }) throws {
        let printer = SimulatedReceiptPrinter()
        prepare(printer)
        pty = try PseudoTerminal()
        host = SimDeviceHost(device: printer)
        host.serveInBackground(pty)
        let path = pty.slavePath
        let serial = configuration.serial
        runner = DriverRunner(machine: ESCPOSPrinterDriver(configuration: configuration)) {
            try SerialPort(path: path, settings: serial)
        }
        let events = runner.events
        let log = log
        collector = Task { for await event in events { await log.append(event) } }
        runner.start()
    }

    /// Stops the runner (its event stream then ends), then the simulator, then closes the pty.
    func shutDown() async {
        runner.stop()
        await collector.value
        host.stop()
        try? pty.close()
    }

    func printer<Result>(_ body: (SimulatedReceiptPrinter) -> Result) -> Result { host.withDevice(body) }
}

/// Every event the runner emitted, in order.
actor PrinterEventLog {
    private(set) var events: [PrinterEvent] = []

    func append(_ event: PrinterEvent) { events.append(event) }

    /// Waits until an event from index `start` on satisfies `match` and returns it; the limit only guards
    /// against a hung test.
    func first(from start: Int = 0, limit: Duration = .seconds(60),
               where match: @Sendable (PrinterEvent) -> Bool) async throws -> PrinterEvent {
        let deadline = ContinuousClock.now + limit
        while true {
            if let found = events.dropFirst(start).first(where: match) { return found }
            guard ContinuousClock.now < deadline else {
                throw PrinterRigTimeout(waitedFor: limit, seen: events)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the outcome of job `id`.
    func outcome(of id: PrintJobID) async throws -> PrinterEvent {
        try await first { event in
            switch event {
            case let .printed(printed): printed == id
            case let .printFailed(failed, _): failed == id
            case .ready, .condition, .fault: false
            }
        }
    }
}

struct PrinterRigTimeout: Error, CustomStringConvertible {
    let waitedFor: Duration
    let seen: [PrinterEvent]
    var description: String { "no matching printer event within \(waitedFor); seen: \(seen)" }
}

enum PrinterEndToEndFixtures {
    static let lines: [PrintLine] = [
        PrintLine("Městský úřad Dolní Lhota", alignment: .center, bold: true, large: true),
        PrintLine("Poplatek ze psa — 1 234,00 Kč"),
        PrintLine("Příliš žluťoučký kůň úpěl ďábelské ódy"),
        PrintLine("Celkem: 1 234,00 Kč", alignment: .right, bold: true),
    ]
    /// CP852 has no "—": the codec prints "-" (its documented fallback); everything else arrives as sent.
    static let printed: [String] = [
        "Městský úřad Dolní Lhota",
        "Poplatek ze psa - 1 234,00 Kč",
        "Příliš žluťoučký kůň úpěl ďábelské ódy",
        "Celkem: 1 234,00 Kč",
    ]
}
