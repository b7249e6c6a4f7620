import Logging
import ServiceLifecycle

/// Pings systemd's watchdog every `watchdogInterval` for as long as `isHealthy` says the daemon works,
/// and sends `STOPPING=1` when told to shut down. Does nothing but wait for shutdown when the watchdog
/// is off. Put it first in the ServiceGroup so it is shut down last and keeps pinging while the others
/// wind down.
public struct SystemdWatchdogService: Service {
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let isHealthy: @Sendable () async -> Bool

    /// - Parameter isHealthy: asked before each ping; return false when the engine loop is stuck, so
    ///   systemd restarts the daemon instead of a timer keeping a hung process "alive".
    public init(notifier: SystemdNotifier, logger: Logger, isHealthy: @escaping @Sendable () async -> Bool = { true }) {
        self.notifier = notifier
        self.logger = logger
        self.isHealthy = isHealthy
    }

    public func run() async throws {
        if let interval = notifier.watchdogInterval {
            do {
                try await cancelWhenGracefulShutdown { try await self.ping(every: interval) }
            } catch is CancellationError {
                // Graceful shutdown (or cancellation) ended the loop.
            }
        } else {
            try? await gracefulShutdown()  // returning early would end the whole ServiceGroup
        }
        do { try notifier.stopping() } catch {
            logger.warning("cannot tell systemd we are stopping", metadata: ["systemd.error": "\(error)"])
        }
    }

    private func ping(every interval: Duration) async throws {
        while true {
            if await isHealthy() {
                do { try notifier.watchdog() } catch {
                    logger.warning("watchdog ping failed", metadata: ["systemd.error": "\(error)"])
                }
            } else {
                logger.warning("health check failed; withholding the watchdog ping")
            }
            try await Task.sleep(for: interval)
        }
    }
}
