import Foundation
import Hummingbird
import KioskShell
import ServiceLifecycle
import Testing

struct InsertedEvent: ServerSentEvent, Equatable {
    let eventName: String
    let amount: Int64
    let note: String

    enum CodingKeys: String, CodingKey {
        case amount, note
    }
}

/// A router whose `/events` gives each client its own stream and hands the test that stream's
/// continuation, as kioskd's event hub will.
func eventsRouter(keepAlive: Duration) -> (Router<BasicRequestContext>, AsyncStream<AsyncStream<InsertedEvent>.Continuation>) {
    let (subscribers, subscriberContinuation) = AsyncStream<AsyncStream<InsertedEvent>.Continuation>.makeStream()
    let router = Router()
    router.get("events") { request, _ in
        let (events, continuation) = AsyncStream<InsertedEvent>.makeStream()
        subscriberContinuation.yield(continuation)
        return ServerSentEvents.response(to: request, events: events, keepAliveInterval: keepAlive)
    }
    return (router, subscribers)
}

/// The next value of `stream`, or nil when nothing arrives within `limit`.
func next<T: Sendable>(_ stream: AsyncStream<T>, within limit: Duration = .seconds(5)) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { var iterator = stream.makeAsyncIterator(); return await iterator.next() }
        group.addTask { try? await Task.sleep(for: limit); return nil }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

let eventsRequest = "GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n"

@Suite(.timeLimit(.minutes(1))) struct ServerSentEventsTests {
    @Test func frameFormat() {
        #expect(ServerSentEvents.frame(name: "inserted", json: Data("{\"amount\":200000}".utf8))
            == "event: inserted\ndata: {\"amount\":200000}\n\n")
        #expect(ServerSentEvents.frame(name: "bad\nname", json: Data("{}".utf8)) == "event: bad_name\ndata: {}\n\n")
        #expect(ServerSentEvents.keepAliveFrame == ": keep-alive\n\n")
    }

    @Test func eventsArriveInOrderWithKeepAlivesAndTheStreamEndsWhenTheEventsDo() async throws {
        let (router, subscribers) = eventsRouter(keepAlive: .milliseconds(50))
        try await withTCPServer(router) { port, _ in
            let client = try RawTCPClient(port: port)
            defer { client.closeSocket() }
            client.send(eventsRequest)
            let subscriber = try #require(await next(subscribers))
            subscriber.yield(InsertedEvent(eventName: "inserted", amount: 200_000, note: "2 000 Kč"))
            subscriber.yield(InsertedEvent(eventName: "change", amount: 76_600, note: "a/b"))
            let first = "event: inserted\ndata: {\"amount\":200000,\"note\":\"2 000 Kč\"}\n\n"
            let second = "event: change\ndata: {\"amount\":76600,\"note\":\"a/b\"}\n\n"
            let sawBoth = try await onOwnThread { client.read(until: { $0.contains(second) && $0.contains(first) }) }
            #expect(sawBoth)
            let text = client.text
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.lowercased().contains("\r\ncontent-type: text/event-stream\r\n"))
            #expect(text.lowercased().contains("\r\ncache-control: no-cache\r\n"))
            #expect(try #require(text.range(of: first)).upperBound <= (try #require(text.range(of: second))).lowerBound)

            let sawKeepAlive = try await onOwnThread { client.read(until: { $0.contains(ServerSentEvents.keepAliveFrame) }) }
            #expect(sawKeepAlive)

            subscriber.finish()
            let closed = try await onOwnThread { client.waitForClose() }
            #expect(closed)
            #expect(client.text.hasSuffix("\r\n0\r\n\r\n"))  // the chunked body ended properly
        }
    }

    @Test func clientDisconnectEndsTheSubscription() async throws {
        let (router, subscribers) = eventsRouter(keepAlive: .seconds(60))
        try await withTCPServer(router) { port, _ in
            let client = try RawTCPClient(port: port)
            client.send(eventsRequest)
            let subscriber = try #require(await next(subscribers))
            let (terminated, terminatedContinuation) = AsyncStream<Void>.makeStream()
            subscriber.onTermination = { _ in terminatedContinuation.yield() }
            subscriber.yield(InsertedEvent(eventName: "inserted", amount: 10_000, note: "100 Kč"))
            let sawEvent = try await onOwnThread { client.read(until: { $0.contains("event: inserted\n") }) }
            #expect(sawEvent)

            client.closeSocket()
            #expect(await next(terminated) != nil, "the publisher learns the client is gone")
        }
    }

    @Test func gracefulShutdownEndsOpenStreams() async throws {
        let (router, subscribers) = eventsRouter(keepAlive: .seconds(60))
        try await withTCPServer(router) { port, group in
            let client = try RawTCPClient(port: port)
            defer { client.closeSocket() }
            client.send(eventsRequest)
            let subscriber = try #require(await next(subscribers))
            subscriber.yield(InsertedEvent(eventName: "state", amount: 0, note: "idle"))
            let sawEvent = try await onOwnThread { client.read(until: { $0.contains("event: state\n") }) }
            #expect(sawEvent)

            await group.triggerGracefulShutdown()
            let closed = try await onOwnThread { client.waitForClose() }
            #expect(closed)
            #expect(client.text.hasSuffix("\r\n0\r\n\r\n"))
        }
    }
}
