import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import SyncProtocol
import TestSupport
import TownServer

/// Runs the real Hummingbird app on a free loopback port for the duration of `body`.
enum LoopbackServer {
    struct NoPort: Error {}

    static func run(clock: ManualClock, _ body: (URL, ServerStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: clock)
        var logger = Logger(label: "town-server-test")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = TownServerApp.make(store: store, logger: logger, port: 0) { port in continuation.yield(port) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else { throw NoPort() }
            do {
                try await body(url, store)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
        _ = directory
    }

    /// Sends exactly these bytes and headers (to replay a captured request).
    static func raw(_ base: URL, method: String, path: String, headers: [String: String], body: [UInt8]) async throws -> (Int, [UInt8]) {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if !body.isEmpty { request.httpBody = Data(body) }
        let result: Result<(Int, [UInt8]), any Error> = await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error { return continuation.resume(returning: .failure(error)) }
                continuation.resume(returning: .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data.map(Array.init) ?? [])))
            }.resume()
        }
        return try result.get()
    }
}
