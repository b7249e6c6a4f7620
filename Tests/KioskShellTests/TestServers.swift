import Hummingbird
import Logging
import ServiceLifecycle

/// Tests keep their output quiet; assertions, not logs, say what happened.
let quietLogger = Logger(label: "kioskshell-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `router` on 127.0.0.1 (a free port) in a ServiceGroup for the duration of `body`, then shuts
/// it down gracefully and waits for it to stop.
func withTCPServer(
    _ router: Router<BasicRequestContext>,
    _ body: @Sendable (_ port: Int, _ group: ServiceGroup) async throws -> Void
) async throws {
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
        logger: quietLogger
    )
    let group = ServiceGroup(configuration: .init(services: [app], logger: quietLogger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw SocketTestError("server did not report a port") }
        do {
            try await body(port, group)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
