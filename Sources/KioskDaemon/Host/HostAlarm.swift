import Dispatch

/// One re-armable wake-up for the engine's timers. The host keeps every timer's deadline itself and sets the
/// alarm to the earliest; re-arming or cancelling leaves nothing behind (a cancelled `Task.sleep` keeps its
/// task and dispatch timer alive until the original deadline, which piled up ~1 KB per transaction).
public protocol HostAlarm: Sendable {
    /// Rings once after `delay`, replacing any earlier setting.
    func ring(after delay: Duration)
    /// Rings no more until set again.
    func silence()
}

/// A dispatch timer source on its own serial queue: `ring` calls the handler there.
final class DispatchAlarm: HostAlarm, @unchecked Sendable {
    // A dispatch source is thread-safe; `@unchecked` because the overlay does not mark it Sendable.
    private let source: any DispatchSourceTimer

    init(label: String, handler: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: label))
        source.setEventHandler(handler: handler)
        source.schedule(deadline: .distantFuture)
        source.activate()
    }

    deinit { source.cancel() }

    func ring(after delay: Duration) {
        let (seconds, attoseconds) = delay.components
        // A year bounds any engine timer and keeps the nanosecond count far from overflow.
        let nanoseconds = min(max(0, seconds), 31_536_000) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        source.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)), leeway: .milliseconds(5))
    }

    func silence() { source.schedule(deadline: .distantFuture) }
}
