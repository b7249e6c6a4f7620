import DeviceIO
import Devices
import Foundation
import TownCore

/// All four drivers polling a separate kiosk-sim process at their normal rates: the CPU this process
/// spends, and the SSP poll round trip beside the time the same bytes take on a 9600-baud line.
enum IdlePollBenchmark {
    struct Figures {
        let idleCPUPercent: Double
        let sleepingCPUPercent: Double
        let sspRoundTripsMs: [Double]
        let sspWireMs: [Double]
    }

    static func run(seconds: Int) throws -> Figures {
        let sim = try SimulatorProcess.start()
        defer { sim.stop() }

        // Baseline in the same run: this process doing nothing for a while.
        let sleeping = try cpuPercent(over: .seconds(min(5, seconds))) {}

        let exchanges = SSPExchangeLog()
        let noteValidator = DriverRunner(machine: try NV200Driver(), trace: { direction, bytes in
            exchanges.record(direction: direction, bytes: bytes)
        }) { try SerialPort(path: sim.endpoints.nv200, settings: NV200Driver.serialPortSettings) }
        let coinBus = DriverRunner(machine: CCTalkBusDriver(configuration: try CoinBusConfiguration(hoppers: [3: .coin1, 4: .coin2, 5: .coin5, 6: .coin10, 7: .coin20, 8: .coin50]))) {
            try SerialPort(path: sim.endpoints.ccTalk, settings: .ccTalk)
        }
        let printer = DriverRunner(machine: ESCPOSPrinterDriver(configuration: PrinterConfiguration())) {
            try SerialPort(path: sim.endpoints.printer, settings: PrinterConfiguration.defaultSerial)
        }
        let port = UInt16(sim.endpoints.zvtPort)
        let card = DriverRunner(machine: try ZVTTerminalDriver()) { try TCPConnection(host: "127.0.0.1", port: port, timeout: .seconds(2)) }
        let drains = [drain(noteValidator.events), drain(coinBus.events), drain(printer.events), drain(card.events)]
        noteValidator.start()
        coinBus.start()
        printer.start()
        card.start()
        // Acceptors enabled, as when the kiosk waits for a citizen's cash: the busiest idle there is.
        noteValidator.submit(.enable(accepting: Set(Denomination.notes)))
        coinBus.submit(.enableCoins(Set(Denomination.coins)))
        Thread.sleep(forTimeInterval: 2)

        let polling = try cpuPercent(over: .seconds(seconds)) {}
        noteValidator.stop()
        coinBus.stop()
        printer.stop()
        card.stop()
        drains.forEach { $0.cancel() }
        let (roundTrips, wire) = exchanges.figures()
        return Figures(idleCPUPercent: polling, sleepingCPUPercent: sleeping, sspRoundTripsMs: roundTrips, sspWireMs: wire)
    }

    private static func drain<Event: Sendable>(_ events: AsyncStream<Event>) -> Task<Void, Never> {
        Task { for await _ in events {} }
    }

    /// Process CPU time (user + system) over `duration` of wall time, as a percentage of one core.
    private static func cpuPercent(over duration: Duration, _ body: () -> Void) throws -> Double {
        let before = processCPUSeconds()
        let start = ContinuousClock.now
        body()
        Thread.sleep(forTimeInterval: Double(duration.components.seconds))
        let wall = Report.microseconds(start.duration(to: .now)) / 1_000_000
        return (processCPUSeconds() - before) / wall * 100
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Pairs each frame written to the NV200 with the reply bytes that followed it.
final class SSPExchangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var sentAt: ContinuousClock.Instant?
    private var sentBytes = 0
    private var lastReplyAt: ContinuousClock.Instant?
    private var replyBytes = 0
    private var roundTrips: [Double] = []
    private var wire: [Double] = []

    func record(direction: DriverRunner<NV200Driver>.TraceDirection, bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        switch direction {
        case .toDevice:
            closeExchange()
            sentAt = now
            sentBytes = bytes.count
        case .fromDevice:
            lastReplyAt = now
            replyBytes += bytes.count
        }
    }

    private func closeExchange() {
        if let sentAt, let lastReplyAt, lastReplyAt > sentAt {
            roundTrips.append(Report.microseconds(sentAt.duration(to: lastReplyAt)) / 1_000)
            // SSP is 9600 baud, 8 data bits, no parity, 2 stop bits: 11 bits per byte.
            wire.append(Double(sentBytes + replyBytes) * 11 / 9_600 * 1_000)
        }
        sentAt = nil
        lastReplyAt = nil
        replyBytes = 0
    }

    func figures() -> ([Double], [Double]) {
        lock.lock()
        defer { lock.unlock() }
        return (roundTrips.sorted(), wire.sorted())
    }
}
