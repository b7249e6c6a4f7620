import Engine
import Foundation
import KioskShell
import Synchronization

/// Fans the engine's UI events out to every connected touchscreen stream (SSE). A slow client only
/// buffers its own newest events; it never holds up the engine.
public final class UIBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<UIStreamEvent>.Continuation]>([:])

    public init() {}

    /// A new stream for one client; it ends when the client goes away.
    public func subscribe() -> AsyncStream<UIStreamEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: UIStreamEvent.self, bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    public func publish(_ event: UIEvent) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets { continuation.yield(UIStreamEvent(event)) }
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Ends every stream (shutdown).
    public func finishAll() {
        let targets = subscribers.withLock { all in
            defer { all.removeAll() }
            return Array(all.values)
        }
        for continuation in targets { continuation.finish() }
    }
}

/// One UI event on the SSE stream: `event: screen` or `event: notice`, `data:` the screen or notice as JSON.
public struct UIStreamEvent: ServerSentEvent {
    public let event: UIEvent

    public init(_ event: UIEvent) { self.event = event }

    public var eventName: String {
        switch event {
        case .screen: "screen"
        case .notice: "notice"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch event {
        case .screen(let screen): try screen.encode(to: encoder)
        case .notice(let notice): try notice.encode(to: encoder)
        }
    }
}
