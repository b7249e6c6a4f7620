import Engine
import KioskShell
import Logging
import ServiceLifecycle

/// Runs the engine host inside the ServiceGroup: starts it (journal check, replay, boot, drivers), tells
/// systemd READY once recovery is over, keeps STATUS current, and stops the drivers on shutdown.
public struct EngineService: Service {
    private let host: EngineHost
    private let data: [DataUpdate]
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let statusInterval: Duration

    public init(host: EngineHost, data: [DataUpdate], notifier: SystemdNotifier, logger: Logger,
                statusInterval: Duration = .milliseconds(500)) {
        self.host = host
        self.data = data
        self.notifier = notifier
        self.logger = logger
        self.statusInterval = statusInterval
    }

    public func run() async throws {
        await host.start(data: data)
        do {
            try await cancelWhenGracefulShutdown { try await self.report() }
        } catch is CancellationError {
            // Graceful shutdown ended the status loop.
        }
        await host.stop()
        logger.info("engine stopped")
    }

    /// READY after recovery, then a STATUS line whenever the summary changes.
    private func report() async throws {
        var announcedReady = false
        var lastLine = ""
        while true {
            let snapshot = await host.snapshot()
            let line = Self.statusLine(snapshot)
            let recovered = snapshot.status.phase != "recovering" && snapshot.status.phase != "starting"
            if recovered && !announcedReady {
                announcedReady = true
                lastLine = line
                send { try notifier.ready(status: line) }
                logger.info("kioskd ready", metadata: ["engine.status": "\(line)"])
            } else if line != lastLine {
                lastLine = line
                send { try notifier.status(line) }
            }
            try await Task.sleep(for: statusInterval)
        }
    }

    private func send(_ body: () throws -> Void) {
        do { try body() } catch {
            logger.warning("cannot notify systemd", metadata: ["systemd.error": "\(error)"])
        }
    }

    /// `idle, in service, journal #42` or `halted, out of service: journal failure: …`.
    static func statusLine(_ snapshot: HostSnapshot) -> String {
        let service = snapshot.outOfServiceReasons.isEmpty && snapshot.status.inService
            ? "in service" : "out of service: " + snapshot.outOfServiceReasons.joined(separator: "; ")
        return "\(snapshot.status.phase), \(service), journal #\(snapshot.journalHead)"
    }
}
