import Foundation

/// A one-way "stop" signal shared between a controlling thread and a worker thread (driver runners,
/// simulator acceptors). Set once, read often; a lock keeps it honest under strict concurrency.
public final class StopFlag: @unchecked Sendable {
    // Safety: `value` only under `lock`.
    private let lock = NSLock()
    private var value = false

    public init() {}

    public var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    public func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
