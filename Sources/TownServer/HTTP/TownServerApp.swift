import Hummingbird
import Logging
import SyncProtocol

/// Builds the town server's HTTP application on a store.
///
/// ```swift
/// let store = try ServerStore(config: config, clock: ServerClock.wall)
/// try await TownServerApp.make(store: store, logger: logger).runService()
/// ```
public enum TownServerApp {
    public static func router(store: ServerStore, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/health") { _, _ in HTTPAnswer.json(["status": "ok"]) }
        SyncRoutes(store: store, logger: logger).register(on: router)
        EconRoutes(store: store, logger: logger).register(on: router)
        return router
    }

    /// - Parameters:
    ///   - port: overrides the config's port (0 = any free port; `onServerRunning` reports the bound one).
    public static func make(store: ServerStore, logger: Logger, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let config = store.config
        return Application(
            router: router(store: store, logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(config.host, port: port ?? config.port), serverName: "town-server"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// The server's clock in unix milliseconds.
public enum ServerClock {
    public static let wall: @Sendable () -> Int64 = SignedHTTPClient.wallClockMilliseconds
}
