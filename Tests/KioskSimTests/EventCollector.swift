import Devices
import Foundation

/// Collects a runner's events so a test can wait until one matching a condition has arrived.
final class EventCollector<Event: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<Event>) {
        task = Task { [weak self] in for await event in stream { self?.append(event) } }
    }

    private func append(_ event: Event) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var all: [Event] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    /// Waits until some event satisfies `match` and returns it; the limit only guards against a hung test.
    @discardableResult
    func wait(for what: String, limit: Duration = .seconds(60), _ match: (Event) -> Bool) async throws -> Event {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let found = all.first(where: match) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(description: "no \(what) within \(limit); saw \(all)")
    }
}
