import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// kioskd's control API for kioskctl: HTTP on a Unix socket whose file gets `mode` (and `group`) right
/// after binding, before the first request is served. A stale socket file from a crash is removed at
/// start; the socket file is removed again at shutdown.
public struct ControlSocketServer<Context: RequestContext>: Service where Context.Source == ApplicationRequestContextSource {
    public struct Settings: Sendable, Equatable {
        public var socketPath: String
        public var mode: UInt32
        public var group: String?

        public init(socketPath: String, mode: UInt32 = 0o660, group: String? = nil) {
            self.socketPath = socketPath
            self.mode = mode
            self.group = group
        }

        public init(_ control: KioskConfig.Control) {
            self.init(socketPath: control.socketPath, mode: control.mode, group: control.group)
        }
    }

    private let responder: RouterResponder<Context>
    private let settings: Settings
    private let logger: Logger
    private let onReady: @Sendable () async -> Void

    /// - Parameter onReady: called once the socket accepts requests with its final permissions.
    public init(router: Router<Context>, settings: Settings, logger: Logger,
                onReady: @escaping @Sendable () async -> Void = {}) {
        self.responder = router.buildResponder()
        self.settings = settings
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let path = settings.socketPath
        let group = try settings.group.map { name throws(ControlSocketError) in (name, try ControlSocketFile.groupID(named: name)) }
        try ControlSocketFile.createParentDirectory(of: path)
        try ControlSocketFile.removeStale(at: path)
        defer { ControlSocketFile.remove(at: path) }

        let permissionFailure = Mutex<ControlSocketError?>(nil)
        let (settings, logger, onReady) = (settings, logger, onReady)
        let app = Application(
            responder: responder,
            configuration: .init(address: .unixDomainSocket(path: path), serverName: "kioskd"),
            onServerRunning: { channel in
                // Runs before the server accepts its first connection.
                do throws(ControlSocketError) {
                    try ControlSocketFile.applyPermissions(path: path, mode: settings.mode, group: group)
                    logger.info("control socket ready", metadata: [
                        "control.socket_path": "\(path)", "control.mode": "\(String(settings.mode, radix: 8))",
                        "control.group": "\(settings.group ?? "-")",
                    ])
                    await onReady()
                } catch {
                    permissionFailure.withLock { $0 = error }
                    try? await channel.close().get()
                }
            },
            logger: logger
        )
        do {
            try await app.run()
        } catch {
            if let failure = permissionFailure.withLock({ $0 }) { throw failure }
            throw error
        }
        if let failure = permissionFailure.withLock({ $0 }) { throw failure }
    }
}
