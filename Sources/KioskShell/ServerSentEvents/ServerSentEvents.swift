import Foundation
import Hummingbird
import ServiceLifecycle

/// An event for the touchscreen's live stream: its `eventName` becomes the SSE `event:` field and the
/// value itself, as JSON, the `data:` field.
public protocol ServerSentEvent: Encodable, Sendable {
    var eventName: String { get }
}

/// Server-sent events (`text/event-stream`) over Hummingbird.
public enum ServerSentEvents {
    public static let contentType = "text/event-stream"
    /// A comment line: ignored by EventSource, but it keeps proxies and idle timers from closing the
    /// connection and makes a vanished client show up as a failed write.
    public static let keepAliveFrame = ": keep-alive\n\n"

    /// `event: <name>\ndata: <json>\n\n`. JSON from `JSONEncoder` has no raw line breaks, so one `data:`
    /// line carries it; line breaks in the name are replaced so they cannot end the frame early.
    public static func frame(name: String, json: Data) -> String {
        let safeName = String(name.map { $0.isNewline ? "_" : $0 })
        return "event: \(safeName)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
    }

    /// A streaming response that writes each event of `events` as it arrives and a keep-alive comment
    /// every `keepAliveInterval`. It ends cleanly when `events` finishes, when the client disconnects
    /// (iteration of `events` is then cancelled, so its `onTermination` tells the publisher) or when the
    /// service group shuts down gracefully.
    ///
    /// `events` must be this client's own stream: an `AsyncStream` supports a single consumer.
    public static func response<Event: ServerSentEvent>(
        to request: Request, events: AsyncStream<Event>, keepAliveInterval: Duration = .seconds(15)
    ) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await pump(events, keepAliveInterval: keepAliveInterval, into: &writer)
                }
            } catch is CancellationError {
                return  // the client went away; nothing left to write to
            }
            try await writer.finish(nil)
        })
    }

    /// Merges events and keep-alive ticks into one ordered sequence of frames and writes it. Returns when
    /// the events end or graceful shutdown begins; is cancelled when the client disconnects.
    private static func pump<Event: ServerSentEvent>(
        _ events: AsyncStream<Event>, keepAliveInterval: Duration, into writer: inout any ResponseBodyWriter
    ) async throws {
        let (frames, output) = AsyncStream<String>.makeStream()
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // An event that cannot be encoded ends the stream; EventSource reconnects and the UI
                    // fetches the state afresh.
                    defer { output.finish() }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                    for await event in events {
                        output.yield(frame(name: event.eventName, json: try encoder.encode(event)))
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: keepAliveInterval)
                        output.yield(keepAliveFrame)
                    }
                }
                for await frame in frames {
                    try await writer.write(ByteBuffer(string: frame))
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            output.finish()
        }
    }
}
